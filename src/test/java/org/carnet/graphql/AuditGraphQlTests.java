package org.carnet.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.carnet.audit.Ledger;
import org.carnet.audit.LedgerFaults;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.carnet.testing.ExpectedErrorLogs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every access through the API leaves exactly the expected events in the ledger, before data leaves; without the
 * ledger, no record data leaves at all.
 */
@CarnetIntegrationTest
class AuditGraphQlTests {

	static final String EVENTS = """
			query Events($person: ID!) {
			  auditEvents(filter: {personId: $person}, first: 100) {
			    edges { node { sequence action outcome crossBorder purpose categoriesServed categoriesWithheld grantIds
			      operationName requester { subject jurisdiction displayName organisation { name } } } }
			  }
			}""";

	static final String READ_ALLERGIES = """
			query ReadAllergies($id: ID!) { person(id: $id, purpose: TREATMENT) { allergies { substance } mentalHealth { instrument } } }""";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	Ledger ledger;

	@Autowired
	LedgerFaults ledgerFaults;

	@Autowired
	MeterRegistry meters;

	GraphQlRequests graphql;

	TestUsers users;

	SignedIn registrar;

	SignedIn auditor;

	SignedIn person;

	String personId;

	@BeforeEach
	void aRegisteredPersonWithAnAllergy() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		registrar = users.clinician("GR");
		auditor = users.staff(Role.AUDITOR, "GR");
		personId = graphql.execute(registrar.token(), RecordGraphQlTests.REGISTER,
				Map.of("input", RecordGraphQlTests.registration("GR")))
			.at("/data/registerPerson/personId")
			.asString();
		graphql.execute(registrar.token(),
				"mutation AddAllergy($p: ID!) { addAllergy(personId: $p, input: {substance: \"Penicillin\"}) { id } }",
				Map.of("p", personId));
		person = users.migrant(PersonId.parse(personId, "id"), Jurisdiction.of("GR"));
	}

	@Test
	void registrationWritesAndReadsLeaveOneEventEachWithWhatWasServedAndWithheld() {
		SignedIn weber = users.clinician("DE");
		graphql.execute(weber.token(), READ_ALLERGIES, Map.of("id", personId));
		String grantId = graphql.execute(person.token(), """
				mutation GrantAllergies($u: String!) { grantConsent(input: {grantee: {kind: USER, value: $u},
				  categories: [ALLERGIES], purposes: [TREATMENT], jurisdictions: ["DE"]}) { id } }""",
				Map.of("u", weber.username()))
			.at("/data/grantConsent/id")
			.asString();
		graphql.execute(weber.token(), READ_ALLERGIES, Map.of("id", personId));
		graphql.execute(registrar.token(), READ_ALLERGIES, Map.of("id", personId));

		List<JsonNode> events = events();

		assertThat(events).extracting(e -> e.at("/action").asString() + " " + e.at("/outcome").asString())
			.containsExactly("REGISTER SUCCESS", "CONSENT_GRANTED SUCCESS", "READ SUCCESS", "WRITE SUCCESS",
					"READ DENIED", "CONSENT_GRANTED SUCCESS", "READ PARTIAL", "READ SUCCESS");
		JsonNode initialGrant = events.get(1);
		assertThat(initialGrant.at("/requester/subject").asString()).isEqualTo(registrar.username());
		assertThat(initialGrant.at("/operationName").asString())
			.isEqualTo(events.get(0).at("/operationName").asString());
		assertThat(strings(initialGrant.at("/grantIds"))).hasSize(1);
		JsonNode denied = events.get(4);
		assertThat(denied.at("/requester/subject").asString()).isEqualTo(weber.username());
		assertThat(denied.at("/requester/jurisdiction").asString()).isEqualTo("DE");
		assertThat(denied.at("/crossBorder").asBoolean()).isTrue();
		assertThat(denied.at("/purpose").asString()).isEqualTo("TREATMENT");
		assertThat(strings(denied.at("/categoriesServed"))).isEmpty();
		assertThat(strings(denied.at("/categoriesWithheld"))).containsExactly("ALLERGIES", "MENTAL_HEALTH");
		assertThat(denied.at("/operationName").asString()).isEqualTo("ReadAllergies");
		assertThat(strings(events.get(5).at("/grantIds"))).containsExactly(grantId);
		JsonNode partial = events.get(6);
		assertThat(strings(partial.at("/categoriesServed"))).containsExactly("ALLERGIES");
		assertThat(strings(partial.at("/categoriesWithheld"))).containsExactly("MENTAL_HEALTH");
		assertThat(strings(partial.at("/grantIds"))).containsExactly(grantId);
		JsonNode domestic = events.get(7);
		assertThat(domestic.at("/requester/subject").asString()).isEqualTo(registrar.username());
		assertThat(domestic.at("/crossBorder").asBoolean()).isFalse();
		assertThat(strings(domestic.at("/categoriesServed"))).containsExactly("ALLERGIES", "MENTAL_HEALTH");
		assertThat(events.toString()).doesNotContain("Penicillin", "Amal", "Darwish");
	}

	@Test
	@ExpectedErrorLogs("the ledger refuses every append")
	void withoutTheLedgerAReadReturnsNoHealthValueOnlyUnavailable() {
		long withheld = meters.get("carnet.reads.held").tag("outcome", "withheld").timer().count();
		ledgerFaults.failAppends(true);
		try {
			JsonNode read = graphql.execute(registrar.token(), READ_ALLERGIES, Map.of("id", personId));
			assertThat(meters.get("carnet.reads.held").tag("outcome", "withheld").timer().count())
				.as("the operators' meter counts the response withheld").isEqualTo(withheld + 1);

			assertThat(read.at("/data").isNull() || read.at("/data").isMissingNode()).as(read.toString()).isTrue();
			assertThat(read.get("errors")).hasSize(1);
			assertThat(read.at("/errors/0/extensions/classification").asString()).isEqualTo("UNAVAILABLE");
			assertThat(read.toString()).doesNotContain("Penicillin");

			JsonNode write = graphql.execute(registrar.token(),
					"mutation($p: ID!) { addAllergy(personId: $p, input: {substance: \"Latex\"}) { id } }",
					Map.of("p", personId));
			assertThat(write.at("/errors/0/extensions/classification").asString()).isEqualTo("UNAVAILABLE");
		}
		finally {
			ledgerFaults.failAppends(false);
		}
		JsonNode after = graphql.execute(registrar.token(), "query($id: ID!) { person(id: $id, purpose: TREATMENT) { allergies { substance } } }",
				Map.of("id", personId));
		assertThat(after.at("/data/person/allergies")).as("the failed write left no entry").hasSize(1);
	}

	@Test
	void aPersonSeesWhoReadTheirRecordAndNobodyElsesLog() {
		SignedIn weber = users.clinician("DE");
		graphql.execute(person.token(), """
				mutation($u: String!) { grantConsent(input: {grantee: {kind: USER, value: $u},
				  categories: [ALLERGIES], purposes: [TREATMENT], jurisdictions: ["DE"]}) { id } }""",
				Map.of("u", weber.username()));
		graphql.execute(weber.token(), READ_ALLERGIES, Map.of("id", personId));

		JsonNode log = graphql.execute(person.token(), """
				{ myAccessLog(first: 10) { edges { node { action requester { subject displayName jurisdiction
				  organisation { name } } categoriesServed purpose } } } }""");
		JsonNode newest = log.at("/data/myAccessLog/edges/0/node");
		assertThat(newest.at("/action").asString()).isEqualTo("READ");
		assertThat(newest.at("/requester/subject").asString()).isEqualTo(weber.username());
		assertThat(newest.at("/requester/displayName").asString()).isEqualTo("Test CLINICIAN");
		assertThat(newest.at("/requester/jurisdiction").asString()).isEqualTo("DE");
		assertThat(newest.at("/requester/organisation/name").asString()).isEqualTo("Test organisation DE");

		SignedIn otherPerson = users.migrant(PersonId.random(), Jurisdiction.of("GR"));
		JsonNode otherLog = graphql.execute(otherPerson.token(), "{ myAccessLog { edges { node { personId } } } }");
		assertThat(otherLog.toString()).doesNotContain(personId);
		JsonNode notAuditor = graphql.execute(person.token(), EVENTS, Map.of("person", personId));
		assertThat(notAuditor.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");
	}

	@Test
	void theAuditorVerifiesTheChainAndSignsACheckpoint() {
		JsonNode verified = graphql.execute(auditor.token(),
				"{ verifyAuditLog { ok eventsChecked reason } }");
		assertThat(verified.at("/data/verifyAuditLog/ok").asBoolean()).as(verified.toString()).isTrue();

		JsonNode checkpoint = graphql.execute(auditor.token(),
				"mutation { createAuditCheckpoint { id algorithm publicKey json streams { stream sequence } } }");
		assertThat(checkpoint.at("/data/createAuditCheckpoint/algorithm").asString()).isEqualTo("Ed25519");
		assertThat(checkpoint.at("/data/createAuditCheckpoint/publicKey").asString()).contains("PUBLIC KEY");
	}

	@Test
	void breakGlassShareCodesAndTheirReadsAreRecordedAndCountedAcrossBorders() {
		SignedIn weber = users.clinician("DE");
		graphql.execute(weber.token(), "mutation BreakGlass($p: ID!) { breakGlass(personId: $p, justification: "
				+ "\"Unconscious patient in the emergency room, allergies unknown\") { id } }", Map.of("p", personId));
		graphql.execute(weber.token(), """
				query EmergencyRead($id: ID!) { person(id: $id, purpose: EMERGENCY) { allergies { substance } mentalHealth { instrument } } }""",
				Map.of("id", personId));
		String code = graphql.execute(person.token(),
				"mutation { createShareCode(input: {categories: [ALLERGIES], purposes: [TREATMENT]}) { code } }")
			.at("/data/createShareCode/code")
			.asString();
		SignedIn other = users.clinician("GR");
		graphql.execute(other.token(), "mutation($c: String!) { redeemShareCode(code: $c) { id } }",
				Map.of("c", "AAA-AAA-AAA"));
		graphql.execute(other.token(), "mutation($c: String!) { redeemShareCode(code: $c) { id } }", Map.of("c", code));

		List<JsonNode> events = events();
		List<String> actions = events.stream()
			.map(e -> e.at("/action").asString() + " " + e.at("/outcome").asString())
			.toList();
		assertThat(actions).containsSubsequence("BREAK_GLASS SUCCESS", "READ PARTIAL", "SHARE_CODE_CREATED SUCCESS",
				"SHARE_CODE_REDEEMED SUCCESS");
		JsonNode emergencyRead = events.stream()
			.filter(e -> e.at("/action").asString().equals("READ") && e.at("/purpose").asString().equals("EMERGENCY"))
			.findFirst()
			.orElseThrow();
		assertThat(strings(emergencyRead.at("/categoriesServed"))).containsExactly("ALLERGIES");
		assertThat(strings(emergencyRead.at("/categoriesWithheld"))).containsExactly("MENTAL_HEALTH");
		JsonNode failed = graphql.execute(auditor.token(), """
				query($s: String!) { auditEvents(filter: {requester: $s, actions: [SHARE_CODE_FAILED]}) {
				  edges { node { outcome } } } }""", Map.of("s", other.username()));
		assertThat(failed.at("/data/auditEvents/edges")).hasSize(1);

		JsonNode summary = graphql.execute(auditor.token(), """
				{ crossBorderSummary(from: "2020-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z") {
				  flows { requesterJurisdiction homeJurisdiction accesses emergencyAccesses denied } } }""");
		JsonNode deToGr = null;
		for (JsonNode flow : summary.at("/data/crossBorderSummary/flows")) {
			if (flow.at("/requesterJurisdiction").asString().equals("DE")
					&& flow.at("/homeJurisdiction").asString().equals("GR")) {
				deToGr = flow;
			}
		}
		assertThat(deToGr).as(summary.toString()).isNotNull();
		assertThat(deToGr.at("/emergencyAccesses").asLong()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void signInsAreRecorded() {
		SignedIn someone = users.clinician("GR");
		JsonNode logins = graphql.execute(auditor.token(), """
				query($s: String!) { auditEvents(filter: {requester: $s, actions: [LOGIN_SUCCEEDED]}) {
				  edges { node { action requester { subject } } } } }""", Map.of("s", someone.username()));
		assertThat(logins.at("/data/auditEvents/edges")).hasSize(1);
	}

	private List<JsonNode> events() {
		JsonNode response = graphql.execute(auditor.token(), EVENTS, Map.of("person", personId));
		assertThat(response.has("errors")).as(response.toString()).isFalse();
		List<JsonNode> events = new ArrayList<>();
		response.at("/data/auditEvents/edges").forEach(edge -> events.add(0, edge.at("/node")));
		return events;
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach(v -> values.add(v.asString()));
		return values;
	}
}
