package org.carnet.database;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.carnet.core.DataDirectory;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.record.Person;
import org.carnet.record.RecordFixtures;
import org.carnet.record.Records;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Faults of the database that the service must get over without a person at the console, on an application of its
 * own (its database is locked and killed here). Its data folder is one made before passwords (pg_hba.conf trusting
 * local connections, roles without passwords), as earlier versions of Carnet left it: the start moves it to SCRAM.
 * The web server has 8 threads and at most 4 may wait for the ledger, so that a stalled ledger would take every
 * thread without the bulkhead.
 * <p>
 * Its server is durable, as in production (the other tests' is not, for speed): without synchronous commit a killed
 * server loses the transactions of its last few hundred milliseconds, here the reader's own account, created just
 * before the kill, whose token was then refused (401) instead of the outage being told (503).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"server.tomcat.threads.max=8", "carnet.audit.max-waiting=4", "carnet.database.supervision-interval=250ms",
		"carnet.database.durable=true" })
@ActiveProfiles("test")
class DatabaseFaultsIntegrationTests {

	static final Path DATA_DIR = Path.of("target", "test-data", "faults-" + UUID.randomUUID()).toAbsolutePath();

	static final String READ = "{ myRecord { id identity { givenNames } } }";

	@LocalServerPort
	int port;

	@Autowired
	Records records;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataDirectory dataDirectory;

	GraphQlRequests graphql;

	TestUsers.SignedIn migrant;

	TestUsers.SignedIn auditor;

	/** A data folder as Carnet made it before passwords: trust for every local connection, roles without one. */
	@DynamicPropertySource
	static void dataFolderFromBeforePasswords(DynamicPropertyRegistry registry) throws IOException, SQLException {
		Path postgres = DATA_DIR.resolve("postgres");
		Files.createDirectories(postgres);
		try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(postgres).setCleanDataDirectory(false)
			.start(); Connection connection = old.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create role carnet_owner login");
			statement.execute("create role carnet_app login");
			statement.execute("create database carnet owner carnet_owner");
		}
		assertThat(Files.readString(postgres.resolve("pg_hba.conf"))).containsPattern("(?m)^host.*trust");
		registry.add("carnet.data-dir", DATA_DIR::toString);
	}

	@BeforeEach
	void aPersonWhoReadsTheirRecord() {
		graphql = new GraphQlRequests(port);
		Person person = records.register(RecordFixtures.registration("Mariam", "Noori", RecordFixtures.clinician(accounts, "dr.faults")));
		TestUsers users = new TestUsers(accounts, port);
		migrant = users.migrant(person.id(), person.homeJurisdiction());
		auditor = users.staff(Role.AUDITOR, "GR");
		assertThat(graphql.execute(migrant.token(), READ).at("/data/myRecord/identity/givenNames").asString())
			.isEqualTo("Mariam");
	}

	@Test
	void aDataFolderFromBeforePasswordsRequiresThemAndTheApplicationStillWorks() throws IOException {
		Path passwordFile = dataDirectory.resolve("postgres-passwords.properties");
		String url = "jdbc:postgresql://localhost:" + serverPort() + "/carnet";

		assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "")).isInstanceOf(SQLException.class)
			.hasMessageContaining("The server requested SCRAM-based authentication");
		assertThatThrownBy(() -> DriverManager.getConnection(url, new Properties() {
			{
				setProperty("user", "postgres");
			}
		})).isInstanceOf(SQLException.class).hasMessageContaining("no password was provided");
		assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "not-the-secret"))
			.isInstanceOf(SQLException.class)
			.hasMessageContaining("password authentication failed for user \"postgres\"");
		assertThatThrownBy(() -> DriverManager.getConnection(url, "carnet_app", "not-the-secret"))
			.isInstanceOf(SQLException.class)
			.hasMessageContaining("password authentication failed for user \"carnet_app\"");
		assertThat(Files.readString(dataDirectory.resolve("postgres").resolve("pg_hba.conf")))
			.doesNotContainPattern("(?m)^[^#]*\\btrust\\b")
			.containsPattern("(?m)^local\\s+all\\s+all\\s+scram-sha-256")
			.containsPattern("(?m)^host\\s+all\\s+all\\s+127\\.0\\.0\\.1/32\\s+scram-sha-256");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");

		// with the secret from the data directory, and only with it, the superuser gets in
		try (Connection superuser = DriverManager.getConnection(url, "postgres", passwords().getProperty("postgres"));
				Statement statement = superuser.createStatement()) {
			assertThat(statement.executeQuery("select current_user").next()).isTrue();
		}
		catch (SQLException ex) {
			throw new AssertionError(ex);
		}
		assertThat(jdbc.sql("select count(*) from persons").query(Long.class).single()).isPositive();
		assertThat(graphql.execute(migrant.token(), "{ me { subject } }").at("/data/me/subject").asString())
			.isEqualTo(migrant.username());
	}

	/**
	 * Only 4 operations may wait for the ledger here: a list of 12 persons is one operation, not 12, so it is served
	 * (and its 12 events are written) where counting each person's event would refuse it as "not keeping up".
	 */
	@Test
	void aListOfManyPersonsTakesOnePlaceAmongTheOperationsWaitingForTheLedger() {
		String token = new Tokens(port).login("dr.faults", TestUsers.PASSWORD);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			ids.add(records.register(RecordFixtures.registration("Person" + i, "Noori",
					RecordFixtures.clinician(accounts, "dr.faults"))).id().toString());
		}
		long readsBefore = readEvents();

		JsonNode answer = graphql.execute(token,
				"query ListRead($ids: [ID!]!) { persons(ids: $ids, purpose: TREATMENT) { id identity { givenNames } } }",
				java.util.Map.of("ids", ids));

		assertThat(answer.has("errors")).as(answer.toString()).isFalse();
		assertThat(answer.at("/data/persons")).hasSize(12);
		assertThat(readEvents() - readsBefore).as("one READ event per person served").isEqualTo(12);
	}

	@Test
	void aLockedLedgerRefusesReadsWithinThreeSecondsWhileMeAnswersAndAllWorksOnceItIsReleased() throws Exception {
		long eventsBefore = readEvents();
		ConcurrentLinkedQueue<Long> reads = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<String> served = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<String> classifications = new ConcurrentLinkedQueue<>();
		List<Long> meMillis = new ArrayList<>();
		AtomicBoolean locked = new AtomicBoolean(true);
		ExecutorService readers = Executors.newFixedThreadPool(12);
		try (Connection holder = superuser()) {
			holder.setAutoCommit(false);
			try (Statement statement = holder.createStatement()) {
				statement.execute("lock table access_events in exclusive mode");
			}
			for (int i = 0; i < 12; i++) {
				readers.submit(() -> {
					GraphQlRequests own = new GraphQlRequests(port);
					while (locked.get()) {
						long started = System.nanoTime();
						JsonNode answer = own.execute(migrant.token(), READ);
						reads.add((System.nanoTime() - started) / 1_000_000);
						if (!answer.at("/data/myRecord").isNull() && !answer.at("/data/myRecord").isMissingNode()) {
							served.add(answer.toString());
						}
						classifications.add(answer.at("/errors/0/extensions/classification").asString());
					}
					return null;
				});
			}
			long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
			while (System.nanoTime() < until) {
				long started = System.nanoTime();
				JsonNode me = graphql.execute(migrant.token(), "{ me { subject } }");
				meMillis.add((System.nanoTime() - started) / 1_000_000);
				assertThat(me.at("/data/me/subject").asString()).isEqualTo(migrant.username());
				Thread.sleep(200);
			}
			// the load balancer's probe says so too: the ledger cannot append (its check waits on the same lock)
			int readinessWhileLocked = readiness();
			locked.set(false);
			readers.shutdown();
			assertThat(readers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
			holder.rollback();
			assertThat(readinessWhileLocked).as("readiness while the ledger was held").isEqualTo(503);
		}
		System.out.printf("Ledger locked 6 s: %d reads refused, slowest %d ms; me answered %d times, slowest %d ms%n",
				reads.size(), reads.stream().mapToLong(Long::longValue).max().orElse(0), meMillis.size(),
				meMillis.stream().mapToLong(Long::longValue).max().orElse(0));

		assertThat(served).as("reads that served data while the ledger could not record them").isEmpty();
		assertThat(classifications).isNotEmpty().containsOnly("UNAVAILABLE");
		assertThat(reads).allSatisfy(millis -> assertThat(millis).isLessThan(3000));
		// without the bulkhead every web thread waits for the ledger, and `me` with them (about 2 s)
		assertThat(meMillis).hasSizeGreaterThan(10).allSatisfy(millis -> assertThat(millis).isLessThan(1500));

		long recovered = System.nanoTime();
		JsonNode read = untilServed(10);
		System.out.printf("Ledger released: reads served again after %d ms%n",
				(System.nanoTime() - recovered) / 1_000_000);
		assertThat(read.at("/data/myRecord/identity/givenNames").asString()).isEqualTo("Mariam");
		assertThat(readEvents()).as("the read served after the release is in the ledger").isGreaterThan(eventsBefore);
		assertThat(verification().at("/data/verifyAuditLog/ok").asBoolean()).isTrue();
	}

	@Test
	void aKilledPostgresIsStartedAgainOnItsPortWhileRequestsFailFast() throws Exception {
		Path pidFile = dataDirectory.resolve("postgres").resolve("postmaster.pid");
		List<String> before = Files.readAllLines(pidFile);
		long pid = Long.parseLong(before.get(0).trim());
		int portBefore = serverPort();

		// probes as a load balancer sends them, every 50 ms, each on its own (one may wait while another answers)
		HttpClient prober = HttpClient.newHttpClient();
		List<CompletableFuture<Integer>> probes = new ArrayList<>();
		ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
		AtomicBoolean reading = new AtomicBoolean(true);
		ExecutorService readers = Executors.newFixedThreadPool(3);
		long eventsBefore = readEvents();
		// the token before the kill: issuing one needs the database too, and is not what this test measures
		String token = migrant.token();
		long killed = System.nanoTime();
		// SIGKILL; no waiting for the process to be gone: its parent may leave it a zombie for a while, and the
		// supervisor may have started the server again by then
		assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();

		// three readers go on reading: a read that still reaches a backend of the dead server may be served (with its
		// event), the others are refused; a read that starts after the last refusal and is served marks the recovery
		for (int i = 0; i < 3; i++) {
			readers.submit(() -> {
				GraphQlRequests own = new GraphQlRequests(port);
				while (reading.get()) {
					long started = System.nanoTime();
					try {
						JsonNode answer = own.execute(token, READ);
						outcomes.add(new Outcome(started - killed, System.nanoTime() - killed,
								answer.at("/data/myRecord/id").isString(),
								answer.at("/errors/0/extensions/classification").asString()));
					}
					catch (IllegalStateException ex) {
						// refused before the GraphQL engine (the token's account is checked in the database): 503
						// with the same classification; anything else is recorded so that the assertions name it
						boolean unavailable = String.valueOf(ex.getMessage()).startsWith("POST /graphql answered 503")
								&& ex.getMessage().contains("\"classification\":\"UNAVAILABLE\"");
						outcomes.add(new Outcome(started - killed, System.nanoTime() - killed, false,
								unavailable ? "UNAVAILABLE" : "no answer: " + ex));
					}
					Thread.sleep(30);
				}
				return null;
			});
		}
		while (System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(8)) {
			probes.add(prober.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port
					+ "/readyz")).GET().build(), HttpResponse.BodyHandlers.discarding())
				.thenApply(HttpResponse::statusCode));
			Thread.sleep(50);
		}
		reading.set(false);
		readers.shutdown();
		assertThat(readers.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
		List<Outcome> refused = outcomes.stream().filter(outcome -> !outcome.served()).toList();
		List<Outcome> served = outcomes.stream().filter(Outcome::served).toList();
		long lastRefusal = refused.stream().mapToLong(Outcome::endedNanos).max().orElse(Long.MAX_VALUE);
		long recoveredMillis = served.stream()
			.filter(outcome -> outcome.startedNanos() > lastRefusal)
			.mapToLong(Outcome::endedNanos)
			.min()
			.orElse(-1_000_000) / 1_000_000;
		System.out.printf("PostgreSQL killed: %d reads refused (slowest %d ms), %d served (slowest %d ms); reads "
				+ "served again %d ms after the kill%n", refused.size(), refused.stream()
					.mapToLong(Outcome::millis).max().orElse(0), served.size(), served.stream()
					.mapToLong(Outcome::millis).max().orElse(0), recoveredMillis);

		assertThat(refused).as("reads while the server was down").isNotEmpty()
			.allSatisfy(outcome -> assertThat(outcome.classification()).isEqualTo("UNAVAILABLE"))
			.allSatisfy(outcome -> assertThat(outcome.millis()).isLessThan(3000));
		List<Integer> statuses = probes.stream().map(CompletableFuture::join).toList();
		assertThat(statuses).as("readiness while the server was being started again").contains(503);
		assertThat(recoveredMillis).as("reads served again after the last refusal").isBetween(0L, 15_000L);
		JsonNode read = untilServed(5);
		assertThat(read.at("/data/myRecord/identity/givenNames").asString()).isEqualTo("Mariam");
		assertThat(readEvents() - eventsBefore).as("every read served has its event").isGreaterThanOrEqualTo(
				served.size());
		long newPid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
		assertThat(newPid).isNotEqualTo(pid);
		assertThat(serverPort()).isEqualTo(portBefore);
		assertThat(readiness()).isEqualTo(200);
		assertThat(verification().at("/data/verifyAuditLog/ok").asBoolean()).isTrue();
	}

	/** One read during the outage: when it started and ended (since the kill), and what it answered. */
	record Outcome(long startedNanos, long endedNanos, boolean served, String classification) {

		long millis() {
			return (endedNanos - startedNanos) / 1_000_000;
		}
	}

	private JsonNode untilServed(int seconds) throws InterruptedException {
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		JsonNode answer = null;
		while (System.nanoTime() < until) {
			answer = graphql.execute(migrant.token(), READ);
			if (answer.at("/data/myRecord/id").isString()) {
				return answer;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("Reads still refused after " + seconds + " s: " + answer);
	}

	private long readEvents() {
		return jdbc.sql("select count(*) from access_events where action = 'READ'").query(Long.class).single();
	}

	private JsonNode verification() {
		return graphql.execute(auditor.token(), "{ verifyAuditLog { ok } }");
	}

	private int readiness() {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/readyz"))
					.GET()
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The embedded server's port, from its pid file (line 4), as an operator would find it. */
	private int serverPort() throws IOException {
		return Integer.parseInt(Files.readAllLines(dataDirectory.resolve("postgres").resolve("postmaster.pid"))
			.get(3)
			.trim());
	}

	private Connection superuser() throws IOException, SQLException {
		return DriverManager.getConnection("jdbc:postgresql://localhost:" + serverPort() + "/carnet", "postgres",
				passwords().getProperty("postgres"));
	}

	private Properties passwords() throws IOException {
		Properties passwords = new Properties();
		try (Reader reader = Files.newBufferedReader(dataDirectory.resolve("postgres-passwords.properties"))) {
			passwords.load(reader);
		}
		return passwords;
	}
}
