package org.carnet.graphql.read;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import graphql.TrivialDataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.LightDataFetcher;
import graphql.schema.PropertyDataFetcher;
import graphql.schema.idl.RuntimeWiring;

import org.carnet.record.Entry;
import org.carnet.record.Section;
import org.carnet.record.content.IdentityDetails;

import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/**
 * How the record's entries are served. A read serves the {@link Entry} itself: the fields of the entry types
 * ({@code Allergy}, {@code Identity}, ...) read its content record, except {@code id}, {@code supersedes} and
 * {@code recorded} ({@link Provenance}), which come from the entry. These fetchers do no I/O and are light: graphql-java
 * builds no fetching environment for them, Spring propagates no context around them.
 * <p>
 * The write mutations answer the {@link Entry} they added, served the same way; their inputs are the records of
 * {@code write.RecordInputs}.
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
		EntryField fields = new EntryField();
		TYPES.values().forEach(type -> builder.type(type, wiring -> wiring.defaultDataFetcher(fields)));
		// the records inside an entry: who recorded it, an encounter's referrals
		builder.type("Provenance", wiring -> wiring.defaultDataFetcher(fields));
		builder.type("Referral", wiring -> wiring.defaultDataFetcher(fields));
	}

	/**
	 * A field of an entry type: the entry's own for id, supersedes and recorded, else its content's (a record's
	 * component, read through {@link RecordComponents}). Trivial (a value already in memory, as a property is):
	 * Spring for GraphQL then neither propagates context into it nor observes it as a timed data fetcher, which for a
	 * whole record (about 400 such fields) was a tenth of the request's CPU.
	 */
	private static final class EntryField implements LightDataFetcher<Object>, TrivialDataFetcher<Object> {

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
						return content(field, entry.content(), env);
				}
			}
			return property(field, source, env);
		}

		/**
		 * A field of an entry's content. An identity also answers its year of birth and whether it is the coarse
		 * view; the coarse view answers only its own fields, every other field of {@code Identity} is null.
		 */
		private Object content(GraphQLFieldDefinition field, Object content, Supplier<DataFetchingEnvironment> env)
				throws Exception {
			String name = field.getName();
			if (content instanceof IdentityDetails details) {
				if (name.equals("yearOfBirth")) {
					return details.dateOfBirth() == null ? null : details.dateOfBirth().getYear();
				}
				if (name.equals("coarse")) {
					return false;
				}
			}
			if (content instanceof CoarseViews.CoarseIdentity coarse) {
				switch (name) {
					case "yearOfBirth":
						return coarse.yearOfBirth();
					case "sex":
						return coarse.sex();
					case "nationality":
						return coarse.nationality();
					case "coarse":
						return true;
					default:
						return null;
				}
			}
			return property(field, content, env);
		}

		@Override
		public Object get(DataFetchingEnvironment env) throws Exception {
			return get(env.getFieldDefinition(), env.getSource(), () -> env);
		}

		/** A record's component by its accessor; anything else as graphql-java reads a property. */
		private Object property(GraphQLFieldDefinition field, Object source, Supplier<DataFetchingEnvironment> env)
				throws Exception {
			if (source == null) {
				return null;
			}
			Function<Object, Object> accessor = RecordComponents.accessor(source.getClass(), field.getName());
			if (accessor != null) {
				return accessor.apply(source);
			}
			return properties.computeIfAbsent(field.getName(), PropertyDataFetcher::fetching).get(field, source, env);
		}
	}
}
