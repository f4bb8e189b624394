package org.carnet.graphql;

import java.lang.reflect.RecordComponent;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.LightDataFetcher;
import graphql.schema.PropertyDataFetcher;
import graphql.schema.idl.RuntimeWiring;

import org.carnet.core.Jurisdiction;
import org.carnet.record.Entry;
import org.carnet.record.Section;
import org.carnet.record.content.EntryContent;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/**
 * How the record's entries are served. A read serves the {@link Entry} itself: the fields of the entry types
 * ({@code Allergy}, {@code Identity}, ...) read its content record, except {@code id}, {@code supersedes} and
 * {@code recorded} ({@link Provenance}), which come from the entry. These fetchers do no I/O and are light: graphql-java
 * builds no fetching environment for them, Spring propagates no context around them.
 * <p>
 * The write mutations still answer an entry as a map ({@link #view}) and take their input as one ({@link #content});
 * the same fetchers serve those maps.
 */
@Component
class EntryViews implements RuntimeWiringConfigurer {

	/** The schema's type of the entries of each section. */
	private static final Map<Section, String> TYPES = Map.ofEntries(Map.entry(Section.IDENTITY, "Identity"),
			Map.entry(Section.ALLERGY, "Allergy"), Map.entry(Section.MEDICATION, "Medication"),
			Map.entry(Section.CONDITION, "Condition"), Map.entry(Section.VACCINATION, "Vaccination"),
			Map.entry(Section.INFECTIOUS_DISEASE_SCREENING, "InfectiousDiseaseScreening"),
			Map.entry(Section.MENTAL_HEALTH_ASSESSMENT, "MentalHealthAssessment"),
			Map.entry(Section.REPRODUCTIVE_HEALTH, "ReproductiveHealthEntry"), Map.entry(Section.VITAL_SIGN, "VitalSign"),
			Map.entry(Section.BLOOD_GROUP, "BloodGroup"), Map.entry(Section.LAB_RESULT, "LabResult"),
			Map.entry(Section.ENCOUNTER, "Encounter"));

	/** Who recorded an entry, when, where and from what source (the schema's {@code Provenance}). */
	record Provenance(OffsetDateTime at, String by, String country, String source) {

		static Provenance of(Entry entry) {
			return new Provenance(entry.recordedAt().atOffset(ZoneOffset.UTC), entry.recordedBy(),
					entry.recordedIn().code(), entry.source().name());
		}
	}

	@Override
	public void configure(RuntimeWiring.Builder builder) {
		TYPES.values().forEach(type -> builder.type(type, wiring -> wiring.defaultDataFetcher(new EntryField())));
	}

	/** A field of an entry type: the entry's own for id, supersedes and recorded, else its content's. */
	private static final class EntryField implements LightDataFetcher<Object> {

		private final Map<String, PropertyDataFetcher<Object>> properties = new ConcurrentHashMap<>();

		@Override
		public Object get(GraphQLFieldDefinition field, Object source, Supplier<DataFetchingEnvironment> env)
				throws Exception {
			String name = field.getName();
			if (source instanceof Entry entry) {
				switch (name) {
					case "id":
						return entry.id().toString();
					case "supersedes":
						return entry.supersedes().map(UUID::toString).orElse(null);
					case "recorded":
						return Provenance.of(entry);
					default:
						return property(name).get(field, entry.content(), env);
				}
			}
			return property(name).get(field, source, env);
		}

		@Override
		public Object get(DataFetchingEnvironment env) throws Exception {
			return get(env.getFieldDefinition(), env.getSource(), () -> env);
		}

		private PropertyDataFetcher<Object> property(String name) {
			return properties.computeIfAbsent(name, PropertyDataFetcher::fetching);
		}
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
	};

	private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
		@Override
		protected RecordComponent[] computeValue(Class<?> type) {
			return type.getRecordComponents();
		}
	};

	/** An entry as a write mutation answers it; nested records, enums and dates are left to GraphQL's fetchers. */
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
