package org.carnet.graphql;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-requester look-up allowance: a burst, then the sustained rate, each requester on their own. */
class LookupRateTests {

	private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(1));

	private final LookupRate rate = new LookupRate(new LookupSettings(100, 600, 300), now::get);

	@Test
	void aRequesterMayTakeTheBurstThenWaitsForTheRate() {
		assertThat(rate.take("dr.weber", 100)).isZero();
		assertThat(rate.take("dr.weber", 100)).isZero();
		assertThat(rate.take("dr.weber", 100)).isZero();

		assertThat(rate.take("dr.weber", 1)).as("seconds to wait for one more at 10 per second").isEqualTo(1);
		assertThat(rate.take("dr.weber", 100)).as("seconds to wait for a hundred").isEqualTo(10);

		now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_000));
		assertThat(rate.take("dr.weber", 10)).isZero();
		assertThat(rate.take("dr.weber", 1)).isPositive();
	}

	@Test
	void aRefusalTakesNothingAndRequestersAreCountedApart() {
		assertThat(rate.take("dr.weber", 300)).isZero();
		assertThat(rate.take("dr.weber", 50)).isPositive();

		now.addAndGet(TimeUnit.SECONDS.toNanos(5));
		assertThat(rate.take("dr.weber", 50)).as("the refused 50 were not taken").isZero();
		assertThat(rate.take("dr.nikolaou", 300)).isZero();
	}

	@Test
	void theAllowanceNeverExceedsTheBurst() {
		now.addAndGet(TimeUnit.DAYS.toNanos(1));

		assertThat(rate.take("dr.weber", 300)).isZero();
		assertThat(rate.take("dr.weber", 1)).isPositive();
	}

	@Test
	void settingsRefuseABurstSmallerThanOneRequestAndNonPositiveValues() {
		assertThatThrownBy(() -> new LookupSettings(100, 600, 99)).hasMessageContaining("burst");
		assertThatThrownBy(() -> new LookupSettings(0, 600, 300)).hasMessageContaining("max-per-request");
		assertThatThrownBy(() -> new LookupSettings(100, 0, 300)).hasMessageContaining("per-minute");
	}
}
