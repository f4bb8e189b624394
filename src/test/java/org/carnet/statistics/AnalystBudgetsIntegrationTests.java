package org.carnet.statistics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.carnet.consent.StatisticsPolicy;
import org.carnet.core.Jurisdiction;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * An analyst's privacy budget, in PostgreSQL: each answer takes its epsilon until the period's budget is spent, then
 * answers are refused until the next period; answers racing for the last of it cannot both have it.
 */
@CarnetIntegrationTest
class AnalystBudgetsIntegrationTests {

	private static final StatisticsPolicy NOISY = new StatisticsPolicy(11, 5, 0.5, 1.2, Duration.ofDays(7));

	@Autowired
	AnalystBudgets budgets;

	@Test
	void answersTakeFromTheBudgetUntilItIsSpentThenTheNextPeriodStartsAfresh() {
		String analyst = "analyst." + System.nanoTime();
		Jurisdiction greece = Jurisdiction.of("GR");
		Instant now = Instant.parse("2026-12-03T10:00:00Z");

		assertThat(budgets.spend(analyst, greece, NOISY, now)).hasValueSatisfying(left -> assertThat(left)
			.isCloseTo(0.7, within(1e-9)));
		assertThat(budgets.spend(analyst, greece, NOISY, now.plusSeconds(60))).hasValueSatisfying(
				left -> assertThat(left).isCloseTo(0.2, within(1e-9)));
		assertThat(budgets.spend(analyst, greece, NOISY, now.plusSeconds(120))).as("0.5 more would pass 1.2").isEmpty();
		assertThat(budgets.spend(analyst, greece, NOISY, now.plusSeconds(180))).as("a refusal took nothing").isEmpty();

		// another jurisdiction, another analyst: budgets of their own
		assertThat(budgets.spend(analyst, Jurisdiction.of("IT"), NOISY, now)).isPresent();
		assertThat(budgets.spend(analyst + ".other", greece, NOISY, now)).isPresent();

		Instant next = AnalystBudgets.nextPeriod(now, NOISY.budgetPeriod());
		assertThat(next).isAfter(now).isBeforeOrEqualTo(now.plus(NOISY.budgetPeriod()));
		assertThat(budgets.spend(analyst, greece, NOISY, next)).hasValueSatisfying(left -> assertThat(left)
			.isCloseTo(0.7, within(1e-9)));
	}

	@Test
	void answersRacingForTheLastOfTheBudgetCannotAllHaveIt() throws Exception {
		String analyst = "analyst." + System.nanoTime();
		StatisticsPolicy policy = new StatisticsPolicy(11, 5, 0.5, 3.0, Duration.ofDays(30));
		Instant now = Instant.now();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Optional<Double>>> answers = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				answers.add(pool.submit(() -> budgets.spend(analyst, Jurisdiction.of("DE"), policy, now)));
			}
			int served = 0;
			for (Future<Optional<Double>> answer : answers) {
				served += answer.get().isPresent() ? 1 : 0;
			}
			assertThat(served).isEqualTo(6);
		}
		finally {
			pool.shutdownNow();
		}
	}
}
