package org.carnet.graphql;

import java.util.Map;

import org.carnet.identity.Accounts;
import org.carnet.keyring.PersonKeys;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** An administrator rotates a jurisdiction's KEK through the API; records stay readable; nobody else may. */
@CarnetIntegrationTest
class KeyRotationGraphQlTests {

	static final String ROTATE = """
			mutation { rotateKeyEncryptionKey(jurisdiction: "MT") { jurisdiction kekVersion state total } }""";

	static final String STATUS = """
			{ keyRotationStatus(jurisdiction: "MT") { state kekVersion total done rewrapped failed percent minDecryptionVersion } }""";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	PersonKeys keys;

	@Test
	void anAdministratorRotatesAndTheRecordsStayReadable() throws InterruptedException {
		GraphQlRequests graphql = new GraphQlRequests(port);
		TestUsers users = new TestUsers(accounts, port);
		SignedIn clinician = users.clinician("MT");
		String personId = graphql.execute(clinician.token(), """
				mutation { registerPerson(input: {homeJurisdiction: "MT", identity: {givenNames: "Rania"}}) { personId } }""")
			.at("/data/registerPerson/personId")
			.asString();

		JsonNode refused = graphql.execute(clinician.token(), ROTATE);
		assertThat(refused.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");

		SignedIn admin = users.admin();
		JsonNode started = graphql.execute(admin.token(), ROTATE);
		assertThat(started.has("errors")).as(started.toString()).isFalse();
		int version = started.at("/data/rotateKeyEncryptionKey/kekVersion").asInt();
		assertThat(version).isGreaterThan(1);

		JsonNode status = graphql.execute(admin.token(), STATUS);
		for (int i = 0; i < 100 && !status.at("/data/keyRotationStatus/state").asString().equals("COMPLETED"); i++) {
			Thread.sleep(100);
			status = graphql.execute(admin.token(), STATUS);
		}
		assertThat(status.at("/data/keyRotationStatus/state").asString()).as(status.toString()).isEqualTo("COMPLETED");
		assertThat(status.at("/data/keyRotationStatus/failed").asLong()).isZero();
		assertThat(status.at("/data/keyRotationStatus/minDecryptionVersion").asInt()).isEqualTo(version);

		keys.evictAll();
		JsonNode read = graphql.execute(clinician.token(),
				"query($id: ID!) { person(id: $id, purpose: TREATMENT) { identity { givenNames } } }",
				Map.of("id", personId));
		assertThat(read.at("/data/person/identity/givenNames").asString()).isEqualTo("Rania");
	}
}
