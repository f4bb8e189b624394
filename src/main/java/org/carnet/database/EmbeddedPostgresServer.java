package org.carnet.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from binaries shipped in a Maven artifact, with its data under the data directory so
 * that a restart keeps what was entered. Creates the database {@code carnet}, its owner role (schema changes) and the
 * application role (data only), as an operator would on an external server.
 * <p>
 * Every role needs its password (SCRAM-SHA-256, for local and loopback connections alike), kept in an owner-only file
 * beside the server's data; a data folder from before passwords is moved to them at start. A supervisor thread checks
 * the server's process and, when it died, starts it again on the same data and port; meanwhile {@link #isRunning()}
 * says so and connections fail within the pool's connection timeout.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

	static final String DATABASE = "carnet";

	static final String OWNER_ROLE = "carnet_owner";

	static final String APPLICATION_ROLE = "carnet_app";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	/** What pg_hba.conf says once passwords are required: SCRAM for every role, on the socket and the loopback. */
	static final String HOST_BASED_ACCESS = """
			# Written by Carnet: every connection needs its role's password (SCRAM-SHA-256), the superuser's too.
			# TYPE  DATABASE     USER  ADDRESS        METHOD
			local   all          all                  scram-sha-256
			host    all          all   127.0.0.1/32   scram-sha-256
			host    all          all   ::1/128        scram-sha-256
			local   replication  all                  scram-sha-256
			host    replication  all   127.0.0.1/32   scram-sha-256
			host    replication  all   ::1/128        scram-sha-256
			""";

	/** zonky's lock file in the data folder, held by the running embedded server's JVM. */
	private static final String LOCK_FILE = "epg-lock";

	private static final Duration FIRST_START_WAIT = Duration.ofSeconds(60);

	private static final Duration RESTART_WAIT = Duration.ofSeconds(20);

	private final Path dataDirectory;

	private final DatabaseSettings settings;

	private final DatabasePasswords passwords;

	private final int port;

	private volatile EmbeddedPostgres postgres;

	private volatile long postmasterPid;

	private volatile boolean running;

	private volatile boolean closing;

	private volatile long restarts;

	private final Thread supervisor;

	private EmbeddedPostgresServer(Path dataDirectory, DatabaseSettings settings, DatabasePasswords passwords,
			EmbeddedPostgres postgres) {
		this.dataDirectory = dataDirectory;
		this.settings = settings;
		this.passwords = passwords;
		this.postgres = postgres;
		this.port = postgres.getPort();
		this.postmasterPid = readPid(dataDirectory);
		this.running = true;
		this.supervisor = new Thread(this::supervise, "embedded-postgres-supervisor");
		this.supervisor.setDaemon(true);
	}

	static EmbeddedPostgresServer start(Path dataDirectory, DatabaseSettings settings) {
		try {
			Files.createDirectories(dataDirectory);
			boolean initialised = Files.exists(dataDirectory.resolve("postgresql.conf"));
			boolean trusting = initialised && trustsConnections(dataDirectory);
			Path passwordFile = dataDirectory.resolveSibling(DatabasePasswords.FILE);
			if (initialised && !trusting && !Files.exists(passwordFile)) {
				throw new IllegalStateException("The embedded PostgreSQL in " + dataDirectory + " requires passwords, "
						+ "but their file " + passwordFile + " is missing: restore it from the backup of the data "
						+ "directory (it belongs with the database)");
			}
			DatabasePasswords passwords = DatabasePasswords.readOrCreate(passwordFile,
					List.of(DatabasePasswords.SUPERUSER, OWNER_ROLE, APPLICATION_ROLE));
			refuseIfInUse(dataDirectory);
			recoverFromUncleanStop(dataDirectory);
			long free = DiskSpace.usableSpace(dataDirectory);
			if (free >= 0 && free < DiskSpace.NONE) {
				throw new IOException("No space left on device: " + free + " bytes free before the start");
			}
			EmbeddedPostgres postgres = initialised ? launch(dataDirectory, settings, passwords, settings.port(),
					FIRST_START_WAIT) : initialise(dataDirectory, settings, passwords);
			EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDirectory, settings, passwords, postgres);
			if (trusting) {
				server.requirePasswords();
			}
			server.createDatabaseAndRoles();
			server.supervisor.start();
			log.info("Embedded PostgreSQL listening on 127.0.0.1:{} with data in {} (passwords in {})", server.port(),
					dataDirectory, passwordFile);
			return server;
		}
		catch (IOException | SQLException ex) {
			throw new IllegalStateException("Could not start the embedded PostgreSQL in " + dataDirectory
					+ ": " + DiskSpace.explain(dataDirectory, ex)
					+ ". Set SPRING_DATASOURCE_URL to use an external server instead.", ex);
		}
		catch (RuntimeException ex) {
			String explained = DiskSpace.explain(dataDirectory, ex);
			if (explained.equals(String.valueOf(ex.getMessage()))) {
				throw ex;
			}
			// zonky reports a server that could not write its lock file or log as a plain failure to start
			throw new IllegalStateException("Could not start the embedded PostgreSQL in " + dataDirectory + ": "
					+ explained, ex);
		}
	}

	/** A new data folder: initdb with SCRAM for every connection and the superuser's password from the start. */
	private static EmbeddedPostgres initialise(Path dataDirectory, DatabaseSettings settings,
			DatabasePasswords passwords) throws IOException {
		Path pwfile = passwords.superuserPasswordFile(dataDirectory.getParent());
		try {
			return builder(dataDirectory, settings, passwords, settings.port(), FIRST_START_WAIT)
				// zonky runs initdb with -A trust; these options come after it and win
				.setLocaleConfig("auth", "scram-sha-256")
				.setLocaleConfig("pwfile", pwfile.toString())
				.start();
		}
		finally {
			Files.deleteIfExists(pwfile);
		}
	}

	private static EmbeddedPostgres launch(Path dataDirectory, DatabaseSettings settings, DatabasePasswords passwords,
			int port, Duration wait) throws IOException {
		return builder(dataDirectory, settings, passwords, port, wait).start();
	}

	private static EmbeddedPostgres.Builder builder(Path dataDirectory, DatabaseSettings settings,
			DatabasePasswords passwords, int port, Duration wait) {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(dataDirectory)
			.setCleanDataDirectory(false)
			.setPGStartupWait(wait)
			// zonky checks the server with the superuser's connection: it needs the password too
			.setConnectConfig("password", passwords.of(DatabasePasswords.SUPERUSER));
		if (port > 0) {
			builder.setPort(port);
		}
		String durable = settings.durable() ? "on" : "off";
		builder.setServerConfig("fsync", durable);
		builder.setServerConfig("synchronous_commit", durable);
		builder.setServerConfig("full_page_writes", durable);
		builder.setServerConfig("password_encryption", "scram-sha-256");
		return builder;
	}

	int port() {
		return port;
	}

	String jdbcUrl() {
		return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
	}

	String password(String role) {
		return passwords.of(role);
	}

	/** True unless the server's process has died and is being started again. */
	boolean isRunning() {
		return running && !closing;
	}

	/** How often the server was started again after its process died. */
	long restarts() {
		return restarts;
	}

	/** The superuser's connection to the carnet database, for operators' tasks. */
	DataSource superuser() {
		return postgres.getDatabase(DatabasePasswords.SUPERUSER, DATABASE);
	}

	/**
	 * A data folder from before passwords (pg_hba.conf trusted every local connection): give every role its password,
	 * then require them, while the server still lets the superuser in without one.
	 */
	private void requirePasswords() throws SQLException, IOException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("alter role " + DatabasePasswords.SUPERUSER + " password '"
					+ passwords.of(DatabasePasswords.SUPERUSER) + "'");
			Path hba = dataDirectory.resolve("pg_hba.conf");
			Files.writeString(hba, HOST_BASED_ACCESS, StandardCharsets.US_ASCII);
			try (ResultSet reloaded = statement.executeQuery("select pg_reload_conf()")) {
				reloaded.next();
			}
		}
		log.warn("The embedded PostgreSQL in {} trusted every local connection; it now requires passwords (SCRAM), "
				+ "kept in {}", dataDirectory, passwords.file());
	}

	/** Creates the roles and the database when missing, and sets each role's password to the one in the file. */
	private void createDatabaseAndRoles() throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			for (String role : List.of(OWNER_ROLE, APPLICATION_ROLE)) {
				String verb = exists(statement, "select 1 from pg_roles where rolname = '" + role + "'") ? "alter"
						: "create";
				statement.execute(verb + " role " + role + " login password '" + passwords.of(role) + "'");
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

	/** Whether pg_hba.conf lets any connection in without a password (as data folders made before passwords do). */
	static boolean trustsConnections(Path dataDirectory) throws IOException {
		Path hba = dataDirectory.resolve("pg_hba.conf");
		if (!Files.exists(hba)) {
			return false;
		}
		for (String line : Files.readAllLines(hba, StandardCharsets.UTF_8)) {
			String content = line.replaceFirst("#.*$", "").trim();
			if (!content.isEmpty() && List.of(content.split("\\s+")).contains("trust")) {
				return true;
			}
		}
		return false;
	}

	/** Checks the server's process at every interval and starts it again when it has died. */
	private void supervise() {
		while (!closing) {
			try {
				Thread.sleep(settings.supervisionInterval().toMillis());
				if (closing || isAlive(postmasterPid)) {
					continue;
				}
				if (jvmShuttingDown()) {
					// zonky's own shutdown hook stops the server while the JVM exits: not a crash to recover from
					return;
				}
				running = false;
				long stopped = System.nanoTime();
				log.error("The embedded PostgreSQL (pid {}) has stopped; starting it again on port {}", postmasterPid,
						port);
				restartUntilRunning();
				if (running) {
					restarts++;
					log.warn("The embedded PostgreSQL is running again (pid {}), {} ms after it was found stopped",
							postmasterPid, (System.nanoTime() - stopped) / 1_000_000);
				}
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private void restartUntilRunning() throws InterruptedException {
		long backoff = 250;
		while (!closing) {
			try {
				closeQuietly(postgres);
				recoverFromUncleanStop(dataDirectory);
				postgres = launch(dataDirectory, settings, passwords, port, RESTART_WAIT);
				if (closing || jvmShuttingDown()) {
					// stopped meanwhile: leave no server behind (an interrupt would cut pg_ctl's stop short)
					Thread.interrupted();
					closeQuietly(postgres);
					return;
				}
				postmasterPid = readPid(dataDirectory);
				running = true;
				return;
			}
			catch (IOException | RuntimeException ex) {
				log.error("Could not start the embedded PostgreSQL again ({}); next attempt in {} ms", ex.getMessage(),
						backoff);
				Thread.sleep(backoff);
				backoff = Math.min(backoff * 2, 10_000);
			}
		}
	}

	private static void closeQuietly(EmbeddedPostgres postgres) {
		try {
			// for a server that died: stops nothing, but releases zonky's lock on the data folder
			postgres.close();
		}
		catch (IOException | RuntimeException ex) {
			log.debug("Closing the stopped embedded PostgreSQL: {}", ex.getMessage());
		}
	}

	/** True once the JVM runs its shutdown hooks (adding one is then refused). */
	private static boolean jvmShuttingDown() {
		Thread probe = new Thread(() -> {
		});
		try {
			Runtime.getRuntime().addShutdownHook(probe);
			Runtime.getRuntime().removeShutdownHook(probe);
			return false;
		}
		catch (IllegalStateException ex) {
			return true;
		}
	}

	private static long readPid(Path dataDirectory) {
		try {
			List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
			return lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
		}
		catch (IOException | NumberFormatException ex) {
			return -1;
		}
	}

	private static boolean isAlive(long pid) {
		Optional<ProcessHandle> process = ProcessHandle.of(pid);
		return process.isPresent() && process.get().isAlive() && !isZombie(pid);
	}

	/**
	 * A data folder another running Carnet uses (its embedded server holds zonky's lock on {@code epg-lock} for as
	 * long as it runs) is refused before anything is touched: its postmaster is not an orphan, and stopping it would
	 * take the database from under the running application. Only a lock nobody holds (the JVM that held it is gone)
	 * lets the start go on to {@link #recoverFromUncleanStop}.
	 */
	private static void refuseIfInUse(Path dataDirectory) throws IOException {
		Path lockFile = dataDirectory.resolve(LOCK_FILE);
		if (!Files.exists(lockFile)) {
			return;
		}
		boolean held;
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
			FileLock lock = channel.tryLock();
			held = lock == null;
			if (lock != null) {
				lock.release();
			}
		}
		catch (OverlappingFileLockException ex) {
			held = true;
		}
		if (held) {
			throw new IOException("Another running Carnet uses this data folder (" + lockFile + " is locked); stop it "
					+ "first, or give this one its own carnet.data-dir");
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
				process.get().onExit().get(30, TimeUnit.SECONDS);
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
		closing = true;
		supervisor.interrupt();
		try {
			supervisor.join(RESTART_WAIT.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		postgres.close();
	}
}
