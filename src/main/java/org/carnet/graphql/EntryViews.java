package org.carnet.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.carnet.core.Jurisdiction;
import org.carnet.record.Entry;
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

	private EntryViews() {
	}

	static Map<String, Object> view(Entry entry) {
		Map<String, Object> view = JSON.convertValue(entry.content(), MAP);
		view.put("id", entry.id().toString());
		view.put("supersedes", entry.supersedes().map(Object::toString).orElse(null));
		view.put("recorded", Map.of("at", entry.recordedAt().atOffset(java.time.ZoneOffset.UTC), "by",
				entry.recordedBy(), "country", entry.recordedIn().code(), "source", entry.source().name()));
		return view;
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
