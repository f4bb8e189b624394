package org.carnet.statistics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.carnet.core.BadInput;
import org.carnet.statistics.CountTable.Counts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts the projection at its finest for one question: persons (and those with the indicator) per combination of
 * the dimensions asked about, among the persons who let the indicator's category count. One statement; the SQL is
 * built from constants only (columns of {@link Dimension}, the indicator's conditions), every value the analyst gave
 * is a parameter.
 */
@Component
class ContributionCounts {

	/** The most combinations one question may count: beyond, it is too fine to answer. */
	static final int MAX_COMBINATIONS = 20_000;

	private final JdbcClient jdbc;

	ContributionCounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The counts per combination of {@code dimensions}' values (in that order). */
	Map<List<String>, Counts> count(Indicator indicator, String subject, List<Dimension> dimensions) {
		StringBuilder sql = new StringBuilder("select ");
		for (int d = 0; d < dimensions.size(); d++) {
			sql.append("coalesce(").append(dimensions.get(d).column()).append(", '").append(Dimension.UNKNOWN)
				.append("') as d").append(d).append(", ");
		}
		sql.append("count(*) as persons, count(*) filter (where ").append(numerator(indicator))
			.append(") as with_indicator from statistical_contributions where :category = any(categories) and ")
			.append(population(indicator));
		if (!dimensions.isEmpty()) {
			sql.append(" group by ");
			for (int d = 0; d < dimensions.size(); d++) {
				sql.append(d == 0 ? "" : ", ").append(d + 1);
			}
		}
		sql.append(" limit ").append(MAX_COMBINATIONS + 1);
		JdbcClient.StatementSpec statement = jdbc.sql(sql.toString()).param("category", indicator.category().name());
		if (subject != null) {
			statement = statement.param("subject", subject);
		}
		Map<List<String>, Counts> counts = new LinkedHashMap<>();
		statement.query((ResultSet row) -> {
			List<String> key = new ArrayList<>(dimensions.size());
			for (int d = 0; d < dimensions.size(); d++) {
				key.add(row.getString("d" + d));
			}
			counts.put(key, counts(row));
		});
		if (counts.size() > MAX_COMBINATIONS) {
			throw new BadInput("groupBy", "This question is too fine to answer: group or filter by fewer dimensions");
		}
		return counts;
	}

	private static Counts counts(ResultSet row) throws SQLException {
		return new Counts(row.getLong("persons"), row.getLong("with_indicator"));
	}

	/** Who is counted at all: persons with something of the indicator's kind recorded. */
	private static String population(Indicator indicator) {
		return switch (indicator) {
			case SCREENING_POSITIVE ->
				"exists (select 1 from unnest(infectious_screenings) s where split_part(s, ':', 1) = :subject)";
			case VACCINATED -> "vaccine_antigens is not null";
			case CONDITION_CHAPTER -> "condition_chapters is not null";
			case MENTAL_HEALTH_POSITIVE -> "mental_health_screening is not null";
			case BLOOD_GROUP -> "blood_group is not null";
		};
	}

	/** Who has the indicator among them. */
	private static String numerator(Indicator indicator) {
		return switch (indicator) {
			case SCREENING_POSITIVE -> "(:subject || ':POSITIVE') = any(infectious_screenings)";
			case VACCINATED -> ":subject = any(vaccine_antigens)";
			case CONDITION_CHAPTER -> ":subject = any(condition_chapters)";
			case MENTAL_HEALTH_POSITIVE -> "mental_health_screening = 'POSITIVE'";
			case BLOOD_GROUP -> "blood_group = :subject";
		};
	}
}
