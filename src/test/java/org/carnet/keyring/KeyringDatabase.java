package org.carnet.keyring;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import liquibase.integration.spring.SpringLiquibase;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A real PostgreSQL for the keyring's tests, without an application context: one embedded server per test JVM,
 * the application's schema (the same Liquibase changelog) created by an owner role, and the keyring connected as the
 * application role with only the privileges the application gets. The keyring's tests own it alone, so they can
 * count and rotate every row without other modules' data in the way.
 */
final class KeyringDatabase {

	private static EmbeddedPostgres postgres;

	private static HikariDataSource application;

	private static KeyInvalidations invalidations;

	private KeyringDatabase() {
	}

	static synchronized DataSource dataSource() {
		if (application == null) {
			start();
		}
		return application;
	}

	static JdbcClient jdbc() {
		return JdbcClient.create(dataSource());
	}

	static PlatformTransactionManager transactions() {
		return new DataSourceTransactionManager(dataSource());
	}

	/**
	 * The announcements of forgotten keys, listening on the test database (one listener per test JVM, shared by every
	 * key cache the tests make, as the caches of replicas share the database).
	 */
	static synchronized KeyInvalidations invalidations() {
		if (invalidations == null) {
			invalidations = new KeyInvalidations(dataSource());
			invalidations.start();
			Runtime.getRuntime().addShutdownHook(new Thread(invalidations::stop));
		}
		awaitListening(invalidations);
		return invalidations;
	}

	/** Waits until {@code invalidations} listens (its cache trusted), at most ten seconds. */
	static void awaitListening(KeyInvalidations invalidations) {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (!invalidations.trusted()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The key invalidations do not listen: " + invalidations.state());
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/** Empties the keyring's tables between tests. */
	static void clear() {
		jdbc().sql("delete from key_rotations").update();
		jdbc().sql("delete from person_keys").update();
	}

	private static void start() {
		try {
			postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
				.setServerConfig("synchronous_commit", "off")
				.start();
			try (Connection connection = postgres.getPostgresDatabase().getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("create role carnet_owner login");
				statement.execute("create role carnet_app login");
				statement.execute("create database carnet owner carnet_owner");
			}
			HikariDataSource owner = pool("carnet_owner", 2);
			try (owner) {
				SpringLiquibase liquibase = new SpringLiquibase();
				liquibase.setDataSource(owner);
				liquibase.setChangeLog("classpath:db/changelog/master.yaml");
				liquibase.setResourceLoader(new DefaultResourceLoader());
				liquibase.afterPropertiesSet();
			}
			application = pool("carnet_app", 6);
			Runtime.getRuntime().addShutdownHook(new Thread(application::close));
		}
		catch (IOException | SQLException ex) {
			throw new IllegalStateException("Cannot start the keyring's test database", ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot create the keyring's test schema", ex);
		}
	}

	private static HikariDataSource pool(String role, int size) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(postgres.getJdbcUrl(role, "carnet"));
		config.setUsername(role);
		config.setMaximumPoolSize(size);
		config.setPoolName("keyring-test-" + role);
		return new HikariDataSource(config);
	}
}
