package org.carnet.database;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health of the embedded PostgreSQL ({@code embeddedPostgres} in {@code /actuator/health} and its readiness group):
 * DOWN from the moment its process is found dead until the supervisor has started it again, so that a load balancer
 * sends requests elsewhere meanwhile. UP with an external server, whose health the {@code db} indicator reports.
 */
@Component
class EmbeddedPostgresHealthIndicator implements HealthIndicator {

	private final ObjectProvider<EmbeddedPostgresServer> server;

	EmbeddedPostgresHealthIndicator(ObjectProvider<EmbeddedPostgresServer> server) {
		this.server = server;
	}

	@Override
	public Health health() {
		EmbeddedPostgresServer embedded = server.getIfAvailable();
		if (embedded == null) {
			return Health.up().withDetail("embedded", false).build();
		}
		Health.Builder health = embedded.isRunning() ? Health.up() : Health.down();
		return health.withDetail("embedded", true).withDetail("restarts", embedded.restarts()).build();
	}
}
