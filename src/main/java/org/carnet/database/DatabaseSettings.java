package org.carnet.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded PostgreSQL (ignored when {@code spring.datasource.url} names an external server).
 *
 * @param durable {@code carnet.database.durable}: fsync and synchronous commit on (default); tests switch it off
 * @param port {@code carnet.database.port}: the port to listen on, 0 for any free port (default)
 * @param poolSize {@code carnet.database.pool-size}: connections of the application's pool
 */
@ConfigurationProperties("carnet.database")
record DatabaseSettings(@DefaultValue("true") boolean durable, @DefaultValue("0") int port,
		@DefaultValue("10") int poolSize) {
}
