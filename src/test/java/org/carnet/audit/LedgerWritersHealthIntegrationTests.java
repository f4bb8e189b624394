package org.carnet.audit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger writers' health: UP while every stream's writer runs, DOWN once they stopped (a ledger of its own is
 * started and stopped here, with real writer threads, so that the application's ledger keeps serving).
 */
@CarnetIntegrationTest
class LedgerWritersHealthIntegrationTests {

	@Autowired
	Chains chains;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	AuditSettings settings;

	@Autowired
	LedgerWritersHealthIndicator applicationIndicator;

	@Test
	void theIndicatorGoesDownWhenTheLedgerWritersAreStopped() {
		Ledger ledger = new Ledger(chains, transactions, settings, new AuditMeters(new SimpleMeterRegistry()));
		LedgerWritersHealthIndicator indicator = new LedgerWritersHealthIndicator(ledger);

		Health running = indicator.health();
		ledger.destroy();
		Health stopped = indicator.health();

		assertThat(running.getStatus()).isEqualTo(Status.UP);
		assertThat(running.getDetails()).containsEntry("runningWriters", settings.streams());
		assertThat(stopped.getStatus()).isEqualTo(Status.DOWN);
		assertThat(stopped.getDetails()).containsEntry("runningWriters", 0)
			.containsEntry("streams", settings.streams());
		assertThat(applicationIndicator.health().getStatus()).isEqualTo(Status.UP);
	}
}
