package org.carnet.keyring;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.carnet.testing.ExpectedErrorLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application on the Vault keyring (against the test-only transit stand-in): when Vault is sealed, a read
 * needing an uncached key answers UNAVAILABLE quickly with no health value, the failure is in the access ledger,
 * and reads work again once Vault is unsealed, without a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class VaultSealedGraphQlTests {

	static final VaultTransitStandIn vault = VaultTransitStandIn.start();

	static final String READ = """
			query ReadAllergies($id: ID!) { person(id: $id, purpose: TREATMENT) { allergies { substance } } }""";

	@DynamicPropertySource
	static void vaultKeyring(DynamicPropertyRegistry registry) {
		new TransitAdmin(vault.address(), VaultTransitStandIn.ROOT_TOKEN).createKek("transit", "carnet-gr");
		registry.add("carnet.keyring", () -> "vault");
		registry.add("carnet.vault.address", vault::address);
		registry.add("carnet.vault.token", () -> VaultTransitStandIn.ROOT_TOKEN);
	}

	@AfterAll
	static void stop() {
		vault.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	PersonKeys keys;

	@Test
	@ExpectedErrorLogs("Vault is sealed")
	void sealedVaultFailsClosedIsAuditedAndRecoversWithoutRestart() {
		GraphQlRequests graphql = new GraphQlRequests(port);
		TestUsers users = new TestUsers(accounts, port);
		SignedIn clinician = users.clinician("GR");
		String personId = graphql.execute(clinician.token(), """
				mutation { registerPerson(input: {homeJurisdiction: "GR", identity: {givenNames: "Layla"}}) { personId } }""")
			.at("/data/registerPerson/personId")
			.asString();
		graphql.execute(clinician.token(),
				"mutation($p: ID!) { addAllergy(personId: $p, input: {substance: \"Penicillin\"}) { id } }",
				Map.of("p", personId));
		assertThat(graphql.execute(clinician.token(), READ, Map.of("id", personId))
			.at("/data/person/allergies/0/substance")
			.asString()).isEqualTo("Penicillin");

		keys.evictAll();
		vault.seal();
		long started = System.nanoTime();
		JsonNode sealed = graphql.execute(clinician.token(), READ, Map.of("id", personId));
		long millis = (System.nanoTime() - started) / 1_000_000;

		assertThat(sealed.at("/data/person/allergies").isNull()).as(sealed.toString()).isTrue();
		assertThat(sealed.at("/errors/0/extensions/classification").asString()).isEqualTo("UNAVAILABLE");
		assertThat(sealed.toString()).doesNotContain("Penicillin");
		assertThat(millis).as("answered within 2 s").isLessThan(2000);

		SignedIn auditor = users.staff(Role.AUDITOR, "GR");
		JsonNode events = graphql.execute(auditor.token(), """
				query($p: ID!) { auditEvents(filter: {personId: $p, actions: [READ]}, first: 1) {
				  edges { node { outcome categoriesServed } } } }""", Map.of("p", personId));
		assertThat(events.at("/data/auditEvents/edges/0/node/outcome").asString()).isEqualTo("ERROR");

		vault.unseal();
		assertThat(graphql.execute(clinician.token(), READ, Map.of("id", personId))
			.at("/data/person/allergies/0/substance")
			.asString()).isEqualTo("Penicillin");
	}

	@Test
	@ExpectedErrorLogs("Vault is sealed")
	void aSealedVaultGivesTheFhirSummary503WithAnOperationOutcomeAndNoHealthData() throws Exception {
		GraphQlRequests graphql = new GraphQlRequests(port);
		SignedIn clinician = new TestUsers(accounts, port).clinician("GR");
		String personId = graphql.execute(clinician.token(), """
				mutation { registerPerson(input: {homeJurisdiction: "GR", identity: {givenNames: "Nadia"}}) { personId } }""")
			.at("/data/registerPerson/personId")
			.asString();
		graphql.execute(clinician.token(),
				"mutation($p: ID!) { addAllergy(personId: $p, input: {substance: \"Sulfonamides\"}) { id } }",
				Map.of("p", personId));
		HttpRequest summary = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/Patient/" + personId
				+ "/$summary"))
			.header("Authorization", "Bearer " + clinician.token())
			.header("Accept", "application/fhir+json")
			.build();
		HttpClient client = HttpClient.newHttpClient();
		assertThat(client.send(summary, HttpResponse.BodyHandlers.ofString()).body()).contains("Sulfonamides");

		keys.evictAll();
		vault.seal();
		try {
			HttpResponse<String> sealed = client.send(summary, HttpResponse.BodyHandlers.ofString());

			assertThat(sealed.statusCode()).as(sealed.body()).isEqualTo(503);
			assertThat(sealed.body()).startsWith("{\"resourceType\":\"OperationOutcome\"")
				.doesNotContain("Sulfonamides", "Nadia", "Bundle");
		}
		finally {
			vault.unseal();
		}
	}
}
