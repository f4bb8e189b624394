package org.carnet.security;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
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

/**
 * Issue 11, item 10: an administrator erases a record only with the person's recorded request, or when a second
 * administrator approves a proposal; free text authorises nothing; every refusal is audited naming the person.
 */
@CarnetIntegrationTest
class ErasureAuthoritySecurityTests {

	static final String ERASE = """
			mutation Erase($id: ID!, $ref: String) { erasePerson(id: $id, requestReference: $ref) {
			  personId erasedBy requestReference } }""";

	static final String PROPOSE = """
			mutation Propose($p: ID!, $r: String!) { proposeErasure(personId: $p, reason: $r) {
			  id kind status requestedBy expiresAt } }""";

	static final String APPROVE = """
			mutation Approve($id: ID!) { approveErasure(id: $id) { personId erasedBy requestReference } }""";

	static final String REGISTER = """
			mutation { registerPerson(input: {homeJurisdiction: "IT", identity: {givenNames: "Samir", familyName: "Nasser"}}) {
			  personId } }""";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	GraphQlRequests graphql;

	TestUsers users;

	SignedIn clinician;

	SignedIn adminA;

	SignedIn adminB;

	String personId;

	@BeforeEach
	void aRegisteredPersonAndTwoAdministrators() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		clinician = users.clinician("IT");
		adminA = users.admin();
		adminB = users.admin();
		personId = graphql.execute(clinician.token(), REGISTER).at("/data/registerPerson/personId").asString();
	}

	@Test
	void anAdministratorWithOnlyAReferenceTextIsRefusedTheRecordStaysAndTheRefusalNamesThePerson() {
		assertRefusedErasure(graphql.execute(adminA.token(), ERASE, Map.of("id", personId, "ref", "DPO-2026-0042")),
				"BAD_REQUEST");
		assertRefusedErasure(graphql.execute(adminA.token(), ERASE, Map.of("id", personId)), "BAD_REQUEST");
		assertRefusedErasure(graphql.execute(adminA.token(), ERASE,
				Map.of("id", personId, "ref", java.util.UUID.randomUUID().toString())), "BAD_REQUEST");
		assertRefusedErasure(graphql.execute(clinician.token(), ERASE, Map.of("id", personId)), "FORBIDDEN");

		assertIntact();
		assertThat(deniedErasures(adminA)).isEqualTo(3);
		assertThat(deniedErasures(clinician)).isEqualTo(1);
	}

	@Test
	void anAdministratorCannotApproveTheirOwnProposalButASecondAdministratorCan() {
		JsonNode proposal = graphql.execute(adminA.token(), PROPOSE,
				Map.of("p", personId, "r", "Court order 2026/17 to erase this record"));
		assertThat(proposal.has("errors")).as(proposal.toString()).isFalse();
		String proposalId = proposal.at("/data/proposeErasure/id").asString();
		assertThat(proposal.at("/data/proposeErasure/status").asString()).isEqualTo("PENDING");
		assertThat(events("ERASURE_PROPOSED", "SUCCESS", adminA)).isEqualTo(1);

		assertRefusedErasure(graphql.execute(adminA.token(), APPROVE, Map.of("id", proposalId)), "FORBIDDEN");
		assertRefusedErasure(graphql.execute(adminA.token(), ERASE, Map.of("id", personId, "ref", proposalId)),
				"FORBIDDEN");
		assertIntact();
		assertThat(deniedErasures(adminA)).isEqualTo(2);

		JsonNode approved = graphql.execute(adminB.token(), APPROVE, Map.of("id", proposalId));
		assertThat(approved.has("errors")).as(approved.toString()).isFalse();
		assertThat(approved.at("/data/approveErasure/erasedBy").asString()).isEqualTo(adminB.username());
		assertThat(approved.at("/data/approveErasure/requestReference").asString()).isEqualTo(proposalId);
		assertThat(count("persons")).isZero();
		assertThat(count("person_keys")).isZero();
		assertThat(events("ERASURE", "SUCCESS", adminB)).isEqualTo(1);

		JsonNode again = graphql.execute(adminB.token(), APPROVE, Map.of("id", proposalId));
		assertThat(again.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
	}

	@Test
	void anExpiredProposalOrAProposalByANonAdministratorAuthorisesNothing() {
		String proposalId = graphql.execute(adminA.token(), PROPOSE,
				Map.of("p", personId, "r", "Duplicate record of the same person"))
			.at("/data/proposeErasure/id")
			.asString();
		jdbc.sql("update erasure_requests set expires_at = ? where id = ?::uuid")
			.params(Timestamp.from(Instant.now().minusSeconds(1)), proposalId)
			.update();

		assertRefusedErasure(graphql.execute(adminB.token(), APPROVE, Map.of("id", proposalId)), "BAD_REQUEST");
		assertRefusedErasure(graphql.execute(clinician.token(), PROPOSE,
				Map.of("p", personId, "r", "I think this record should go")), "FORBIDDEN");
		assertRefusedErasure(graphql.execute(clinician.token(), APPROVE, Map.of("id", proposalId)), "FORBIDDEN");
		assertIntact();
		assertThat(deniedErasures(adminB)).isEqualTo(1);
		assertThat(deniedErasures(clinician)).isEqualTo(2);
	}

	@Test
	void thePersonsRecordedRequestLetsAnAdministratorCarryItOutOnce() {
		SignedIn person = users.migrant(PersonId.parse(personId, "id"), Jurisdiction.of("IT"));
		JsonNode requested = graphql.execute(person.token(),
				"mutation { requestErasure(reason: \"I no longer want a record here\") { id kind status personId } }");
		assertThat(requested.has("errors")).as(requested.toString()).isFalse();
		assertThat(requested.at("/data/requestErasure/kind").asString()).isEqualTo("PERSON_REQUEST");
		String requestId = requested.at("/data/requestErasure/id").asString();
		assertThat(events("ERASURE_REQUESTED", "SUCCESS", person)).isEqualTo(1);
		assertThat(graphql.execute(adminA.token(), "{ pendingErasures { id kind } }").at("/data/pendingErasures")
			.toString()).contains(requestId);

		JsonNode erased = graphql.execute(adminA.token(), ERASE, Map.of("id", personId, "ref", requestId));

		assertThat(erased.has("errors")).as(erased.toString()).isFalse();
		assertThat(erased.at("/data/erasePerson/requestReference").asString()).isEqualTo(requestId);
		assertThat(count("persons")).isZero();
		assertThat(events("ERASURE", "SUCCESS", adminA)).isEqualTo(1);
	}

	@Test
	void aRequestOfAnotherPersonAuthorisesNothingHere() {
		String otherId = graphql.execute(clinician.token(), REGISTER).at("/data/registerPerson/personId").asString();
		SignedIn other = users.migrant(PersonId.parse(otherId, "id"), Jurisdiction.of("IT"));
		String otherRequest = graphql.execute(other.token(), "mutation { requestErasure { id } }")
			.at("/data/requestErasure/id")
			.asString();

		assertRefusedErasure(graphql.execute(adminA.token(), ERASE, Map.of("id", personId, "ref", otherRequest)),
				"BAD_REQUEST");
		assertIntact();
	}

	private void assertRefusedErasure(JsonNode answer, String classification) {
		assertThat(answer.at("/errors/0/extensions/classification").asString()).as(answer.toString())
			.isEqualTo(classification);
		assertThat(answer.at("/data").toString()).doesNotContain(personId);
	}

	private void assertIntact() {
		assertThat(count("persons")).isEqualTo(1);
		assertThat(count("person_keys")).isEqualTo(1);
		assertThat(count("entries")).isEqualTo(1);
	}

	private long count(String table) {
		String column = table.equals("persons") ? "id" : "person_id";
		return jdbc.sql("select count(*) from " + table + " where " + column + " = ?::uuid")
			.param(personId)
			.query(Long.class)
			.single();
	}

	private long deniedErasures(SignedIn requester) {
		return events("ERASURE", "DENIED", requester);
	}

	private long events(String action, String outcome, SignedIn requester) {
		return jdbc.sql("""
				select count(*) from access_events where person_id = ?::uuid and home_jurisdiction = 'IT'
				  and action = ? and outcome = ? and requester_subject = ?""")
			.params(personId, action, outcome, requester.username())
			.query(Long.class)
			.single();
	}
}
