package org.carnet.database;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the database: the embedded PostgreSQL (ignored when {@code spring.datasource.url} names an external
 * server) and the bounded waits of the application's connections (both servers).
 *
 * @param durable {@code carnet.database.durable}: fsync and synchronous commit on (default); tests switch it off
 * @param port {@code carnet.database.port}: the port to listen on, 0 for any free port (default); a restart after a
 * crash keeps the port first chosen
 * @param poolSize {@code carnet.database.pool-size}: connections of the application's pool
 * @param connectionTimeout {@code carnet.database.connection-timeout}: how long a request waits for a connection
 * before it fails with UNAVAILABLE (default 2s; Hikari's own default of 30 s held every request while the server was
 * down)
 * @param lockTimeout {@code carnet.database.lock-timeout}: how long a statement waits for a row or table lock held by
 * someone else before it fails (PostgreSQL's {@code lock_timeout}, default 2s; 0 waits for ever)
 * @param statementTimeout {@code carnet.database.statement-timeout}: the longest a statement may run (PostgreSQL's
 * {@code statement_timeout}, default 30s; 0 for no limit). Migrations are not bounded.
 * @param supervisionInterval {@code carnet.database.supervision-interval}: how often the embedded server's process is
 * checked; a server found dead is started again on the same data and port (default 1s)
 */
@ConfigurationProperties("carnet.database")
record DatabaseSettings(@DefaultValue("true") boolean durable, @DefaultValue("0") int port,
		@DefaultValue("10") int poolSize, @DefaultValue("2s") Duration connectionTimeout,
		@DefaultValue("2s") Duration lockTimeout, @DefaultValue("30s") Duration statementTimeout,
		@DefaultValue("1s") Duration supervisionInterval) {

	DatabaseSettings {
		if (connectionTimeout.toMillis() < 250) {
			throw new IllegalArgumentException("carnet.database.connection-timeout must be at least 250ms (Hikari's "
					+ "minimum), was " + connectionTimeout);
		}
		if (lockTimeout.isNegative() || statementTimeout.isNegative()) {
			throw new IllegalArgumentException("carnet.database.lock-timeout and statement-timeout must not be negative");
		}
		if (supervisionInterval.toMillis() < 50) {
			throw new IllegalArgumentException("carnet.database.supervision-interval must be at least 50ms, was "
					+ supervisionInterval);
		}
	}

	/** The session options that bound every wait of one of the application's connections (pgjdbc's {@code options}). */
	String sessionOptions() {
		return "-c lock_timeout=" + lockTimeout.toMillis() + " -c statement_timeout=" + statementTimeout.toMillis();
	}
}
