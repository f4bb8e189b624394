package org.carnet.audit;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health of the access ledger's writers ({@code ledgerWriters} in {@code /actuator/health} and its liveness and
 * readiness groups): DOWN as soon as one stream's writer has stopped, since every read of a person whose events go to
 * that stream would then be refused. A server that can no longer append says so, and is restarted.
 */
@Component
class LedgerWritersHealthIndicator implements HealthIndicator {

	private final Ledger ledger;

	LedgerWritersHealthIndicator(Ledger ledger) {
		this.ledger = ledger;
	}

	@Override
	public Health health() {
		int streams = ledger.streams();
		int running = ledger.runningWriters();
		Health.Builder health = running == streams ? Health.up() : Health.down();
		return health.withDetail("streams", streams).withDetail("runningWriters", running).build();
	}
}
