package org.carnet.graphql;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.portal.PortalSession;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coarse views, from the requester's side with real tokens: a grant that gives identity, vital signs and laboratory
 * results coarse answers the year of birth, sex and nationality only, and the latest value of each kind or test only;
 * the name, the exact date of birth and the contact details written at registration appear nowhere in the GraphQL
 * answer, the FHIR summary or the portal page. Mediators receive coarse identity unless the person chooses otherwise.
 */
@CarnetIntegrationTest
class CoarseViewsTests {

	static final String GIVEN = "Leyla";

	static final String FAMILY = "Osmanova";

	static final String BORN = "1991-08-23";

	static final String PHONE = "+30 690 555 0142";

	static final String EMAIL = "leyla.osmanova@example.org";

	static final String ADDRESS = "Odos Ermou 77, Lesvos";

	/** What must never appear in a coarse answer. */
	static final List<String> FINE = List.of(GIVEN, FAMILY, BORN, "23/08/1991", "08/23/1991", "23.08.1991", PHONE,
			EMAIL, ADDRESS, "Ermou");

	static final String READ = """
			query Read($id: ID!, $purpose: Purpose!) {
			  person(id: $id, purpose: $purpose) {
			    id
			    identity { id givenNames familyName dateOfBirth dateOfBirthEstimated yearOfBirth coarse sex nationality
			      languages contact { phone email address } recorded { at by country source } supersedes }
			    vitals { kind value measuredOn } labResults { test value collectedOn }
			  }
			}""";

	static final String GRANT = """
			mutation Grant($input: GrantConsentInput!) {
			  grantConsent(input: $input) { id categories coarseCategories }
			}""";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	GraphQlRequests graphql;

	TestUsers users;

	SignedIn registrar;

	SignedIn person;

	String personId;

	@BeforeEach
	void aPersonWithIdentityContactMeasurementsAndResults() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		registrar = users.clinician("GR");
		Map<String, Object> identity = new HashMap<>();
		identity.put("givenNames", GIVEN);
		identity.put("familyName", FAMILY);
		identity.put("dateOfBirth", BORN);
		identity.put("sex", "FEMALE");
		identity.put("nationality", "SY");
		identity.put("languages", List.of("ar"));
		identity.put("contact", Map.of("phone", PHONE, "email", EMAIL, "address", ADDRESS));
		JsonNode registered = graphql.execute(registrar.token(), RecordGraphQlTests.REGISTER,
				Map.of("input", Map.of("homeJurisdiction", "GR", "identity", identity)));
		assertThat(registered.has("errors")).as(registered.toString()).isFalse();
		personId = registered.at("/data/registerPerson/personId").asString();
		for (String mutation : List.of(
				"addVitalSign(personId: $p, input: {kind: BLOOD_PRESSURE, value: \"150/95\", measuredOn: \"2025-01-10\"}) { id }",
				"addVitalSign(personId: $p, input: {kind: BLOOD_PRESSURE, value: \"128/82\", measuredOn: \"2025-03-02\"}) { id }",
				"addVitalSign(personId: $p, input: {kind: BLOOD_PRESSURE, value: \"139/88\", measuredOn: \"2025-02-01\"}) { id }",
				"addVitalSign(personId: $p, input: {kind: TEMPERATURE, value: \"37.9\", measuredOn: \"2025-01-10\"}) { id }",
				"addLabResult(personId: $p, input: {test: \"HbA1c\", value: \"8.1\", collectedOn: \"2025-01-12\"}) { id }",
				"addLabResult(personId: $p, input: {test: \"HbA1c\", value: \"6.9\", collectedOn: \"2025-04-12\"}) { id }",
				"addLabResult(personId: $p, input: {test: \"CRP\", value: \"3\", collectedOn: \"2025-01-12\"}) { id }")) {
			JsonNode added = graphql.execute(registrar.token(), "mutation($p: ID!) { " + mutation + " }",
					Map.of("p", personId));
			assertThat(added.has("errors")).as(added.toString()).isFalse();
		}
		person = users.migrant(PersonId.parse(personId, "id"), Jurisdiction.of("GR"));
	}

	@Test
	void aCoarseGrantAnswersYearSexAndNationalityAndTheLatestValuesOnlyInGraphQlFhirAndPortal() throws Exception {
		SignedIn weber = users.clinician("DE");
		JsonNode granted = grant(weber.username(), List.of("IDENTITY", "VITALS", "LAB_RESULTS"), "TREATMENT", "DE",
				List.of("IDENTITY", "VITALS", "LAB_RESULTS"));
		assertThat(strings(granted.at("/data/grantConsent/coarseCategories")))
			.containsExactlyInAnyOrder("IDENTITY", "VITALS", "LAB_RESULTS");

		HttpResponse<String> raw = graphql.post(weber.token(), READ, Map.of("id", personId, "purpose", "TREATMENT"));
		JsonNode answer = graphql.execute(weber.token(), READ, Map.of("id", personId, "purpose", "TREATMENT"));
		assertThat(answer.has("errors")).as(answer.toString()).isFalse();
		JsonNode identity = answer.at("/data/person/identity");
		assertThat(identity.at("/coarse").asBoolean()).isTrue();
		assertThat(identity.at("/yearOfBirth").asInt()).isEqualTo(1991);
		assertThat(identity.at("/sex").asString()).isEqualTo("FEMALE");
		assertThat(identity.at("/nationality").asString()).isEqualTo("SY");
		for (String field : List.of("givenNames", "familyName", "dateOfBirth", "dateOfBirthEstimated", "languages",
				"contact")) {
			assertThat(identity.get(field).isNull()).as(field).isTrue();
		}
		assertThat(raw.body()).doesNotContain(FINE);
		List<String> vitals = new ArrayList<>();
		answer.at("/data/person/vitals").forEach(v -> vitals.add(v.at("/kind").asString() + " " + v.at("/value").asString()));
		assertThat(vitals).containsExactlyInAnyOrder("BLOOD_PRESSURE 128/82", "TEMPERATURE 37.9");
		List<String> results = new ArrayList<>();
		answer.at("/data/person/labResults").forEach(r -> results.add(r.at("/test").asString() + " " + r.at("/value").asString()));
		assertThat(results).containsExactlyInAnyOrder("HbA1c 6.9", "CRP 3");

		HttpResponse<String> fhir = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fhir/Patient/" + personId
					+ "/$summary?purpose=TREATMENT"))
				.header("Authorization", "Bearer " + weber.token())
				.header("Accept", "application/fhir+json")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(fhir.statusCode()).as(fhir.body()).isEqualTo(200);
		assertThat(fhir.body()).doesNotContain(FINE).contains("\"birthDate\":\"1991\"").doesNotContain("\"telecom\"",
				"150/95");

		PortalSession portal = new PortalSession(port);
		portal.signIn(weber.username(), TestUsers.PASSWORD, "/portal/clinician");
		String page = portal.get("/portal/clinician/persons/" + personId + "?purpose=TREATMENT").body();
		assertThat(page).doesNotContain(FINE).contains("1991").doesNotContain("150/95");

		// the person reads their own record in full, and the ledger records the reads as before: what was served
		JsonNode own = graphql.execute(person.token(), "{ myRecord { identity { givenNames coarse } } }");
		assertThat(own.at("/data/myRecord/identity/givenNames").asString()).isEqualTo(GIVEN);
		assertThat(own.at("/data/myRecord/identity/coarse").asBoolean()).isFalse();
		SignedIn auditor = users.staff(Role.AUDITOR, "GR");
		JsonNode events = graphql.execute(auditor.token(), """
				query($p: ID!) { auditEvents(filter: {personId: $p, actions: [READ]}, first: 20) {
				  edges { node { requester { subject } categoriesServed grantIds } } } }""", Map.of("p", personId));
		assertThat(events.has("errors")).as(events.toString()).isFalse();
		List<JsonNode> weberReads = new ArrayList<>();
		events.at("/data/auditEvents/edges").forEach(edge -> {
			if (edge.at("/node/requester/subject").asString().equals(weber.username())) {
				weberReads.add(edge.at("/node"));
			}
		});
		assertThat(weberReads).as("the GraphQL, FHIR and portal reads").hasSizeGreaterThanOrEqualTo(4);
		assertThat(weberReads).allSatisfy(read -> {
			assertThat(strings(read.at("/categoriesServed"))).contains("IDENTITY");
			assertThat(strings(read.at("/grantIds"))).containsExactly(granted.at("/data/grantConsent/id").asString());
		});
	}

	@Test
	void aFullGrantBesideACoarseOneOpensTheCategoryInFull() {
		SignedIn weber = users.clinician("DE");
		grant(weber.username(), List.of("IDENTITY"), "TREATMENT", "DE", List.of("IDENTITY"));
		grant(weber.username(), List.of("IDENTITY"), "TREATMENT", "DE", List.of());

		JsonNode answer = graphql.execute(weber.token(), READ, Map.of("id", personId, "purpose", "TREATMENT"));

		assertThat(answer.at("/data/person/identity/givenNames").asString()).isEqualTo(GIVEN);
		assertThat(answer.at("/data/person/identity/coarse").asBoolean()).isFalse();
		assertThat(answer.at("/data/person/vitals").isNull()).as("not granted").isTrue();
	}

	@Test
	void aMediatorReceivesCoarseIdentityUnlessThePersonChoosesFullIdentity() {
		SignedIn mediator = users.staff(Role.MEDIATOR, "GR");
		JsonNode byDefault = grant(mediator.username(), List.of("IDENTITY"), "CARE_COORDINATION", "GR", null);
		assertThat(strings(byDefault.at("/data/grantConsent/coarseCategories"))).containsExactly("IDENTITY");
		HttpResponse<String> coarse = graphql.post(mediator.token(), READ,
				Map.of("id", personId, "purpose", "CARE_COORDINATION"));
		assertThat(coarse.body()).contains("\"coarse\":true").doesNotContain(FINE);

		PortalSession portal = new PortalSession(port);
		portal.signIn(mediator.username(), TestUsers.PASSWORD, "/portal/mediator");
		String page = portal.get("/portal/mediator/persons/" + personId).body();
		assertThat(page).doesNotContain(FINE).doesNotContain("null");
		PortalSession own = new PortalSession(port);
		own.signIn(person.username(), TestUsers.PASSWORD, "/portal/my/consents?lang=en");
		assertThat(own.get("/portal/my/consents?lang=en").body())
			.contains("Only a summary of some parts: your identity as year of birth, sex and nationality.");

		graphql.execute(person.token(), "mutation($id: ID!) { revokeConsent(id: $id) { id } }",
				Map.of("id", byDefault.at("/data/grantConsent/id").asString()));
		JsonNode chosen = grant(mediator.username(), List.of("IDENTITY"), "CARE_COORDINATION", "GR", List.of());
		assertThat(chosen.at("/data/grantConsent/coarseCategories").size()).isZero();
		JsonNode full = graphql.execute(mediator.token(), READ, Map.of("id", personId, "purpose", "CARE_COORDINATION"));
		assertThat(full.at("/data/person/identity/givenNames").asString()).isEqualTo(GIVEN);
	}

	@Test
	void aMediatorsOwnRequestAsksForCoarseIdentityByDefault() {
		SignedIn mediator = users.staff(Role.MEDIATOR, "GR");
		JsonNode asked = graphql.execute(mediator.token(), """
				mutation($p: ID!) { requestConsent(input: {personId: $p, categories: [IDENTITY, ENCOUNTERS],
				  purposes: [CARE_COORDINATION], reason: "To help coordinate the referral"}) { id coarseCategories } }""",
				Map.of("p", personId));
		assertThat(asked.has("errors")).as(asked.toString()).isFalse();
		assertThat(strings(asked.at("/data/requestConsent/coarseCategories"))).containsExactly("IDENTITY");

		JsonNode approved = graphql.execute(person.token(), """
				mutation($id: ID!) { answerConsentRequest(id: $id, approve: true) { grant { coarseCategories } } }""",
				Map.of("id", asked.at("/data/requestConsent/id").asString()));

		assertThat(strings(approved.at("/data/answerConsentRequest/grant/coarseCategories"))).containsExactly("IDENTITY");
		HttpResponse<String> read = graphql.post(mediator.token(), READ,
				Map.of("id", personId, "purpose", "CARE_COORDINATION"));
		assertThat(read.body()).contains("\"coarse\":true").doesNotContain(FINE);
	}

	@Test
	void aCategoryWithoutACoarseViewIsRefusedAndNoGrantIsWritten() {
		SignedIn weber = users.clinician("DE");

		JsonNode refused = grant(weber.username(), List.of("ALLERGIES", "IDENTITY"), "TREATMENT", "DE",
				List.of("ALLERGIES"));
		JsonNode notGranted = grant(weber.username(), List.of("VITALS"), "TREATMENT", "DE", List.of("LAB_RESULTS"));

		assertThat(refused.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
		assertThat(refused.at("/errors/0/message").asString()).contains("coarseCategories").contains("ALLERGIES");
		assertThat(notGranted.at("/errors/0/message").asString()).contains("coarseCategories");
		JsonNode consents = graphql.execute(person.token(), "{ myConsents { grantee { value } } }");
		assertThat(consents.toString()).doesNotContain(weber.username());
	}

	@Test
	void thePersonIsToldInTheirLanguageWhatAClinicianWillNotSeeWhenTheyRestrict() {
		SignedIn weber = users.clinician("DE");
		String id = grant(weber.username(), List.of("ALLERGIES", "VITALS"), "TREATMENT", "DE", List.of("VITALS"))
			.at("/data/grantConsent/id")
			.asString();

		PortalSession portal = new PortalSession(port);
		portal.signIn(person.username(), TestUsers.PASSWORD, "/portal/my?lang=fr");
		String confirmation = portal.get("/portal/my/consents/" + id + "/revoke?lang=fr").body();
		assertThat(confirmation).contains("id=\"confirm-effects\"").contains("Vos allergies")
			.contains("Vos mesures et votre groupe sanguin").doesNotContain("Vos vaccinations");

		JsonNode effects = graphql.execute(person.token(), """
				{ myConsents { id whatIsNotShared(language: "fr") { category coarse explanation } } }""");
		JsonNode revoked = graphql.execute(person.token(), """
				mutation($id: ID!) { revokeConsent(id: $id) { whatIsNotShared { category explanation } } }""",
				Map.of("id", id));

		List<String> categories = new ArrayList<>();
		effects.at("/data/myConsents").forEach(grant -> {
			if (grant.at("/id").asString().equals(id)) {
				grant.at("/whatIsNotShared").forEach(effect -> categories.add(effect.at("/category").asString()
						+ (effect.at("/coarse").asBoolean() ? " coarse" : "")));
				assertThat(grant.at("/whatIsNotShared/0/explanation").asString()).contains("Votre nom");
			}
		});
		assertThat(categories).contains("IDENTITY", "MENTAL_HEALTH", "VITALS coarse").doesNotContain("ALLERGIES");
		assertThat(revoked.at("/data/revokeConsent/whatIsNotShared").size()).isEqualTo(11);
		assertThat(revoked.toString()).contains("Your allergies");
	}

	private JsonNode grant(String grantee, List<String> categories, String purpose, String country,
			List<String> coarse) {
		Map<String, Object> input = new HashMap<>();
		input.put("grantee", Map.of("kind", "USER", "value", grantee));
		input.put("categories", categories);
		input.put("purposes", List.of(purpose));
		input.put("jurisdictions", List.of(country));
		if (coarse != null) {
			input.put("coarseCategories", coarse);
		}
		return graphql.execute(person.token(), GRANT, Map.of("input", input));
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach(value -> values.add(value.asString()));
		return values;
	}
}
