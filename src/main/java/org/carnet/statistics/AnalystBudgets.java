package org.carnet.statistics;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.carnet.consent.StatisticsPolicy;
import org.carnet.core.Jurisdiction;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The privacy budget of each analyst: with noise, every answer about a jurisdiction's persons costs its
 * {@code noise-epsilon}, and an analyst may spend at most {@code budget-epsilon} per {@code budget-period} on that
 * jurisdiction (policies/consent). Periods are fixed windows counted from 1970-01-01 UTC, so every replica agrees on
 * where one starts; the spending is one atomic upsert that refuses to pass the budget, so two answers at once cannot
 * both take the last of it. Spent before the answer is computed: a failure afterwards loses budget, never leaks.
 */
@Component
class AnalystBudgets {

	private static final String SPEND = """
			insert into statistics_budgets as b (analyst, jurisdiction, period_start, spent)
			values (:analyst, :jurisdiction, :start, :epsilon)
			on conflict (analyst, jurisdiction, period_start) do update set spent = b.spent + excluded.spent
			where b.spent + excluded.spent <= :budget + 1e-9
			returning spent""";

	private final JdbcClient jdbc;

	AnalystBudgets(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Takes one answer's epsilon from the analyst's budget for {@code jurisdiction} in the period holding {@code now}.
	 *
	 * @return what is left after it, or empty when the budget does not hold it (nothing is taken then)
	 */
	Optional<Double> spend(String analyst, Jurisdiction jurisdiction, StatisticsPolicy policy, Instant now) {
		if (!policy.noisy()) {
			throw new IllegalArgumentException("Without noise an answer costs no budget");
		}
		Instant start = periodStart(now, policy.budgetPeriod());
		Optional<Double> spent = jdbc.sql(SPEND)
			.param("analyst", analyst)
			.param("jurisdiction", jurisdiction.code())
			.param("start", Timestamp.from(start))
			.param("epsilon", policy.noiseEpsilon())
			.param("budget", policy.budgetEpsilon())
			.query(Double.class)
			.optional();
		return spent.map(total -> Math.max(0, policy.budgetEpsilon() - total));
	}

	/** When the period holding {@code now} started and the budget was whole again. */
	static Instant periodStart(Instant now, Duration period) {
		long length = period.toMillis();
		return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), length) * length);
	}

	/** When the next period starts: what a refused analyst is told. */
	static Instant nextPeriod(Instant now, Duration period) {
		return periodStart(now, period).plus(period);
	}
}
