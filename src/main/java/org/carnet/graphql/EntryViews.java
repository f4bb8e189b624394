package org.carnet.graphql;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.carnet.core.Jurisdiction;
import org.carnet.record.Entry;
import org.carnet.record.content.EntryContent;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts between the record's entries and GraphQL's shapes: an entry is served as a map of its content fields
 * plus {@code id}, {@code supersedes} and {@code recorded}; an input map becomes an entry's content.
 */
final class EntryViews {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
	};

	private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
		@Override
		protected RecordComponent[] computeValue(Class<?> type) {
			return type.getRecordComponents();
		}
	};

	private EntryViews() {
	}

	/** An entry as GraphQL serves it; nested records, enums and dates are left to GraphQL's own fetchers and scalars. */
	static Map<String, Object> view(Entry entry) {
		Map<String, Object> view = fields(entry.content());
		view.put("id", entry.id().toString());
		view.put("supersedes", entry.supersedes().map(Object::toString).orElse(null));
		view.put("recorded", Map.of("at", entry.recordedAt().atOffset(java.time.ZoneOffset.UTC), "by",
				entry.recordedBy(), "country", entry.recordedIn().code(), "source", entry.source().name()));
		return view;
	}

	/**
	 * The components of a content record by name, read through their accessors (cached per type): the same keys
	 * a JSON conversion would give, at a fraction of its cost, and dates stay dates (no text parsed back).
	 */
	private static Map<String, Object> fields(EntryContent content) {
		if (!(content instanceof Record)) {
			return JSON.convertValue(content, MAP);
		}
		RecordComponent[] components = COMPONENTS.get(content.getClass());
		Map<String, Object> fields = new LinkedHashMap<>(components.length * 2 + 6);
		for (RecordComponent component : components) {
			try {
				fields.put(component.getName(), component.getAccessor().invoke(content));
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("Cannot read " + component.getName() + " of an entry", ex);
			}
		}
		return fields;
	}

	static List<Map<String, Object>> views(List<Entry> entries) {
		return entries.stream().map(EntryViews::view).toList();
	}

	/** The content of an input, without the entry options ({@code supersedes}, {@code source}). */
	static <T> T content(Map<String, Object> input, Class<T> type) {
		Map<String, Object> fields = plain(input);
		fields.remove("supersedes");
		fields.remove("source");
		return JSON.convertValue(fields, type);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> plain(Map<String, Object> input) {
		Map<String, Object> copy = new LinkedHashMap<>();
		input.forEach((key, value) -> copy.put(key, plainValue(value)));
		return copy;
	}

	@SuppressWarnings("unchecked")
	private static Object plainValue(Object value) {
		if (value instanceof Jurisdiction jurisdiction) {
			return jurisdiction.code();
		}
		if (value instanceof Map<?, ?> map) {
			return plain((Map<String, Object>) map);
		}
		if (value instanceof List<?> list) {
			return list.stream().map(EntryViews::plainValue).toList();
		}
		return value;
	}
}
