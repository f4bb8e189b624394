package org.carnet.keyring;

import java.util.List;
import java.util.Map;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Crypto-shredding through the API: after erasure nothing of the person can be read, and a copy of the database
 * taken before the erasure (a backup) cannot be decrypted with the keys that remain.
 */
@CarnetIntegrationTest
class ErasureIntegrationTests {

	static final String REGISTER = """
			mutation { registerPerson(input: {homeJurisdiction: "CY", identity: {givenNames: "Nadia", familyName: "Karam"}}) {
			  personId } }""";

	static final String ERASE = """
			mutation Erase($id: ID!, $ref: String) { erasePerson(id: $id, requestReference: $ref) {
			  personId phrNumber erasedAt erasedBy requestReference keysRetired } }""";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	KeyEncryptionKeys keks;

	GraphQlRequests graphql;

	TestUsers users;

	SignedIn clinician;

	@BeforeEach
	void setUp() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		clinician = users.clinician("CY");
	}

	@Test
	void theErasedRecordIsGoneAndABackupTakenBeforeCannotBeDecrypted() {
		String erasedId = register();
		String livingId = register();
		SignedIn person = users.migrant(PersonId.parse(erasedId, "id"), Jurisdiction.of("CY"));
		Map<String, Object> backup = jdbc.sql("select wrapped_key from person_keys where person_id = ?::uuid")
			.param(erasedId)
			.query()
			.singleRow();
		long entriesBefore = count("entries", erasedId);
		assertThat(entriesBefore).isEqualTo(2);

		JsonNode receipt = graphql.execute(person.token(), ERASE, Map.of("id", erasedId));

		assertThat(receipt.has("errors")).as(receipt.toString()).isFalse();
		assertThat(receipt.at("/data/erasePerson/erasedBy").asString()).isEqualTo(person.username());
		assertThat(receipt.at("/data/erasePerson/keysRetired").asBoolean()).isTrue();
		for (String table : List.of("entries", "person_keys", "consent_grants")) {
			assertThat(count(table, erasedId)).as(table).isZero();
		}
		assertThat(jdbc.sql("select count(*) from erased_persons where person_id = ?::uuid").param(erasedId)
			.query(Long.class).single()).isEqualTo(1);

		JsonNode read = graphql.execute(clinician.token(),
				"query($id: ID!) { person(id: $id, purpose: TREATMENT) { allergies { substance } } }",
				Map.of("id", erasedId));
		assertThat(read.at("/errors/0/extensions/classification").asString()).isEqualTo("NOT_FOUND");
		assertThat(read.at("/errors/0/message").asString()).contains("erased");

		WrappedKey fromBackup = new WrappedKey(PersonId.parse(erasedId, "id"), Jurisdiction.of("CY"),
				(String) backup.get("wrapped_key"));
		assertThatThrownBy(() -> keks.unwrap(fromBackup)).as("the backup's wrapped key, with the keys that remain")
			.isInstanceOf(Undecryptable.class);

		JsonNode living = graphql.execute(clinician.token(),
				"query($id: ID!) { person(id: $id, purpose: TREATMENT) { allergies { substance } } }",
				Map.of("id", livingId));
		assertThat(living.at("/data/person/allergies/0/substance").asString()).isEqualTo("Penicillin");

		SignedIn auditor = users.staff(Role.AUDITOR, "CY");
		JsonNode events = graphql.execute(auditor.token(), """
				query($p: ID!) { auditEvents(filter: {personId: $p, actions: [ERASURE]}) { edges { node {
				  action outcome time requester { subject } } } } }""", Map.of("p", erasedId));
		assertThat(events.at("/data/auditEvents/edges")).hasSize(1);
		assertThat(events.at("/data/auditEvents/edges/0/node/requester/subject").asString())
			.isEqualTo(person.username());
	}

	@Test
	void onlyThePersonOrAnAdministratorWithARecordedRequestErases() {
		String personId = register();

		JsonNode byClinician = graphql.execute(clinician.token(), ERASE, Map.of("id", personId));
		assertThat(byClinician.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");

		SignedIn admin = users.admin();
		JsonNode withoutReference = graphql.execute(admin.token(), ERASE, Map.of("id", personId));
		assertThat(withoutReference.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
		assertThat(withoutReference.at("/errors/0/extensions/field").asString()).isEqualTo("requestReference");
		assertThat(count("entries", personId)).isEqualTo(2);

		JsonNode freeText = graphql.execute(admin.token(), ERASE, Map.of("id", personId, "ref", "DPO-2026-0042"));
		assertThat(freeText.at("/errors/0/extensions/field").asString()).isEqualTo("requestReference");
		assertThat(count("entries", personId)).isEqualTo(2);

		SignedIn person = users.migrant(PersonId.parse(personId, "id"), Jurisdiction.of("CY"));
		String requestId = graphql.execute(person.token(),
				"mutation { requestErasure(reason: \"I am leaving\") { id status } }")
			.at("/data/requestErasure/id")
			.asString();
		JsonNode erased = graphql.execute(admin.token(), ERASE, Map.of("id", personId, "ref", requestId));
		assertThat(erased.at("/data/erasePerson/requestReference").asString()).isEqualTo(requestId);
		assertThat(count("entries", personId)).isZero();
	}

	private String register() {
		String personId = graphql.execute(clinician.token(), REGISTER).at("/data/registerPerson/personId").asString();
		graphql.execute(clinician.token(),
				"mutation($p: ID!) { addAllergy(personId: $p, input: {substance: \"Penicillin\"}) { id } }",
				Map.of("p", personId));
		return personId;
	}

	private long count(String table, String personId) {
		return jdbc.sql("select count(*) from " + table + " where person_id = ?::uuid")
			.param(personId)
			.query(Long.class)
			.single();
	}
}
