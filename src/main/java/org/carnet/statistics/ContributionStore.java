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

	void save(Contribution row) {
		jdbc.sql("""
				insert into statistical_contributions (pseudonym, home_jurisdiction, age_band, sex, nationality,
				  reception_quarter, categories, infectious_screenings, vaccine_antigens, condition_chapters,
				  mental_health_screening, blood_group)
				values (:pseudonym, :home, :ageBand, :sex, :nationality, :quarter, :categories, :screenings,
				  :antigens, :chapters, :mentalHealth, :bloodGroup)
				on conflict (pseudonym) do update set home_jurisdiction = excluded.home_jurisdiction,
				  age_band = excluded.age_band, sex = excluded.sex, nationality = excluded.nationality,
				  reception_quarter = excluded.reception_quarter, categories = excluded.categories,
				  infectious_screenings = excluded.infectious_screenings, vaccine_antigens = excluded.vaccine_antigens,
				  condition_chapters = excluded.condition_chapters,
				  mental_health_screening = excluded.mental_health_screening, blood_group = excluded.blood_group""")
			.param("pseudonym", row.pseudonym())
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
			.param("bloodGroup", row.bloodGroup())
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
