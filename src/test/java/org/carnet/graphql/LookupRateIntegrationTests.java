package org.carnet.graphql;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.StatementCounter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The per-requester look-up allowance, kept in PostgreSQL: a burst, then the sustained rate, each requester on their
 * own; two replicas (two {@link LookupRate}s on one database) take from the same allowance.
 */
@CarnetIntegrationTest
class LookupRateIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	StatementCounter statements;

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T10:00:00Z"));

	private final Clock clock = new Clock() {
		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return now.get();
		}
	};

	private final LookupSettings settings = new LookupSettings(100, 600, 300);

	private final String weber = "dr.weber-" + UUID.randomUUID();

	private final String nikolaou = "dr.nikolaou-" + UUID.randomUUID();

	private LookupRate replica() {
		return new LookupRate(settings, jdbc, clock);
	}

	private void later(Duration duration) {
		now.updateAndGet(instant -> instant.plus(duration));
	}

	@Test
	void aRequesterMayTakeTheBurstThenWaitsForTheRate() {
		LookupRate rate = replica();
		assertThat(rate.take(weber, 100)).isZero();
		assertThat(rate.take(weber, 100)).isZero();
		assertThat(rate.take(weber, 100)).isZero();

		assertThat(rate.take(weber, 1)).as("seconds to wait for one more at 10 per second").isEqualTo(1);
		assertThat(rate.take(weber, 100)).as("seconds to wait for a hundred").isEqualTo(10);

		later(Duration.ofSeconds(1));
		assertThat(rate.take(weber, 10)).isZero();
		assertThat(rate.take(weber, 1)).isPositive();
	}

	@Test
	void aRefusalTakesNothingAndRequestersAreCountedApart() {
		LookupRate rate = replica();
		assertThat(rate.take(weber, 300)).isZero();
		assertThat(rate.take(weber, 50)).isPositive();

		later(Duration.ofSeconds(5));
		assertThat(rate.take(weber, 50)).as("the refused 50 were not taken").isZero();
		assertThat(rate.take(nikolaou, 300)).isZero();
	}

	@Test
	void theAllowanceNeverExceedsTheBurst() {
		LookupRate rate = replica();
		assertThat(rate.take(weber, 1)).isZero();
		later(Duration.ofDays(1));

		assertThat(rate.take(weber, 300)).isZero();
		assertThat(rate.take(weber, 1)).isPositive();
	}

	@Test
	void twoReplicasTakeFromTheSameAllowance() {
		LookupRate first = replica();
		LookupRate second = replica();
		assertThat(first.take(weber, 200)).isZero();
		assertThat(second.take(weber, 100)).isZero();

		assertThat(first.take(weber, 1)).as("the burst is spent, on whichever replica").isPositive();
		assertThat(second.take(weber, 1)).isPositive();
	}

	@Test
	void aReplicaWhoseClockIsBehindRefillsNothing() {
		LookupRate rate = replica();
		assertThat(rate.take(weber, 300)).isZero();
		later(Duration.ofSeconds(-30));
		assertThat(rate.take(weber, 1)).isPositive();
	}

	@Test
	void aTakeIsOneStatement() {
		LookupRate rate = replica();
		rate.take(weber, 1);
		statements.clearRecent();
		long nanos = System.nanoTime();
		for (int i = 0; i < 100; i++) {
			rate.take(weber, 1);
			later(Duration.ofMillis(100));
		}
		long micros = (System.nanoTime() - nanos) / 100 / 1000;
		System.out.println("One look-up allowance taken in " + micros + " µs on average (100 takes)");
		assertThat(statements.recent()).filteredOn(sql -> sql.contains("lookup_allowances")).hasSize(100);
	}

	@Test
	void theTableNamesNoRequester() {
		replica().take(weber, 1);
		assertThat(jdbc.sql("select count(*) from lookup_allowances where requester_key like ?")
			.param("%weber%")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void settingsRefuseABurstSmallerThanOneRequestAndNonPositiveValues() {
		assertThatThrownBy(() -> new LookupSettings(100, 600, 99)).hasMessageContaining("burst");
		assertThatThrownBy(() -> new LookupSettings(0, 600, 300)).hasMessageContaining("max-per-request");
		assertThatThrownBy(() -> new LookupSettings(100, 0, 300)).hasMessageContaining("per-minute");
	}
}
