package org.carnet.replicas;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.carnet.portal.PortalSession;
import org.carnet.testing.FreePorts;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two replicas of Carnet, each its own JVM, on one PostgreSQL (the machine's server on 127.0.0.1:5432 when it answers,
 * an embedded one otherwise), behind HAProxy on loopback, as a deployment runs them. Under a bounded mixed load of
 * clinicians' reads and writes, replica A is killed (SIGKILL). Then: no acknowledged write is lost, every
 * acknowledged read has its READ event, the audit chains verify, a portal session signed in on A goes on on B, and
 * the signed checkpoints are one per period. The figures (requests per second before and after, seconds of errors
 * seen by clients) are printed. Skipped without HAProxy (.ci/run installs it).
 */
class ReplicasFailoverIntegrationTests {

	private static final int CLIENTS = 6;

	/** The whole record, as the read path's benchmark (scenario a) reads it. */
	private static final String WHOLE_RECORD = """
			id identity { givenNames familyName } allergies { substance severity } medications { name }
			conditions { description } vaccinations { vaccine date } infectiousDiseases { disease result }
			vitals { kind value } bloodGroup { group } labResults { test value } encounters { place }""";

	private static final Duration BEFORE_KILL = Duration.ofSeconds(5);

	/** Longer than the 5 s of errors allowed after the kill, so that errors that never end fail the test. */
	private static final Duration AFTER_KILL = Duration.ofSeconds(7);

	/**
	 * How often the replicas sign checkpoints (and the period in which at most one is signed): short, so that B signs
	 * one a few seconds after the kill, whoever signed the period A died in.
	 */
	private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

	@TempDir
	Path folder;

	private final List<Process> processes = new ArrayList<>();

	private EmbeddedPostgres embedded;

	private String database;

	@AfterEach
	void stopEverything() throws Exception {
		for (Process process : processes) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
		}
		if (embedded != null) {
			embedded.close();
		}
		if (database != null) {
			machineSql("drop database if exists " + database + " with (force)");
		}
	}

	@Test
	void oneReplicaKilledUnderLoadLosesNothingAndTheOtherCarriesOn() throws Exception {
		assumeTrue(onPath("haproxy"), "HAProxy is not installed (apt-get install haproxy)");
		String url = database();
		int balancer = FreePorts.next();
		int portA = FreePorts.next();
		int portB = FreePorts.next();
		Path data = Files.createDirectories(folder.resolve("data"));
		String issuer = "http://127.0.0.1:" + balancer;
		String secret = UUID.randomUUID().toString();

		long starting = System.nanoTime();
		Process a = start("a", portA, url, data, issuer, secret);
		waitUntilReady(portA, a, Duration.ofMinutes(3));
		long aReady = System.nanoTime();
		Process b = start("b", portB, url, data, issuer, secret);
		waitUntilReady(portB, b, Duration.ofMinutes(3));
		System.out.printf("Replica A ready %.1f s after its start (empty database, demo data created), B %.1f s after "
				+ "its own%n", (aReady - starting) / 1e9, (System.nanoTime() - aReady) / 1e9);
		Process haproxy = haproxy(balancer, portA, portB);
		waitUntilReady(balancer, haproxy, Duration.ofSeconds(30));
		JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(url, "postgres", ""));

		// a portal session signed in on A, and tokens taken through the balancer (the sign-in's hops meet both)
		PortalSession portal = new PortalSession(portA);
		portal.signIn("amina", "amina-demo-pass", "/portal/my/record");
		String clinician = new Tokens(balancer).login("dr.nikolaou", "nikolaou-demo-pass");
		String amina = jdbc.sql("select person_id from users where username = 'amina'").query(String.class).single();

		GraphQlRequests api = new GraphQlRequests(balancer);
		ConcurrentLinkedQueue<String> readsServed = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<String> entriesWritten = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<Long> failures = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<String> failureSamples = new ConcurrentLinkedQueue<>();
		AtomicInteger sequence = new AtomicInteger();
		long started = System.nanoTime();
		long stopAt = started + BEFORE_KILL.plus(AFTER_KILL).toNanos();
		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		List<Future<?>> clients = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			clients.add(pool.submit(() -> {
				while (System.nanoTime() < stopAt) {
					int n = sequence.incrementAndGet();
					try {
						if (n % 5 == 0) {
							JsonNode added = api.execute(clinician, "mutation FailoverWrite" + n
									+ "($p: ID!, $i: AllergyInput!) { addAllergy(personId: $p, input: $i) { id } }",
									Map.of("p", amina, "i", Map.of("substance", "Substance " + n)));
							String id = added.at("/data/addAllergy/id").asString("");
							if (!added.has("errors") && !id.isEmpty()) {
								entriesWritten.add(id);
								continue;
							}
							sample(failureSamples, added.toString());
						}
						else {
							JsonNode read = api.execute(clinician, "query FailoverRead" + n
									+ "($p: ID!) { person(id: $p, purpose: TREATMENT) { " + WHOLE_RECORD + " } }",
									Map.of("p", amina));
							if (!read.has("errors") && read.at("/data/person/allergies").isArray()) {
								readsServed.add("FailoverRead" + n);
								continue;
							}
							sample(failureSamples, read.toString());
						}
						failures.add(System.nanoTime() - started);
					}
					catch (RuntimeException ex) {
						failures.add(System.nanoTime() - started);
						sample(failureSamples, ex.toString());
					}
				}
				return null;
			}));
		}
		Thread.sleep(BEFORE_KILL.toMillis());
		int servedBeforeKill = readsServed.size() + entriesWritten.size();
		long killedAt = System.nanoTime() - started;
		a.destroyForcibly(); // SIGKILL
		a.waitFor(20, TimeUnit.SECONDS);
		// on the database's clock, which stamps the checkpoints: any signed after this one was signed by B
		Timestamp aDead = jdbc.sql("select clock_timestamp()").query(Timestamp.class).single();
		for (Future<?> client : clients) {
			client.get(2, TimeUnit.MINUTES);
		}
		pool.shutdownNow();
		int servedAfterKill = readsServed.size() + entriesWritten.size() - servedBeforeKill;

		List<Long> afterKill = failures.stream().filter(at -> at >= killedAt).sorted().toList();
		double errorSeconds = afterKill.isEmpty() ? 0 : (afterKill.get(afterKill.size() - 1) - killedAt) / 1e9;
		System.out.printf("Two replicas behind HAProxy, %d clients: %.0f req/s before the kill, %.0f req/s after; "
				+ "%d failed requests after the kill, the last %.1f s after it; %d before it%n", CLIENTS,
				servedBeforeKill / (killedAt / 1e9), servedAfterKill / (AFTER_KILL.toNanos() / 1e9), afterKill.size(),
				errorSeconds, failures.size() - afterKill.size());

		failureSamples.forEach(sample -> System.out.println("  failure: " + sample));
		assertThat(servedAfterKill).as("requests served by B after A was killed").isPositive();
		assertThat(errorSeconds).as("seconds during which clients saw errors after the kill").isLessThan(5);
		assertThat(failures.size() - afterKill.size()).as("failed requests while both replicas ran").isZero();

		// no acknowledged write lost, every acknowledged read recorded
		Set<String> stored = Set.copyOf(jdbc.sql("select id::text from entries where person_id = ?::uuid")
			.param(amina).query(String.class).list());
		assertThat(entriesWritten).as("acknowledged writes").isNotEmpty().allMatch(stored::contains);
		Set<String> recorded = Set.copyOf(jdbc.sql("""
				select operation_name from access_events
				where action = 'READ' and outcome = 'SUCCESS' and operation_name like 'FailoverRead%'""")
			.query(String.class).list());
		assertThat(readsServed).as("acknowledged reads").isNotEmpty().allMatch(recorded::contains);

		// the chains verify, through the surviving replica
		String auditor = new Tokens(balancer).login("ines.auditor", "ines-demo-pass");
		JsonNode verified = api.execute(auditor, "{ verifyAuditLog { ok eventsChecked } }");
		assertThat(verified.at("/data/verifyAuditLog/ok").asBoolean()).as(verified.toString()).isTrue();

		// the scheduled checkpoints: at most one per period, whichever replica signed it, and the schedule went on
		// after A died (the ledger moved in every period of the load)
		List<Long> perPeriod = jdbc.sql("""
				select count(*) from audit_checkpoints
				group by floor(extract(epoch from created_at) / :seconds) order by 1 desc""")
			.param("seconds", CHECKPOINT_INTERVAL.toSeconds())
			.query(Long.class)
			.list();
		assertThat(perPeriod).as("checkpoints per period").isNotEmpty().allMatch(count -> count == 1);
		assertThat(jdbc.sql("select count(*) from audit_checkpoints where created_at > :aDead").param("aDead", aDead)
			.query(Long.class).single()).as("a checkpoint signed by B after the kill").isPositive();

		// the portal session signed in on A goes on on B
		HttpResponse<String> page = portal.on(portB).get("/portal/my/record");
		assertThat(page.statusCode()).as("amina's record page on B, with the session from A").isEqualTo(200);
		assertThat(page.body()).contains("Penicillin").doesNotContain("name=\"password\"");
	}

	private static void sample(ConcurrentLinkedQueue<String> samples, String failure) {
		if (samples.size() < 5) {
			samples.add(failure.length() > 300 ? failure.substring(0, 300) : failure);
		}
	}

	private Process start(String name, int port, String url, Path data, String issuer, String secret)
			throws IOException {
		Path log = folder.resolve("carnet-" + name + ".log");
		// the JIT's first tier only and one GC thread: on a machine shared with the test run the replicas start in
		// about half the time (C2's compilations were most of their start), and serve this small load as fast
		ProcessBuilder command = new ProcessBuilder(javaBinary(), "-Xmx384m", "-XX:+ExitOnOutOfMemoryError",
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
				"-cp", System.getProperty("java.class.path"), "org.carnet.CarnetApplication",
				"--spring.profiles.active=demo", "--carnet.demo.statistics-persons=0", "--server.port=" + port, "--management.server.port=0",
				"--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
				"--spring.datasource.password=", "--carnet.data-dir=" + data, "--carnet.issuer=" + issuer,
				"--carnet.identity.portal.client-secret=" + secret,
				"--carnet.audit.checkpoint-interval=" + CHECKPOINT_INTERVAL.toSeconds() + "s",
				// one clinician reads as fast as six clients can: above the look-up rate, which is shared by both
				"--carnet.graphql.lookups.per-minute=100000", "--carnet.graphql.lookups.burst=10000",
				"--logging.level.root=warn")
			.directory(folder.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		command.environment().keySet().removeIf(key -> key.startsWith("CARNET_") || key.startsWith("SPRING_"));
		Process process = command.start();
		processes.add(process);
		return process;
	}

	private Process haproxy(int port, int a, int b) throws IOException {
		Path config = folder.resolve("haproxy.cfg");
		Files.writeString(config, """
				global
				  maxconn 256
				defaults
				  mode http
				  timeout connect 1s
				  timeout client 30s
				  timeout server 30s
				  retries 3
				  option redispatch
				  retry-on conn-failure empty-response response-timeout
				frontend carnet
				  bind 127.0.0.1:%d
				  default_backend replicas
				backend replicas
				  balance roundrobin
				  option httpchk GET /readyz
				  server a 127.0.0.1:%d check inter 500ms fall 2 rise 2
				  server b 127.0.0.1:%d check inter 500ms fall 2 rise 2
				""".formatted(port, a, b));
		Process process = new ProcessBuilder("haproxy", "-db", "-f", config.toString()).redirectErrorStream(true)
			.redirectOutput(folder.resolve("haproxy.log").toFile())
			.start();
		processes.add(process);
		return process;
	}

	private static void waitUntilReady(int port, Process process, Duration within) throws Exception {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		long deadline = System.nanoTime() + within.toNanos();
		while (System.nanoTime() < deadline) {
			assertThat(process.isAlive()).as("process on port " + port + " still running").isTrue();
			try {
				HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
						+ "/readyz")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
				if (ready.statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		throw new AssertionError("Not ready on port " + port + " within " + within);
	}

	/** A fresh database on the machine's PostgreSQL when it answers, else on an embedded server of the test's own. */
	private String database() throws Exception {
		if (machineServerAnswers()) {
			database = "carnet_replicas_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
			machineSql("create database " + database);
			return "jdbc:postgresql://127.0.0.1:5432/" + database;
		}
		embedded = EmbeddedPostgres.builder().start();
		return "jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/postgres";
	}

	private static boolean machineServerAnswers() {
		try {
			machineSql("select 1");
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static void machineSql(String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres",
				"postgres", ""); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static boolean onPath(String program) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
	}

}
