package org.carnet.statistics;

import java.util.Collection;

import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The projection's rows ({@code statistical_contributions}), one per consenting person, keyed by pseudonym. */
@Repository
class ContributionStore {

	private final JdbcClient jdbc;

	ContributionStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	private static final String UPSERT = """
			insert into statistical_contributions (pseudonym, home_jurisdiction, age_band, sex, nationality,
			  reception_quarter, categories, infectious_screenings, vaccine_antigens, condition_chapters,
			  mental_health_screening, blood_group, generation)
			values (:pseudonym, :home, :ageBand, :sex, :nationality, :quarter, :categories, :screenings,
			  :antigens, :chapters, :mentalHealth, :bloodGroup, %s)
			on conflict (pseudonym) do update set home_jurisdiction = excluded.home_jurisdiction,
			  age_band = excluded.age_band, sex = excluded.sex, nationality = excluded.nationality,
			  reception_quarter = excluded.reception_quarter, categories = excluded.categories,
			  infectious_screenings = excluded.infectious_screenings, vaccine_antigens = excluded.vaccine_antigens,
			  condition_chapters = excluded.condition_chapters,
			  mental_health_screening = excluded.mental_health_screening, blood_group = excluded.blood_group,
			  generation = excluded.generation""";

	/** A change of the person's record or agreement: the row as derived now, in the current generation. */
	void save(Contribution row) {
		bind(jdbc.sql(UPSERT.formatted("(select generation from statistics_projection)")), row).update();
	}

	/**
	 * A rebuild's row, in its {@code generation}: a row a change of the person already wrote in that generation is
	 * newer than what the rebuild read (the rebuild waited for that change's lock) and is left as it is.
	 *
	 * @return whether the row was written
	 */
	boolean rebuild(Contribution row, long generation) {
		return bind(jdbc.sql(UPSERT.formatted(":generation")
				+ " where statistical_contributions.generation < excluded.generation"), row)
			.param("generation", generation)
			.update() > 0;
	}

	private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Contribution row) {
		return statement.param("pseudonym", row.pseudonym())
			.param("home", row.homeJurisdiction().code())
			.param("ageBand", row.ageBand())
			.param("sex", row.sex())
			.param("nationality", row.nationality())
			.param("quarter", row.receptionQuarter())
			.param("categories", texts(row.categories().stream().map(Enum::name).sorted().toList()))
			.param("screenings", texts(row.infectiousScreenings()))
			.param("antigens", texts(row.vaccineAntigens()))
			.param("chapters", texts(row.conditionChapters()))
			.param("mentalHealth", row.mentalHealthScreening())
			.param("bloodGroup", row.bloodGroup());
	}

	/**
	 * Opens the next generation (in the caller's transaction, which should commit at once). The share lock on the
	 * table waits for every change of a row still in flight, so that no change commits a row of the old generation
	 * after the rebuild has started reading: the ones before are visible to it, the ones after write the new one.
	 */
	long nextGeneration() {
		jdbc.sql("lock table statistical_contributions in share mode").update();
		return jdbc.sql("update statistics_projection set generation = generation + 1 returning generation")
			.query(Long.class)
			.single();
	}

	/** Deletes up to {@code limit} rows of generations before {@code generation}; how many it deleted. */
	int deleteOlderThan(long generation, int limit) {
		return jdbc.sql("""
				delete from statistical_contributions where pseudonym in (
				  select pseudonym from statistical_contributions where generation < :generation limit :limit)""")
			.param("generation", generation)
			.param("limit", limit)
			.update();
	}

	/** Records a finished rebuild of {@code generation}, unless a later one has started since. */
	void rebuilt(long generation, long persons, String by, java.time.Instant at) {
		jdbc.sql("""
				update statistics_projection set rebuilt_at = :at, rebuilt_persons = :persons, rebuilt_by = :by
				where generation = :generation""")
			.param("at", java.sql.Timestamp.from(at))
			.param("persons", persons)
			.param("by", by)
			.param("generation", generation)
			.update();
	}

	boolean delete(String pseudonym) {
		return jdbc.sql("delete from statistical_contributions where pseudonym = :pseudonym")
			.param("pseudonym", pseudonym)
			.update() > 0;
	}

	/** A text array, or SQL null for an indicator the person did not let count. */
	private static SqlArrayValue texts(Collection<String> values) {
		return values == null ? null : new SqlArrayValue("text", values.toArray());
	}
}
