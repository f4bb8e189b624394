package org.carnet.replicas;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import org.carnet.CarnetApplication;
import org.carnet.core.Jurisdiction;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.carnet.identity.Accounts;
import org.carnet.keyring.PersonKeys;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two instances of Carnet on one PostgreSQL, as two replicas behind a load balancer: A runs the embedded server, B
 * connects to it as to an external one, both with the same data folder's keys (as replicas share their Secrets). What
 * one instance changes, the other honours from its next request; the signed checkpoints come once per period.
 * <p>
 * The keyring is the local one, loaded by each instance at its start: a KEK rotation on one instance (as after an
 * erasure) is not seen by the other, which then cannot unwrap the keys rewrapped under the new version. Replicas
 * need Vault (docs/operations.md, "Several replicas"); these tests keep to jurisdictions no instance rotated.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReplicasIntegrationTests {

	static final String ISSUER = "http://carnet.replicas.test";

	static final Duration CHECKPOINT_PERIOD = Duration.ofSeconds(2);

	static final String READ_ALLERGIES = """
			query ReadAllergies($id: ID!) { person(id: $id, purpose: TREATMENT) { allergies { substance } } }""";

	@TempDir
	static Path dataDir;

	static ConfigurableApplicationContext a;

	static ConfigurableApplicationContext b;

	static GraphQlRequests graphqlA;

	static GraphQlRequests graphqlB;

	static TestUsers usersA;

	static JdbcClient jdbc;

	@BeforeAll
	static void startTwoInstances() throws Exception {
		a = start();
		Properties passwords = new Properties();
		try (Reader reader = Files.newBufferedReader(dataDir.resolve("postgres-passwords.properties"))) {
			passwords.load(reader);
		}
		int port = Integer.parseInt(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(3)
			.trim());
		b = start("--spring.datasource.url=jdbc:postgresql://localhost:" + port + "/carnet",
				"--spring.datasource.username=carnet_app",
				"--spring.datasource.password=" + passwords.getProperty("carnet_app"),
				// the migrations' own URL too: Boot cannot derive it from the tests' statement-counting pool proxy
				"--spring.liquibase.url=jdbc:postgresql://localhost:" + port + "/carnet",
				"--spring.liquibase.user=carnet_owner",
				"--spring.liquibase.password=" + passwords.getProperty("carnet_owner"));
		graphqlA = new GraphQlRequests(port(a));
		graphqlB = new GraphQlRequests(port(b));
		usersA = new TestUsers(a.getBean(Accounts.class), port(a));
		jdbc = a.getBean(JdbcClient.class);
	}

	@AfterAll
	static void stopBoth() {
		if (b != null) {
			b.close();
		}
		if (a != null) {
			a.close();
		}
	}

	@Test
	@Order(1)
	void aPersonErasedThroughOneInstanceIsServedByNeitherFromTheNextRequest() {
		SignedIn clinician = usersA.clinician("CY");
		String personId = register(clinician, "CY");
		PersonId person = PersonId.parse(personId, "id");
		SignedIn self = usersA.migrant(person, Jurisdiction.of("CY"));
		MeterRegistry metersB = b.getBean(MeterRegistry.class);
		double hitsBefore = keyCacheHits(metersB);
		assertThat(substance(graphqlB.execute(clinician.token(), READ_ALLERGIES, Map.of("id", personId))))
			.isEqualTo("Penicillin");
		assertThat(substance(graphqlB.execute(clinician.token(), READ_ALLERGIES, Map.of("id", personId))))
			.isEqualTo("Penicillin");
		assertThat(keyCacheHits(metersB)).as("B answered from its key cache").isGreaterThan(hitsBefore);

		JsonNode erased = graphqlA.execute(self.token(), """
				mutation Erase($id: ID!) { erasePerson(id: $id) { personId } }""", Map.of("id", personId));
		long answered = System.nanoTime();
		assertThat(erased.has("errors")).as(erased.toString()).isFalse();
		// B's key cache has let the key go: nothing left in B could decrypt a copy of the record
		PersonKeys keysOfB = b.getBean(PersonKeys.class);
		assertThatThrownBy(() -> keysOfB.cipher(person)).as("B's first look-up after A answered")
			.isInstanceOf(NotFound.class);
		System.out.printf("B's first look-up of the erased person's key, %d ms after A answered: not found%n",
				(System.nanoTime() - answered) / 1_000_000);

		JsonNode readOnB = graphqlB.execute(clinician.token(), READ_ALLERGIES, Map.of("id", personId));
		assertThat(readOnB.at("/errors/0/extensions/classification").asString()).isEqualTo("NOT_FOUND");
		assertThat(readOnB.toString()).doesNotContain("Penicillin");
	}

	@Test
	@Order(2)
	void aConsentRevokedThroughOneInstanceIsHonouredByTheOtherOnItsNextRead() {
		// not CY: the erasure above rotated CY's KEK in A's local key store, which B does not share (see the class)
		SignedIn registrar = usersA.clinician("GR");
		String personId = register(registrar, "GR");
		SignedIn self = usersA.migrant(PersonId.parse(personId, "id"), Jurisdiction.of("GR"));
		SignedIn weber = usersA.clinician("DE");
		String grantId = graphqlA.execute(self.token(), """
				mutation Grant($u: String!) { grantConsent(input: {grantee: {kind: USER, value: $u},
				  categories: [ALLERGIES], purposes: [TREATMENT], jurisdictions: ["DE"]}) { id } }""",
				Map.of("u", weber.username()))
			.at("/data/grantConsent/id")
			.asString();
		assertThat(substance(graphqlB.execute(weber.token(), READ_ALLERGIES, Map.of("id", personId))))
			.isEqualTo("Penicillin");

		JsonNode revoked = graphqlA.execute(self.token(),
				"mutation($id: ID!) { revokeConsent(id: $id, reason: \"Treatment finished\") { status } }",
				Map.of("id", grantId));
		assertThat(revoked.at("/data/revokeConsent/status").asString()).isEqualTo("REVOKED");

		JsonNode readOnB = graphqlB.execute(weber.token(), READ_ALLERGIES, Map.of("id", personId));
		assertThat(readOnB.at("/errors/0/extensions/classification").asString()).isEqualTo("CONSENT_REQUIRED");
		assertThat(readOnB.toString()).doesNotContain("Penicillin");
	}

	@Test
	@Order(3)
	void bothInstancesSignOneCheckpointPerPeriodAndOneAloneGoesOn() throws Exception {
		SignedIn clinician = usersA.clinician("GR");
		String personId = register(clinician, "GR");
		Instant since = jdbc.sql("select clock_timestamp()").query(java.time.OffsetDateTime.class).single().toInstant();

		readOnBothFor(clinician, personId, CHECKPOINT_PERIOD.multipliedBy(4));
		List<Long> perPeriodTogether = checkpointsPerPeriod(since);
		Instant alone = jdbc.sql("select clock_timestamp()").query(java.time.OffsetDateTime.class).single().toInstant();
		b.close(); // B goes away; A is left alone with the schedule
		b = null;
		for (long end = System.nanoTime() + CHECKPOINT_PERIOD.multipliedBy(3).toNanos(); System.nanoTime() < end;) {
			graphqlA.execute(clinician.token(), READ_ALLERGIES, Map.of("id", personId));
			Thread.sleep(100);
		}
		List<Long> perPeriodAlone = checkpointsPerPeriod(alone);

		System.out.printf("Checkpoints per %d s period: %s with two instances, %s with one%n",
				CHECKPOINT_PERIOD.toSeconds(), perPeriodTogether, perPeriodAlone);
		assertThat(perPeriodTogether).hasSizeGreaterThanOrEqualTo(3).allMatch(count -> count == 1);
		assertThat(perPeriodAlone).hasSizeGreaterThanOrEqualTo(2).allMatch(count -> count == 1);
	}

	private static void readOnBothFor(SignedIn clinician, String personId, Duration duration)
			throws InterruptedException {
		for (long end = System.nanoTime() + duration.toNanos(); System.nanoTime() < end;) {
			graphqlA.execute(clinician.token(), READ_ALLERGIES, Map.of("id", personId));
			graphqlB.execute(clinician.token(), READ_ALLERGIES, Map.of("id", personId));
			Thread.sleep(100);
		}
	}

	/** How many checkpoints each period (of the schedule, on the database's clock) since {@code since} holds. */
	private static List<Long> checkpointsPerPeriod(Instant since) {
		double seconds = CHECKPOINT_PERIOD.toSeconds();
		return jdbc.sql("select count(*) from audit_checkpoints where created_at >= ? "
				+ "group by floor(extract(epoch from created_at) / ?) order by 1")
			.params(Timestamp.from(since), seconds)
			.query(Long.class)
			.list();
	}

	private static String register(SignedIn clinician, String home) {
		String personId = graphqlA.execute(clinician.token(), """
				mutation Register($home: CountryCode!) { registerPerson(input: {homeJurisdiction: $home,
				  identity: {givenNames: "Nadia", familyName: "Karam"}}) { personId } }""", Map.of("home", home))
			.at("/data/registerPerson/personId")
			.asString();
		graphqlA.execute(clinician.token(),
				"mutation($p: ID!) { addAllergy(personId: $p, input: {substance: \"Penicillin\"}) { id } }",
				Map.of("p", personId));
		return personId;
	}

	private static String substance(JsonNode read) {
		assertThat(read.has("errors")).as(read.toString()).isFalse();
		return read.at("/data/person/allergies/0/substance").asString();
	}

	private static double keyCacheHits(MeterRegistry meters) {
		return meters.get("cache.gets").tag("cache", "person-keys").tag("result", "hit").functionCounter().count();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static ConfigurableApplicationContext start(String... more) {
		String[] common = { "--carnet.data-dir=" + dataDir, "--server.port=0", "--carnet.issuer=" + ISSUER,
				"--carnet.audit.checkpoint-interval=" + CHECKPOINT_PERIOD.toMillis() + "ms",
				"--logging.level.root=warn" };
		String[] args = new String[common.length + more.length];
		System.arraycopy(common, 0, args, 0, common.length);
		System.arraycopy(more, 0, args, common.length, more.length);
		return new SpringApplicationBuilder(CarnetApplication.class).profiles("test").run(args);
	}
}
