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

	private final LookupSettings settings = new LookupSettings(100, 600, 300, 20);

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
	void twoReplicasTakeFromTheSameAllowanceReservesIncluded() {
		LookupRate first = replica();
		LookupRate second = replica();
		assertThat(first.take(weber, 200)).isZero();
		assertThat(second.take(weber, 100)).as("20 of the 100 left wait in the first replica's reserve").isPositive();
		assertThat(second.take(weber, 80)).isZero();

		assertThat(second.take(weber, 1)).as("the burst is spent, on whichever replica").isPositive();
		assertThat(first.take(weber, 20)).as("the first replica's reserve").isZero();
		assertThat(first.take(weber, 1)).isPositive();
	}

	@Test
	void aReserveTakesAtMostHalfOfWhatIsLeftSoThatAnotherReplicaStillFindsSome() {
		LookupRate strict = new LookupRate(new LookupSettings(3, 1, 3, 20), jdbc, clock);
		LookupRate other = new LookupRate(new LookupSettings(3, 1, 3, 20), jdbc, clock);
		assertThat(strict.take(weber, 1)).isZero();
		assertThat(strict.take(weber, 1)).as("from the reserve of one").isZero();
		assertThat(other.take(weber, 1)).as("the last of the burst, on the other replica").isZero();

		assertThat(other.take(weber, 1)).isPositive();
		assertThat(strict.take(weber, 1)).isPositive();
	}

	@Test
	void aReserveLapsesUnspent() {
		LookupRate rate = replica();
		assertThat(rate.take(weber, 1)).isZero();
		later(Duration.ofDays(1));
		assertThat(rate.take(weber, 300)).isZero();

		assertThat(rate.take(weber, 1)).as("the reserve of the first take lapsed a day ago: the burst is spent")
			.isPositive();
	}

	@Test
	void aReplicaWhoseClockIsBehindRefillsNothing() {
		LookupRate rate = replica();
		assertThat(rate.take(weber, 300)).isZero();
		later(Duration.ofSeconds(-30));
		assertThat(rate.take(weber, 1)).isPositive();
	}

	@Test
	void aReserveServesTheNextLookUpsWithoutAStatementAndNeverMoreThanTheBucketHeld() {
		LookupRate rate = replica();
		statements.clearRecent();
		int served = 0;
		long nanos = System.nanoTime();
		while (rate.take(weber, 1) == 0) {
			served++;
		}
		long micros = (System.nanoTime() - nanos) / served / 1000;
		System.out.println("One look-up allowance taken in " + micros + " µs on average (" + served + " takes)");

		assertThat(served).as("the burst, reserves included, and not one more").isEqualTo(300);
		assertThat(statements.recent()).filteredOn(sql -> sql.contains("lookup_allowances"))
			.as("one take of 21 (20 in reserve) while the bucket has plenty, smaller reserves as it empties, "
					+ "and the refusal")
			.hasSizeBetween(300 / 21 + 1, 40);
	}

	@Test
	void withoutAReserveEveryLookUpIsOneStatement() {
		LookupRate rate = new LookupRate(new LookupSettings(100, 600, 300, 0), jdbc, clock);
		statements.clearRecent();
		for (int i = 0; i < 10; i++) {
			assertThat(rate.take(weber, 1)).isZero();
		}
		assertThat(statements.recent()).filteredOn(sql -> sql.contains("lookup_allowances")).hasSize(10);
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
		assertThatThrownBy(() -> new LookupSettings(100, 600, 99, 20)).hasMessageContaining("burst");
		assertThatThrownBy(() -> new LookupSettings(0, 600, 300, 20)).hasMessageContaining("max-per-request");
		assertThatThrownBy(() -> new LookupSettings(100, 0, 300, 20)).hasMessageContaining("per-minute");
		assertThatThrownBy(() -> new LookupSettings(100, 600, 300, -1)).hasMessageContaining("reserve");
	}
}
