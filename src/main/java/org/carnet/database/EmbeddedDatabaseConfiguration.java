package org.carnet.database;


import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.carnet.core.DataDirectory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Starts the embedded PostgreSQL when no external server is configured ({@code spring.datasource.url} unset).
 * Schema changes run as the database owner; the application connects with a role that may only touch data, so
 * that rules enforced by privileges (the append-only ledger) hold for it. Each role signs in with its password.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedPostgresServer embeddedPostgresServer(DataDirectory dataDirectory, DatabaseSettings settings) {
		return EmbeddedPostgresServer.start(dataDirectory.resolve("postgres"), settings);
	}

	/**
	 * The application's pool, with every wait bounded ({@link ConnectionBounds}), refusing at once while the server is
	 * being started again.
	 */
	@Bean(destroyMethod = "close")
	@Primary
	SupervisedDataSource dataSource(EmbeddedPostgresServer server, DatabaseSettings settings) {
		HikariConfig config = config(server, EmbeddedPostgresServer.APPLICATION_ROLE, settings.poolSize(), "carnet");
		ConnectionBounds.apply(config, settings);
		return new SupervisedDataSource(server, new HikariDataSource(config));
	}

	/** The schema owner's pool, for migrations: unbounded statements. */
	@Bean
	@LiquibaseDataSource
	HikariDataSource liquibaseDataSource(EmbeddedPostgresServer server) {
		return new HikariDataSource(config(server, EmbeddedPostgresServer.OWNER_ROLE, 2, "carnet-schema"));
	}

	private static HikariConfig config(EmbeddedPostgresServer server, String role, int size, String name) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(server.jdbcUrl());
		config.setUsername(role);
		config.setPassword(server.password(role));
		config.setMaximumPoolSize(size);
		config.setPoolName(name);
		return config;
	}
}
