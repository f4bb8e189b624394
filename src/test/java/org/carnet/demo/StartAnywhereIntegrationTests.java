package org.carnet.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.carnet.testing.FreePorts;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Carnet started as an operator starts the jar: its own JVM, from an empty folder that is not the source checkout,
 * with no {@code policies/} in sight and no data directory named. It finds its packaged policies, takes the
 * operator's override from {@code carnet.policies-dir}, keeps its data in {@code ~/.carnet}, writes nothing into the
 * working folder, and answers a sign-in as a demo user the moment its port accepts connections.
 */
class StartAnywhereIntegrationTests {

	@TempDir
	Path workingFolder;

	@TempDir
	Path home;

	@TempDir
	Path policies;

	@Test
	void startedFromAnEmptyFolderItServesSignInAtOnceWithPackagedPoliciesAndTheOperatorsOverride() throws Exception {
		Files.createDirectories(policies.resolve("consent"));
		Files.writeString(policies.resolve("consent/GR.yaml"), "share-codes:\n  lifetime: 7m\n");
		int port = FreePorts.next();
		Path log = home.resolve("carnet.log");
		// the JIT's first tier only, as the test JVMs and the replicas of ReplicasFailoverIntegrationTests: C2's
		// compilations were most of a start on a machine shared with the test run, and change nothing it checks
		ProcessBuilder command = new ProcessBuilder(javaBinary(), "-Xmx512m", "-XX:+ExitOnOutOfMemoryError",
				"-XX:TieredStopAtLevel=1", "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"),
				"org.carnet.CarnetApplication",
				"--spring.profiles.active=demo", "--carnet.demo.statistics-persons=0", "--server.port=" + port, "--management.server.port=0",
				"--carnet.database.durable=false",
				"--carnet.policies-dir=" + policies, "--logging.level.root=warn", "--logging.level.org.carnet=info")
			.directory(workingFolder.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		command.environment().keySet().removeIf(name -> name.startsWith("CARNET_") || name.startsWith("SPRING_"));
		long started = System.nanoTime();
		Process carnet = command.start();
		try {
			waitForPort(port, carnet, log);
			long portOpen = (System.nanoTime() - started) / 1_000_000;
			// at once: no pause between the port opening and the sign-in
			String token = new Tokens(port).login("amina", "amina-demo-pass");
			long signedIn = (System.nanoTime() - started) / 1_000_000;
			System.out.printf("Started from an empty folder: port open after %d ms, amina signed in after %d ms%n",
					portOpen, signedIn);

			JsonNode code = new GraphQlRequests(port).execute(token, """
					mutation { createShareCode(input: {categories: [ALLERGIES], purposes: [TREATMENT]}) { expiresAt } }
					""", Map.of());
			Instant expires = Instant.parse(code.at("/data/createShareCode/expiresAt").asString());
			assertThat(Duration.between(Instant.now(), expires)).as("amina's record is held in GR: GR.yaml of "
					+ "carnet.policies-dir sets share codes to 7 minutes")
				.isBetween(Duration.ofMinutes(6), Duration.ofMinutes(7));
			assertThat(Files.readString(log)).contains("Consent policies: default and [DE, ES, FR, GR, IT]; from "
					+ policies.resolve("consent") + ": [GR.yaml]")
				.contains("Audit retention policy from classpath:policies/audit/retention.yaml");
			assertThat(home.resolve(".carnet/postgres/PG_VERSION")).as("data under ~/.carnet").exists();
			assertThat(home.resolve(".carnet/keys/kek.p12")).exists();
			try (Stream<Path> written = Files.list(workingFolder)) {
				assertThat(written).as("files written into the working folder").isEmpty();
			}
		}
		finally {
			stop(carnet);
		}
	}

	private void waitForPort(int port, Process carnet, Path log) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
		while (System.nanoTime() < deadline) {
			if (!carnet.isAlive()) {
				throw new AssertionError("Carnet stopped with " + carnet.exitValue() + ":\n" + Files.readString(log));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return;
			}
			catch (IOException notYet) {
				Thread.sleep(20);
			}
		}
		throw new AssertionError("Carnet did not open port " + port + " within 3 minutes:\n" + Files.readString(log));
	}

	/**
	 * Stops Carnet as a service manager would (SIGTERM): it stops its PostgreSQL too, and the supervisor does not
	 * start it again while the JVM exits. A server left running is stopped here, and fails the test.
	 */
	private void stop(Process carnet) throws Exception {
		Path pidFile = home.resolve(".carnet/postgres/postmaster.pid");
		long postmaster = Files.exists(pidFile) ? Long.parseLong(Files.readAllLines(pidFile).get(0).trim()) : -1;
		carnet.destroy();
		if (!carnet.waitFor(60, TimeUnit.SECONDS)) {
			List<ProcessHandle> children = new ArrayList<>(carnet.descendants().toList());
			carnet.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			children.forEach(ProcessHandle::destroyForcibly);
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (Files.exists(pidFile) && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		List<ProcessHandle> left = new ArrayList<>();
		for (long pid : new long[] { postmaster, Files.exists(pidFile)
				? Long.parseLong(Files.readAllLines(pidFile).get(0).trim()) : -1 }) {
			ProcessHandle.of(pid)
				.filter(ProcessHandle::isAlive)
				.filter(process -> process.info().commandLine().orElse("").contains(home.toString()))
				.ifPresent(left::add);
		}
		left.forEach(ProcessHandle::destroy);
		assertThat(left).as("PostgreSQL servers left running after Carnet stopped").isEmpty();
	}


	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}
}
