package org.carnet.security;

import java.util.List;
import java.util.Map;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.identity.NewUser;
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
 * Issue 11, item 7: a grant names someone who exists and can use it, whatever way it is made; the person finds
 * grantees by name instead of typing ids.
 */
@CarnetIntegrationTest
class GranteeSecurityTests {

	static final String GRANT = """
			mutation Grant($input: GrantConsentInput!) {
			  grantConsent(input: $input) { id grantee { kind value displayName organisationName country } }
			}""";

	static final String SEARCH = """
			query Search($s: String!, $first: Int) {
			  grantees(search: $s, first: $first) { kind value displayName organisationName country }
			}""";

	static final String REGISTER = """
			mutation { registerPerson(input: {homeJurisdiction: "GR", identity: {givenNames: "Hana", familyName: "Saleh"}}) {
			  personId } }""";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	GraphQlRequests graphql;

	TestUsers users;

	SignedIn registrar;

	SignedIn person;

	String personId;

	@BeforeEach
	void aRegisteredPersonSignedIn() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		registrar = users.clinician("GR");
		personId = graphql.execute(registrar.token(), REGISTER).at("/data/registerPerson/personId").asString();
		graphql.execute(registrar.token(),
				"mutation($p: ID!) { addAllergy(personId: $p, input: {substance: \"Penicillin\"}) { id } }",
				Map.of("p", personId));
		person = users.migrant(PersonId.parse(personId, "id"), Jurisdiction.of("GR"));
	}

	@Test
	void aGrantToNobodyToAnOrganisationNameOrToARoleThatCannotUseItIsRefusedAuditedAndNotStored() {
		SignedIn auditor = users.staff(Role.AUDITOR, "DE");
		SignedIn admin = users.admin();
		SignedIn mediator = users.staff(Role.MEDIATOR, "DE");
		SignedIn otherMigrant = users.migrant(PersonId.random(), Jurisdiction.of("GR"));
		String nobody = "dr.nobody-" + System.nanoTime();

		assertRefused(grant(user(nobody), "TREATMENT", "DE"), "grantee", "no user has this user name");
		assertRefused(grant(Map.of("kind", "ORGANISATION", "value", "Test organisation DE"), "TREATMENT", "DE"),
				"grantee", "no organisation has this id");
		assertRefused(grant(user(auditor.username()), "TREATMENT", "DE"), "grantee", "cannot act under a grant");
		assertRefused(grant(user(admin.username()), "TREATMENT", "DE"), "grantee", "cannot act under a grant");
		assertRefused(grant(user(otherMigrant.username()), "TREATMENT", "GR"), "grantee",
				"cannot act under a grant");
		assertRefused(grant(user(mediator.username()), "TREATMENT", "DE"), "purposes", "CARE_COORDINATION");
		assertRefused(grant(Map.of("kind", "ORGANISATION", "value", "dpa-nowhere-" + System.nanoTime()),
				"TREATMENT", "DE"), "grantee", "no organisation has this id");

		assertThat(jdbc.sql("select count(*) from consent_grants where person_id = ?::uuid and origin = 'PERSON'")
			.param(personId)
			.query(Long.class)
			.single()).isZero();
		assertThat(events("CONSENT_GRANTED", "DENIED")).isEqualTo(7);
		assertThat(events("CONSENT_GRANTED", "SUCCESS")).isZero();

		// a later account with the name typed earlier inherits nothing: nothing was stored for it
		accounts.createUserIfAbsent(NewUser.staff(nobody, TestUsers.PASSWORD, "Dr Nobody", "test-org-de",
				Role.CLINICIAN));
		assertThat(jdbc.sql("select count(*) from consent_grants where grantee = ?").param(nobody)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void aMediatorsProposalToNobodyIsRefusedAndNoRequestIsStored() {
		SignedIn mediator = users.staff(Role.MEDIATOR, "GR");

		JsonNode proposed = graphql.execute(mediator.token(), """
				mutation($p: ID!) { requestConsent(input: {personId: $p, grantee: {kind: USER, value: "dr.nowhere-0"},
				  categories: [ALLERGIES], purposes: [TREATMENT], jurisdictions: ["DE"], reason: "New GP"}) { id } }""",
				Map.of("p", personId));

		assertRefused(proposed, "grantee", "no user has this user name");
		assertThat(jdbc.sql("select count(*) from consent_requests where person_id = ?::uuid").param(personId)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void aClinicianFoundThroughTheSearchReadsWhatThePersonGrantedAndTheAnswerNamesThem() {
		SignedIn weber = users.clinician("DE");

		JsonNode found = graphql.execute(person.token(), SEARCH, Map.of("s", weber.username()));
		assertThat(found.has("errors")).as(found.toString()).isFalse();
		JsonNode candidate = found.at("/data/grantees/0");
		assertThat(candidate.at("/kind").asString()).isEqualTo("USER");
		assertThat(candidate.at("/value").asString()).isEqualTo(weber.username());
		assertThat(candidate.at("/displayName").asString()).isEqualTo("Test CLINICIAN");
		assertThat(candidate.at("/organisationName").asString()).isEqualTo("Test organisation DE");
		assertThat(candidate.at("/country").asString()).isEqualTo("DE");
		assertThat(candidate.properties()).hasSize(5);

		JsonNode granted = grant(Map.of("kind", "USER", "value", candidate.at("/value").asString().toUpperCase()),
				"TREATMENT", "DE");
		assertThat(granted.has("errors")).as(granted.toString()).isFalse();
		assertThat(granted.at("/data/grantConsent/grantee/value").asString()).isEqualTo(weber.username());
		assertThat(granted.at("/data/grantConsent/grantee/displayName").asString()).isEqualTo("Test CLINICIAN");

		JsonNode read = graphql.execute(weber.token(),
				"query($id: ID!) { person(id: $id, purpose: TREATMENT) { allergies { substance } } }",
				Map.of("id", personId));
		assertThat(read.at("/data/person/allergies/0/substance").asString()).isEqualTo("Penicillin");
	}

	@Test
	void aClinicSystemRedeemingAShareCodeIsAGranteeThatExistsAndReadsWhatWasShared() {
		users.clinician("DE");
		SignedIn admin = users.admin();
		JsonNode client = graphql.execute(admin.token(), """
				mutation { registerClinicClient(input: {organisationId: "test-org-de", name: "Test EHR"}) {
				  clientId clientSecret } }""").at("/data/registerClinicClient");
		String token = new org.carnet.testing.Tokens(port).clientCredentials(client.at("/clientId").asString(),
				client.at("/clientSecret").asString());
		String code = graphql.execute(person.token(), """
				mutation { createShareCode(input: {categories: [ALLERGIES], purposes: [TREATMENT], grantDurationDays: 1}) {
				  code } }""").at("/data/createShareCode/code").asString();

		JsonNode redeemed = graphql.execute(token, "mutation($c: String!) { redeemShareCode(code: $c) { grantee { kind "
				+ "value displayName organisationName country } } }", Map.of("c", code));

		assertThat(redeemed.has("errors")).as(redeemed.toString()).isFalse();
		assertThat(redeemed.at("/data/redeemShareCode/grantee/value").asString())
			.isEqualTo(client.at("/clientId").asString());
		assertThat(redeemed.at("/data/redeemShareCode/grantee/displayName").asString()).isEqualTo("Test EHR");
		assertThat(redeemed.at("/data/redeemShareCode/grantee/country").asString()).isEqualTo("DE");
		assertThat(graphql.execute(token,
				"query($id: ID!) { person(id: $id, purpose: TREATMENT) { allergies { substance } } }",
				Map.of("id", personId)).at("/data/person/allergies/0/substance").asString()).isEqualTo("Penicillin");
	}

	@Test
	void theSearchIsBoundedAndOnlyForThePersonOrAMediator() {
		users.clinician("DE");

		assertRefused(graphql.execute(person.token(), SEARCH, Map.of("s", "Te")), "search", "at least 3");
		JsonNode many = graphql.execute(person.token(), SEARCH, Map.of("s", "Test", "first", 500));
		assertThat(many.has("errors")).as(many.toString()).isFalse();
		assertThat(many.at("/data/grantees").size()).isBetween(1, 20);
		JsonNode organisations = graphql.execute(person.token(), SEARCH, Map.of("s", "Test organisation DE"));
		assertThat(organisations.at("/data/grantees").toString())
			.contains("{\"kind\":\"ORGANISATION\",\"value\":\"test-org-de\",\"displayName\":\"Test organisation DE\","
					+ "\"organisationName\":null,\"country\":\"DE\"}");
		JsonNode country = graphql.execute(person.token(), SEARCH, Map.of("s", "Germany"));
		assertThat(country.at("/data/grantees").toString()).contains("\"kind\":\"ANY_CLINICIAN_IN\",\"value\":\"DE\"");
		assertThat(graphql.execute(users.staff(Role.AUDITOR, "GR").token(), SEARCH, Map.of("s", "Test"))
			.at("/errors/0/extensions/classification")
			.asString()).isEqualTo("FORBIDDEN");
		assertThat(graphql.execute(registrar.token(), SEARCH, Map.of("s", "Test"))
			.at("/errors/0/extensions/classification")
			.asString()).isEqualTo("FORBIDDEN");
		assertThat(graphql.execute(users.staff(Role.MEDIATOR, "GR").token(), SEARCH, Map.of("s", "Test"))
			.has("errors")).isFalse();
	}

	private JsonNode grant(Map<String, Object> grantee, String purpose, String country) {
		return graphql.execute(person.token(), GRANT, Map.of("input", Map.of("grantee", grantee, "categories",
				List.of("ALLERGIES"), "purposes", List.of(purpose), "jurisdictions", List.of(country))));
	}

	private static Map<String, Object> user(String name) {
		return Map.of("kind", "USER", "value", name);
	}

	private long events(String action, String outcome) {
		return jdbc.sql("""
				select count(*) from access_events where person_id = ?::uuid and action = ? and outcome = ?
				  and home_jurisdiction = 'GR' and requester_subject = ?""")
			.params(personId, action, outcome, person.username())
			.query(Long.class)
			.single();
	}

	static void assertRefused(JsonNode answer, String field, String message) {
		assertThat(answer.at("/errors/0/extensions/classification").asString()).as(answer.toString())
			.isEqualTo("BAD_REQUEST");
		assertThat(answer.at("/errors/0/extensions/field").asString()).as(answer.toString()).isEqualTo(field);
		assertThat(answer.at("/errors/0/message").asString()).contains(message);
		assertThat(answer.at("/data").isNull() || answer.at("/data").isMissingNode()
				|| answer.at("/data").toString().contains("null")).as(answer.toString()).isTrue();
	}
}
