package org.carnet.graphql;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.StatementCounter;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core promise, through the real endpoint with real tokens: a requester sees exactly the fields the person
 * granted them, for the stated purpose, from the country they act in, while the grant is valid, and nothing else.
 */
@CarnetIntegrationTest
class ConsentGraphQlTests {

	static final List<String> HEALTH_FIELDS = List.of("identity", "allergies", "medications", "conditions",
			"vaccinations", "infectiousDiseases", "mentalHealth", "reproductiveHealth", "vitals", "bloodGroup",
			"labResults", "encounters");

	static final String READ = """
			query Read($id: ID!, $purpose: Purpose!) {
			  person(id: $id, purpose: $purpose) {
			    id
			    identity { givenNames } allergies { substance } medications { name } conditions { description }
			    vaccinations { vaccine } infectiousDiseases { disease } mentalHealth { instrument }
			    reproductiveHealth { kind } vitals { value } bloodGroup { group } labResults { test }
			    encounters { place }
			  }
			}""";

	static final String GRANT = """
			mutation Grant($input: GrantConsentInput!) {
			  grantConsent(input: $input) { id status categories purposes jurisdictions validUntil }
			}""";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	StatementCounter statements;

	GraphQlRequests graphql;

	TestUsers users;

	SignedIn registrar;

	SignedIn person;

	String personId;

	@BeforeEach
	void aPersonWithDataInEverySection() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		registrar = users.clinician("GR");
		personId = graphql.execute(registrar.token(), RecordGraphQlTests.REGISTER,
				Map.of("input", RecordGraphQlTests.registration("GR")))
			.at("/data/registerPerson/personId")
			.asString();
		for (String mutation : List.of(
				"addAllergy(personId: $p, input: {substance: \"Penicillin\"}) { id }",
				"addMedication(personId: $p, input: {name: \"Metformin\"}) { id }",
				"addCondition(personId: $p, input: {description: \"Type 2 diabetes\", icd10Code: \"E11\"}) { id }",
				"addMentalHealthAssessment(personId: $p, input: {instrument: \"RHS-15\", score: 16, date: \"2025-01-10\"}) { id }",
				"addInfectiousDiseaseScreening(personId: $p, input: {disease: HIV, result: NEGATIVE, date: \"2025-01-10\"}) { id }",
				"recordBloodGroup(personId: $p, input: {group: O_NEGATIVE}) { id }")) {
			JsonNode added = graphql.execute(registrar.token(), "mutation($p: ID!) { " + mutation + " }",
					Map.of("p", personId));
			assertThat(added.has("errors")).as(added.toString()).isFalse();
		}
		person = users.migrant(PersonId.parse(personId, "id"), Jurisdiction.of("GR"));
	}

	@Test
	void aClinicianInAnotherCountrySeesOnlyWhatIsGrantedForThePurposeUntilRevoked() {
		SignedIn weber = users.clinician("DE");

		assertWithheld(read(weber, "TREATMENT"), HEALTH_FIELDS);

		String grantId = grant(person, userGrantee(weber), List.of("ALLERGIES", "MEDICATIONS"), List.of("TREATMENT"),
				List.of("DE"), null);
		JsonNode granted = read(weber, "TREATMENT");
		assertThat(granted.at("/data/person/allergies/0/substance").asString()).isEqualTo("Penicillin");
		assertThat(granted.at("/data/person/medications/0/name").asString()).isEqualTo("Metformin");
		assertWithheld(granted, without(HEALTH_FIELDS, "allergies", "medications"));
		assertThat(granted.toString()).doesNotContain("RHS-15", "Amal", "diabetes");

		assertWithheld(read(weber, "CARE_COORDINATION"), HEALTH_FIELDS);

		JsonNode revoked = graphql.execute(person.token(),
				"mutation($id: ID!) { revokeConsent(id: $id, reason: \"Treatment finished\") { status revokedAt } }",
				Map.of("id", grantId));
		assertThat(revoked.at("/data/revokeConsent/status").asString()).isEqualTo("REVOKED");
		assertWithheld(read(weber, "TREATMENT"), HEALTH_FIELDS);
	}

	@Test
	void aGrantStopsAtItsEnd() throws InterruptedException {
		SignedIn weber = users.clinician("DE");
		Instant until = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
		grant(person, userGrantee(weber), List.of("ALLERGIES"), List.of("TREATMENT"), List.of("DE"), until);
		assertThat(read(weber, "TREATMENT").at("/data/person/allergies/0/substance").asString())
			.isEqualTo("Penicillin");

		Thread.sleep(Math.max(0, until.toEpochMilli() - System.currentTimeMillis()) + 200);

		assertWithheld(read(weber, "TREATMENT"), HEALTH_FIELDS);
		JsonNode consents = graphql.execute(person.token(), "{ myConsents { status } }");
		assertThat(consents.at("/data/myConsents/0/status").asString()).isEqualTo("EXPIRED");
	}

	@Test
	void aGrantToAnyClinicianInGermanyDoesNotOpenTheRecordToAClinicianInGreece() {
		SignedIn inGermany = users.clinician("DE");
		SignedIn inGreece = users.clinician("GR");
		grant(person, Map.of("kind", "ANY_CLINICIAN_IN", "value", "DE"), List.of("ALLERGIES"), List.of("TREATMENT"),
				null, null);

		assertThat(read(inGermany, "TREATMENT").at("/data/person/allergies/0/substance").asString())
			.isEqualTo("Penicillin");
		assertWithheld(read(inGreece, "TREATMENT"), HEALTH_FIELDS);
	}

	@Test
	void breakGlassOpensTheEmergencySetButNeverMentalHealth() {
		SignedIn weber = users.clinician("DE");

		JsonNode refused = graphql.execute(weber.token(),
				"mutation($p: ID!) { breakGlass(personId: $p, justification: \"\") { id } }", Map.of("p", personId));
		assertThat(refused.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
		assertWithheld(read(weber, "EMERGENCY"), HEALTH_FIELDS);

		JsonNode opened = graphql.execute(weber.token(),
				"mutation($p: ID!, $j: String!) { breakGlass(personId: $p, justification: $j) { categories expiresAt } }",
				Map.of("p", personId, "j", "Unconscious patient brought to the emergency room, allergies unknown"));
		assertThat(opened.has("errors")).as(opened.toString()).isFalse();

		JsonNode emergency = read(weber, "EMERGENCY");
		assertThat(emergency.at("/data/person/allergies/0/substance").asString()).isEqualTo("Penicillin");
		assertThat(emergency.at("/data/person/medications/0/name").asString()).isEqualTo("Metformin");
		assertThat(emergency.at("/data/person/identity/givenNames").asString()).isEqualTo("Amal");
		assertWithheld(emergency, List.of("mentalHealth", "infectiousDiseases", "reproductiveHealth", "labResults"));
		assertWithheld(read(weber, "TREATMENT"), HEALTH_FIELDS);

		JsonNode told = graphql.execute(person.token(), "{ myNotifications { kind actor actorJurisdiction } }");
		assertThat(told.at("/data/myNotifications/0/kind").asString()).isEqualTo("BREAK_GLASS");
		assertThat(told.at("/data/myNotifications/0/actor").asString()).isEqualTo(weber.username());
	}

	@Test
	void aShareCodeWorksOnceAndWrongCodesAreThrottled() {
		SignedIn weber = users.clinician("DE");
		JsonNode created = graphql.execute(person.token(), """
				mutation { createShareCode(input: {categories: [ALLERGIES], purposes: [TREATMENT]}) { code qrSvg expiresAt } }""");
		String code = created.at("/data/createShareCode/code").asString();
		assertThat(code).matches("[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}");
		assertThat(created.at("/data/createShareCode/qrSvg").asString()).startsWith("<");

		JsonNode redeemed = graphql.execute(weber.token(),
				"mutation($c: String!) { redeemShareCode(code: $c) { grantee { kind value } categories } }",
				Map.of("c", code));
		assertThat(redeemed.at("/data/redeemShareCode/grantee/value").asString()).isEqualTo(weber.username());
		assertThat(read(weber, "TREATMENT").at("/data/person/allergies/0/substance").asString())
			.isEqualTo("Penicillin");

		SignedIn other = users.clinician("DE");
		JsonNode again = graphql.execute(other.token(),
				"mutation($c: String!) { redeemShareCode(code: $c) { id } }", Map.of("c", code));
		assertThat(again.at("/errors/0/message").asString()).isNotBlank();
		assertThat(again.at("/data/redeemShareCode").isMissingNode() || again.at("/data/redeemShareCode").isNull())
			.as(again.toString())
			.isTrue();

		SignedIn guesser = users.clinician("DE");
		List<String> classifications = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			JsonNode guess = graphql.execute(guesser.token(),
					"mutation($c: String!) { redeemShareCode(code: $c) { id } }", Map.of("c", "AAA-AAA-AA" + i));
			classifications.add(guess.at("/errors/0/message").asString());
		}
		assertThat(classifications.get(9)).containsIgnoringCase("too many");
	}

	@Test
	void aMediatorSeesOnlyWhatIsGrantedForCareCoordination() {
		SignedIn mediator = users.staff(Role.MEDIATOR, "GR");
		assertWithheld(read(mediator, "CARE_COORDINATION"), HEALTH_FIELDS);

		grant(person, userGrantee(mediator), List.of("ENCOUNTERS", "IDENTITY"), List.of("CARE_COORDINATION"),
				List.of("GR"), null);

		JsonNode granted = read(mediator, "CARE_COORDINATION");
		// a grant to a mediator gives identity coarse unless the person chooses full identity: served, without a name
		assertThat(granted.at("/data/person/identity").isObject()).as(granted.toString()).isTrue();
		assertThat(granted.at("/data/person/identity/givenNames").isNull()).isTrue();
		assertThat(granted.toString()).doesNotContain("Amal", "Darwish");
		assertWithheld(granted, without(HEALTH_FIELDS, "identity", "encounters"));
		assertWithheld(read(mediator, "TREATMENT"), HEALTH_FIELDS);
	}

	@Test
	void aGrantToAnAuditorIsRefusedAndTheAuditorStillSeesNoHealthField() {
		SignedIn auditor = users.staff(Role.AUDITOR, "GR");
		JsonNode refused = graphql.execute(person.token(), GRANT, Map.of("input", grantInput(userGrantee(auditor),
				List.of("ALLERGIES", "IDENTITY"), List.of("TREATMENT"), List.of("GR"), null)));
		assertThat(refused.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
		assertThat(refused.at("/errors/0/extensions/field").asString()).isEqualTo("grantee");

		JsonNode read = read(auditor, "TREATMENT");

		assertThat(read.at("/data/person").isNull()).isTrue();
		assertThat(read.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");
		assertThat(read.toString()).doesNotContain("Penicillin", "Amal");
	}

	@Test
	void aWithheldCategoryIsNeverReadFromTheDatabase() {
		SignedIn weber = users.clinician("DE");
		grant(person, userGrantee(weber), List.of("ALLERGIES"), List.of("TREATMENT"), List.of("DE"), null);
		statements.clearRecent();

		read(weber, "TREATMENT");

		List<String> entryQueries = statements.recent().stream().filter(q -> q.contains("from entries")).toList();
		assertThat(entryQueries).as("entry queries of the read").isNotEmpty()
			.allSatisfy(q -> assertThat(q).contains("ALLERGY"))
			.noneSatisfy(q -> assertThat(q).contains("MENTAL_HEALTH_ASSESSMENT"))
			.noneSatisfy(q -> assertThat(q).contains("IDENTITY"));
	}

	@Test
	void aWithheldFieldLooksTheSameWhetherOrNotThePersonHasDataThere() {
		SignedIn weber = users.clinician("DE");
		String empty = graphql.execute(registrar.token(), RecordGraphQlTests.REGISTER,
				Map.of("input", RecordGraphQlTests.registration("GR")))
			.at("/data/registerPerson/personId")
			.asString();

		JsonNode withData = read(weber, "TREATMENT");
		JsonNode withoutData = graphql.execute(weber.token(), READ, Map.of("id", empty, "purpose", "TREATMENT"));

		assertThat(withoutData.get("errors").toString()).isEqualTo(withData.get("errors").toString());
		assertThat(withoutData.get("data").toString().replace(empty, personId))
			.isEqualTo(withData.get("data").toString());
	}

	@Test
	void aClinicianAsksThePersonApprovesAndTheGrantOpensTheRecord() {
		SignedIn weber = users.clinician("DE");
		JsonNode asked = graphql.execute(weber.token(), """
				mutation($p: ID!) { requestConsent(input: {personId: $p, categories: [ALLERGIES], purposes: [TREATMENT],
				  reason: "Follow-up of the penicillin allergy at Klinikum Nord"}) { id status } }""",
				Map.of("p", personId));
		assertThat(asked.at("/data/requestConsent/status").asString()).as(asked.toString()).isEqualTo("PENDING");

		JsonNode pending = graphql.execute(person.token(),
				"{ myConsentRequests(status: [PENDING]) { id requestedBy reason categories } }");
		assertThat(pending.at("/data/myConsentRequests/0/requestedBy").asString()).isEqualTo(weber.username());
		assertWithheld(read(weber, "TREATMENT"), HEALTH_FIELDS);

		JsonNode approved = graphql.execute(person.token(),
				"mutation($id: ID!) { answerConsentRequest(id: $id, approve: true) { status grant { status } } }",
				Map.of("id", asked.at("/data/requestConsent/id").asString()));
		assertThat(approved.at("/data/answerConsentRequest/grant/status").asString()).isEqualTo("ACTIVE");
		assertThat(read(weber, "TREATMENT").at("/data/person/allergies/0/substance").asString())
			.isEqualTo("Penicillin");
	}

	@Test
	void aFullReadWithEveryCategoryGrantedLooksUpGrantsOnce() {
		SignedIn weber = users.clinician("DE");
		grant(person, userGrantee(weber), List.of("IDENTITY", "ALLERGIES", "MEDICATIONS", "CONDITIONS",
				"VACCINATIONS", "INFECTIOUS_DISEASES", "MENTAL_HEALTH", "REPRODUCTIVE_HEALTH", "VITALS", "LAB_RESULTS",
				"ENCOUNTERS"), List.of("TREATMENT"), List.of("DE"), null);
		statements.clearRecent();

		JsonNode read = read(weber, "TREATMENT");

		assertThat(read.has("errors")).as(read.toString()).isFalse();
		assertThat(statements.recent().stream().filter(q -> q.contains("from consent_grants")).count())
			.as("grant look-ups for one read of every category")
			.isEqualTo(1);
	}

	@Test
	void aWriteNeedsReadWriteConsentForTheCategory() {
		SignedIn weber = users.clinician("DE");
		grant(person, userGrantee(weber), List.of("ALLERGIES"), List.of("TREATMENT"), List.of("DE"), null);
		String add = "mutation($p: ID!) { addAllergy(personId: $p, input: {substance: \"Latex\"}) { id } }";

		JsonNode readOnly = graphql.execute(weber.token(), add, Map.of("p", personId));
		assertThat(readOnly.at("/errors/0/extensions/classification").asString()).isEqualTo("CONSENT_REQUIRED");

		Map<String, Object> input = grantInput(userGrantee(weber), List.of("ALLERGIES"), List.of("TREATMENT"),
				List.of("DE"), null);
		input.put("access", "READ_WRITE");
		graphql.execute(person.token(), GRANT, Map.of("input", input));
		JsonNode written = graphql.execute(weber.token(), add, Map.of("p", personId));
		assertThat(written.has("errors")).as(written.toString()).isFalse();
	}

	private JsonNode read(SignedIn requester, String purpose) {
		return graphql.execute(requester.token(), READ, Map.of("id", personId, "purpose", purpose));
	}

	private String grant(SignedIn grantor, Map<String, Object> grantee, List<String> categories,
			List<String> purposes, List<String> jurisdictions, Instant until) {
		JsonNode granted = graphql.execute(grantor.token(), GRANT,
				Map.of("input", grantInput(grantee, categories, purposes, jurisdictions, until)));
		assertThat(granted.has("errors")).as(granted.toString()).isFalse();
		assertThat(granted.at("/data/grantConsent/status").asString()).isEqualTo("ACTIVE");
		return granted.at("/data/grantConsent/id").asString();
	}

	private static Map<String, Object> grantInput(Map<String, Object> grantee, List<String> categories,
			List<String> purposes, List<String> jurisdictions, Instant until) {
		Map<String, Object> input = new HashMap<>();
		input.put("grantee", grantee);
		input.put("categories", categories);
		input.put("purposes", purposes);
		if (jurisdictions != null) {
			input.put("jurisdictions", jurisdictions);
		}
		if (until != null) {
			input.put("validUntil", until.toString());
		}
		return input;
	}

	private static Map<String, Object> userGrantee(SignedIn user) {
		return Map.of("kind", "USER", "value", user.username());
	}

	private static void assertWithheld(JsonNode response, List<String> fields) {
		List<String> withheldPaths = new ArrayList<>();
		response.get("errors").forEach(error -> {
			assertThat(error.at("/extensions/classification").asString()).isEqualTo("CONSENT_REQUIRED");
			withheldPaths.add(error.at("/path/1").asString());
		});
		for (String field : fields) {
			assertThat(response.at("/data/person/" + field).isNull()).as(field + " is withheld").isTrue();
			assertThat(withheldPaths).as("an error for " + field).contains(field);
		}
	}

	private static List<String> without(List<String> fields, String... removed) {
		List<String> rest = new ArrayList<>(fields);
		rest.removeAll(List.of(removed));
		return rest;
	}
}
