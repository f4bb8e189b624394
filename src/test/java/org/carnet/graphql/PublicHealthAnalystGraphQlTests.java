package org.carnet.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A public-health analyst reaches no record, person, entry, consent or person's audit event: every query and
 * mutation that could is refused with FORBIDDEN (or, for a write, the consent gate's refusal), nothing of the person
 * is in the answer, nothing is written, and the refused look-ups and audit reads are in the ledger as other roles'
 * refusals are. A look-up is refused before the look-up, so a real id and an unknown one get the same answer.
 */
@CarnetIntegrationTest
class PublicHealthAnalystGraphQlTests {

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	GraphQlRequests graphql;

	TestUsers users;

	SignedIn analyst;

	String personId;

	String phrNumber;

	SignedIn person;

	@BeforeEach
	void aPersonWhoSharedEverythingWithEveryClinicianInGreece() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		SignedIn registrar = users.clinician("GR");
		JsonNode registered = graphql.execute(registrar.token(), RecordGraphQlTests.REGISTER,
				Map.of("input", RecordGraphQlTests.registration("GR")));
		personId = registered.at("/data/registerPerson/personId").asString();
		phrNumber = registered.at("/data/registerPerson/phrNumber").asString();
		graphql.execute(registrar.token(), RecordGraphQlTests.ADD_ALLERGY,
				Map.of("personId", personId, "input", Map.of("substance", "Penicillin")));
		person = users.migrant(PersonId.parse(personId, "id"), Jurisdiction.of("GR"));
		graphql.execute(person.token(), "mutation { setStatisticsConsent(categories: [VACCINATIONS]) { contributing } }");
		analyst = users.staff(Role.PUBLIC_HEALTH_ANALYST, "GR");
	}

	@Test
	void everyQueryThatReachesAPersonARecordAConsentOrTheLedgerIsForbidden() {
		String unknown = UUID.randomUUID().toString();
		Map<String, String> queries = new LinkedHashMap<>();
		queries.put("person", "{ person(id: \"" + personId + "\", purpose: PUBLIC_HEALTH) { id phrNumber identity { givenNames } allergies { substance } } }");
		queries.put("person (treatment)", "{ person(id: \"" + personId + "\", purpose: TREATMENT) { id allergies { substance } } }");
		queries.put("person (unknown id)", "{ person(id: \"" + unknown + "\", purpose: PUBLIC_HEALTH) { id } }");
		queries.put("personByPhrNumber", "{ personByPhrNumber(phrNumber: \"" + phrNumber + "\", purpose: PUBLIC_HEALTH) { id identity { givenNames } } }");
		queries.put("persons", "{ persons(ids: [\"" + personId + "\", \"" + unknown + "\"], purpose: PUBLIC_HEALTH) { id allergies { substance } } }");
		queries.put("myRecord", "{ myRecord { id phrNumber } }");
		queries.put("myConsents", "{ myConsents { id personId } }");
		queries.put("myConsentRequests", "{ myConsentRequests { id personId } }");
		queries.put("mySentConsentRequests", "{ mySentConsentRequests { id personId } }");
		queries.put("consentsGivenToMe", "{ consentsGivenToMe(personId: \"" + personId + "\") { id personId } }");
		queries.put("myNotifications", "{ myNotifications { id } }");
		queries.put("myStatisticsConsent", "{ myStatisticsConsent { contributing categories } }");
		queries.put("myAccessLog", "{ myAccessLog { edges { node { personId } } } }");
		queries.put("grantees", "{ grantees(search: \"clinician\") { kind value } }");
		queries.put("auditEvents", "{ auditEvents(filter: {personId: \"" + personId + "\"}) { edges { node { personId action } } } }");
		queries.put("verifyAuditLog", "{ verifyAuditLog { ok } }");
		queries.put("crossBorderSummary", "{ crossBorderSummary(from: \"2020-01-01T00:00:00Z\", to: \"2100-01-01T00:00:00Z\") { flows { requesterJurisdiction } } }");
		queries.put("latestAuditCheckpoint", "{ latestAuditCheckpoint { id } }");
		queries.put("pendingErasures", "{ pendingErasures { id personId } }");
		queries.put("keyRotationStatus", "{ keyRotationStatus(jurisdiction: \"GR\") { jurisdiction } }");

		List<String> notForbidden = new ArrayList<>();
		for (Map.Entry<String, String> query : queries.entrySet()) {
			JsonNode answer = graphql.execute(analyst.token(), query.getValue());
			if (!"FORBIDDEN".equals(answer.at("/errors/0/extensions/classification").asString())) {
				notForbidden.add(query.getKey() + ": " + answer);
			}
			assertThat(answer.at("/data").isNull() || answer.at("/data").isMissingNode()
					|| allNull(answer.at("/data"))).as("%s served data: %s", query.getKey(), answer).isTrue();
			assertThat(answer.toString()).as(query.getKey()).doesNotContain(personId, phrNumber, "Amal", "Penicillin");
		}
		assertThat(notForbidden).isEmpty();

		assertThat(analystEvents()).containsExactlyInAnyOrder("LOGIN_SUCCEEDED SUCCESS - -",
				// person, person (treatment), person (unknown id), personByPhrNumber, persons: none names a person
				"READ DENIED PUBLIC_HEALTH -", "READ DENIED TREATMENT -", "READ DENIED PUBLIC_HEALTH -",
				"READ DENIED PUBLIC_HEALTH -", "READ DENIED PUBLIC_HEALTH -",
				"AUDIT_READ DENIED - -", "AUDIT_READ DENIED - -", "AUDIT_READ DENIED - -", "AUDIT_READ DENIED - -",
				// keyRotationStatus; the "my..." queries, grantees and pendingErasures name no one and are refused
				// without an event, as they are for every role without a record
				"KEY_ROTATION DENIED - -");
	}

	@Test
	void everyMutationOnAPersonIsRefusedAndWritesNothing() {
		long entries = count("entries where person_id = '" + personId + "'");
		long grants = count("consent_grants where person_id = '" + personId + "'");
		long requests = count("consent_requests where person_id = '" + personId + "'");
		long emergencies = count("emergency_accesses where person_id = '" + personId + "'");
		long persons = count("persons");
		List<String> mutations = List.of(
				"mutation { addAllergy(personId: \"" + personId + "\", input: {substance: \"Latex\"}) { id } }",
				"mutation { addVaccination(personId: \"" + personId + "\", input: {vaccine: \"BCG\", date: \"2025-01-01\"}) { id } }",
				"mutation { registerPerson(input: {homeJurisdiction: \"GR\", identity: {givenNames: \"Nadia\"}}) { personId } }",
				"mutation { grantConsent(input: {grantee: {kind: ANY_CLINICIAN_IN, value: \"GR\"}, categories: [ALLERGIES], purposes: [PUBLIC_HEALTH]}) { id } }",
				"mutation { requestConsent(input: {personId: \"" + personId + "\", categories: [ALLERGIES], purposes: [PUBLIC_HEALTH], reason: \"Counting allergies in the region\"}) { id } }",
				"mutation { breakGlass(personId: \"" + personId + "\", justification: \"Unconscious at the door, no one to ask\") { id } }",
				"mutation { setStatisticsConsent(categories: [CONDITIONS]) { contributing } }",
				"mutation { erasePerson(id: \"" + personId + "\") { erasedBy } }");
		for (String mutation : mutations) {
			JsonNode answer = graphql.execute(analyst.token(), mutation);
			assertThat(answer.at("/errors/0/extensions/classification").asString()).as(mutation)
				.isIn("FORBIDDEN", "CONSENT_REQUIRED");
			assertThat(allNull(answer.at("/data")) || answer.at("/data").isNull()).as(answer.toString()).isTrue();
			assertThat(answer.toString()).doesNotContain("Amal", "Penicillin", phrNumber);
		}
		assertThat(count("entries where person_id = '" + personId + "'")).isEqualTo(entries);
		assertThat(count("consent_grants where person_id = '" + personId + "'")).isEqualTo(grants);
		assertThat(count("consent_requests where person_id = '" + personId + "'")).isEqualTo(requests);
		assertThat(count("emergency_accesses where person_id = '" + personId + "'")).isEqualTo(emergencies);
		assertThat(count("persons")).isEqualTo(persons);
		assertThat(count("persons where id = '" + personId + "'")).isOne();
	}

	@Test
	void anAdministratorCreatesAnalystsBoundToAnOrganisationAndItsCountry() {
		SignedIn admin = users.admin();
		String organisation = "test-org-it";
		accounts.createOrganisationIfAbsent(organisation, "Test organisation IT", Jurisdiction.of("IT"));
		String create = """
				mutation($input: CreateUserInput!) { createUser(input: $input) { username roles organisation { id } } }""";
		String username = "analyst." + UUID.randomUUID().toString().substring(0, 8);

		JsonNode noOrganisation = graphql.execute(admin.token(), create, Map.of("input", Map.of("username", username,
				"password", "a long enough password", "displayName", "Analyst", "roles",
				List.of("PUBLIC_HEALTH_ANALYST"))));
		assertThat(noOrganisation.at("/errors/0/extensions/field").asString()).isEqualTo("organisationId");
		JsonNode alsoClinician = graphql.execute(admin.token(), create, Map.of("input", Map.of("username", username,
				"password", "a long enough password", "displayName", "Analyst", "roles",
				List.of("PUBLIC_HEALTH_ANALYST", "CLINICIAN"), "organisationId", organisation)));
		assertThat(alsoClinician.at("/errors/0/extensions/field").asString()).isEqualTo("roles");
		assertThat(count("users where username = '" + username + "'")).isZero();

		JsonNode created = graphql.execute(admin.token(), create, Map.of("input", Map.of("username", username,
				"password", "a long enough password", "displayName", "Analyst", "roles",
				List.of("PUBLIC_HEALTH_ANALYST"), "organisationId", organisation)));
		assertThat(created.at("/data/createUser/roles").toString()).isEqualTo("[\"PUBLIC_HEALTH_ANALYST\"]");

		String token = new Tokens(port).login(username, "a long enough password");
		JsonNode claims = Tokens.claims(token);
		assertThat(claims.get("roles").toString()).isEqualTo("[\"PUBLIC_HEALTH_ANALYST\"]");
		assertThat(claims.get("organisation").asString()).isEqualTo(organisation);
		assertThat(claims.get("jurisdiction").asString()).isEqualTo("IT");
		JsonNode me = graphql.execute(token, "{ me { subject roles jurisdiction personId } }");
		assertThat(me.at("/data/me/roles").toString()).isEqualTo("[\"PUBLIC_HEALTH_ANALYST\"]");
		assertThat(me.at("/data/me/jurisdiction").asString()).isEqualTo("IT");
		assertThat(me.at("/data/me/personId").isNull()).isTrue();
	}

	/** The analyst's events: action, outcome, purpose and person ('-' for none). */
	private List<String> analystEvents() {
		return jdbc.sql("select action || ' ' || outcome || ' ' || coalesce(purpose, '-') || ' ' "
				+ "|| coalesce(person_id::text, '-') from access_events where requester_subject = ? order by sequence")
			.param(analyst.username())
			.query(String.class)
			.list();
	}

	private long count(String tableAndCondition) {
		return jdbc.sql("select count(*) from " + tableAndCondition).query(Long.class).single();
	}

	private static boolean allNull(JsonNode data) {
		if (data == null || data.isMissingNode() || data.isNull()) {
			return true;
		}
		for (JsonNode value : data) {
			if (!value.isNull()) {
				return false;
			}
		}
		return true;
	}
}
