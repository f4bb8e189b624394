package org.carnet.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from binaries shipped in a Maven artifact, with its data under the data directory so
 * that a restart keeps what was entered. Creates the database {@code carnet}, its owner role (schema changes) and the
 * application role (data only), as an operator would on an external server.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

	static final String DATABASE = "carnet";

	static final String OWNER_ROLE = "carnet_owner";

	static final String APPLICATION_ROLE = "carnet_app";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private final EmbeddedPostgres postgres;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	static EmbeddedPostgresServer start(Path dataDirectory, DatabaseSettings settings) {
		try {
			Files.createDirectories(dataDirectory);
			recoverFromUncleanStop(dataDirectory);
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(false)
				.setPGStartupWait(Duration.ofSeconds(60));
			if (settings.port() > 0) {
				builder.setPort(settings.port());
			}
			String durable = settings.durable() ? "on" : "off";
			builder.setServerConfig("fsync", durable);
			builder.setServerConfig("synchronous_commit", durable);
			builder.setServerConfig("full_page_writes", durable);
			EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder.start());
			server.createDatabaseAndRoles();
			log.info("Embedded PostgreSQL listening on 127.0.0.1:{} with data in {}", server.port(), dataDirectory);
			return server;
		}
		catch (IOException | SQLException ex) {
			throw new IllegalStateException("Could not start the embedded PostgreSQL in " + dataDirectory
					+ ": " + ex.getMessage() + ". Set SPRING_DATASOURCE_URL to use an external server instead.", ex);
		}
	}

	int port() {
		return postgres.getPort();
	}

	String jdbcUrl() {
		return postgres.getJdbcUrl("postgres", DATABASE).replaceFirst("\\?.*$", "");
	}

	/** The superuser's connection to the carnet database, for operators' tasks and tests. */
	DataSource superuser() {
		return postgres.getDatabase("postgres", DATABASE);
	}

	private void createDatabaseAndRoles() throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			for (String role : List.of(OWNER_ROLE, APPLICATION_ROLE)) {
				if (!exists(statement, "select 1 from pg_roles where rolname = '" + role + "'")) {
					statement.execute("create role " + role + " login");
				}
			}
			if (!exists(statement, "select 1 from pg_database where datname = '" + DATABASE + "'")) {
				statement.execute("create database " + DATABASE + " owner " + OWNER_ROLE);
			}
		}
	}

	private static boolean exists(Statement statement, String query) throws SQLException {
		try (ResultSet rows = statement.executeQuery(query)) {
			return rows.next();
		}
	}

	/**
	 * After the JVM was killed, the postmaster may live on as an orphan, or its pid file may be stale. Stop a live
	 * postgres of this data directory; delete a pid file whose pid now belongs to another process; leave a dead one
	 * (PostgreSQL recovers). Never signal a process without checking what it is.
	 */
	private static void recoverFromUncleanStop(Path dataDirectory) throws IOException {
		Path pidFile = dataDirectory.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return;
		}
		List<String> lines = Files.readAllLines(pidFile);
		if (lines.isEmpty()) {
			Files.deleteIfExists(pidFile);
			return;
		}
		long pid;
		try {
			pid = Long.parseLong(lines.get(0).trim());
		}
		catch (NumberFormatException ex) {
			Files.deleteIfExists(pidFile);
			return;
		}
		Optional<ProcessHandle> process = ProcessHandle.of(pid);
		if (process.isEmpty() || !process.get().isAlive()) {
			return;
		}
		String command = process.get().info().commandLine().orElse("");
		boolean zombie = isZombie(pid);
		if (!zombie && command.contains("postgres") && command.contains(dataDirectory.toString())) {
			log.warn("Stopping an orphaned PostgreSQL (pid {}) left by an unclean stop", pid);
			process.get().destroy();
			try {
				process.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IOException("The orphaned PostgreSQL (pid " + pid + ") did not stop", ex);
			}
		}
		else {
			log.warn("Removing a stale postmaster.pid (pid {} is not a PostgreSQL of this data directory)", pid);
			Files.deleteIfExists(pidFile);
		}
	}

	private static boolean isZombie(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			String afterName = stat.substring(stat.lastIndexOf(')') + 1).trim();
			return afterName.startsWith("Z");
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	@Override
	public void close() throws IOException {
		postgres.close();
	}
}
