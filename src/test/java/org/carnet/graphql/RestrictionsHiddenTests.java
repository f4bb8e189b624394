package org.carnet.graphql;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Restrictions hidden where the policy says so (France's {@code policies/consent/FR.yaml}: {@code reads.restrictions:
 * hidden}), from the clinician's side with real tokens: for a person with data in a withheld category, a person with
 * none there, and a person who withholds nothing and has no data there, the GraphQL answer, the portal page and the
 * FHIR summary are the same bytes once the persons' own ids are set aside; each carries the same notice; no reason
 * (a revocation) reaches the clinician; and the audit log still records what was withheld.
 */
@CarnetIntegrationTest
class RestrictionsHiddenTests {

	static final String READ = """
			query Read($id: ID!) {
			  person(id: $id, purpose: TREATMENT) {
			    id phrNumber homeJurisdiction
			    allergies { substance } mentalHealth { instrument score }
			    completenessNotice
			  }
			}""";

	static final String GRANT = """
			mutation Grant($input: GrantConsentInput!) { grantConsent(input: $input) { id } }""";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	GraphQlRequests graphql;

	TestUsers users;

	SignedIn registrar;

	SignedIn reader;

	@BeforeEach
	void setUp() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		registrar = users.clinician("FR");
		reader = users.clinician("FR");
	}

	@Test
	void aWithheldCategoryReadsExactlyAsAnEmptyOneInGraphQlPortalAndFhirWithTheSameNotice() throws Exception {
		// (a) data in mental health, granted and then revoked: withheld (the reason would be REVOKED)
		Person withData = register();
		addMentalHealth(withData.id());
		String revoked = grant(withData, List.of("MENTAL_HEALTH"), "READ_WRITE");
		JsonNode revocation = graphql.execute(withData.signedIn().token(),
				"mutation($id: ID!) { revokeConsent(id: $id) { status } }", Map.of("id", revoked));
		assertThat(revocation.at("/data/revokeConsent/status").asString()).isEqualTo("REVOKED");
		grant(withData, List.of("ALLERGIES"), "READ");
		// (b) nothing in mental health, never granted: withheld
		Person withoutData = register();
		grant(withoutData, List.of("ALLERGIES"), "READ");
		// (c) nothing withheld that is asked for, and no data there
		Person nothingWithheld = register();
		grant(nothingWithheld, List.of("ALLERGIES", "MENTAL_HEALTH"), "READ");

		String a = graphQl(withData);
		String b = graphQl(withoutData);
		String c = graphQl(nothingWithheld);
		assertThat(a).isEqualTo(b).isEqualTo(c);
		JsonNode answer = graphql.execute(reader.token(), READ, Map.of("id", withData.id()));
		assertThat(answer.has("errors")).as(answer.toString()).isFalse();
		assertThat(answer.at("/data/person/mentalHealth").isArray()).isTrue();
		assertThat(answer.at("/data/person/mentalHealth").size()).isZero();
		assertThat(answer.at("/data/person/completenessNotice").asString()).contains("may be incomplete");
		assertThat(a).doesNotContain("RHS-15", "REVOKED", "revoked", "CONSENT_REQUIRED");

		PortalSession portal = new PortalSession(port);
		portal.signIn(reader.username(), TestUsers.PASSWORD, "/portal/clinician");
		String pageA = page(portal, withData);
		String pageB = page(portal, withoutData);
		String pageC = page(portal, nothingWithheld);
		assertThat(pageA).isEqualTo(pageB).isEqualTo(pageC);
		assertThat(pageA).contains("id=\"completeness-notice\"").contains("may be incomplete")
			.doesNotContain("RHS-15", "revoked", "not shared with you");
		PortalSession french = new PortalSession(port);
		french.signIn(reader.username(), TestUsers.PASSWORD, "/portal/clinician?lang=fr");
		assertThat(french.get("/portal/clinician/persons/" + withData.id() + "?purpose=TREATMENT&lang=fr").body())
			.contains("Ce dossier peut être incomplet");

		String fhirA = fhir(withData);
		String fhirB = fhir(withoutData);
		String fhirC = fhir(nothingWithheld);
		assertThat(fhirA).isEqualTo(fhirB).isEqualTo(fhirC);
		assertThat(fhirA).contains("urn:carnet:fhir:completeness-notice").contains("may be incomplete")
			.doesNotContain("RHS-15", "REVOKED", "revoked");

		// the ledger still says what was withheld from whom (auditors and the person see it)
		assertThat(withheldInReads(withData)).isNotEmpty().allMatch(withheld -> withheld.contains("MENTAL_HEALTH"));
		assertThat(withheldInReads(withoutData)).isNotEmpty().allMatch(withheld -> withheld.contains("MENTAL_HEALTH"));
		assertThat(withheldInReads(nothingWithheld)).isNotEmpty().allMatch(withheld -> !withheld.contains("MENTAL_HEALTH"));
	}

	@Test
	void aWriteRefusedAfterARevocationDoesNotTellTheClinicianThePersonRevoked() {
		Person person = register();
		String revoked = grant(person, List.of("ALLERGIES"), "READ_WRITE");
		graphql.execute(person.signedIn().token(), "mutation($id: ID!) { revokeConsent(id: $id) { status } }",
				Map.of("id", revoked));

		JsonNode refused = graphql.execute(reader.token(),
				"mutation($p: ID!) { addAllergy(personId: $p, input: {substance: \"Latex\"}) { id } }",
				Map.of("p", person.id()));

		assertThat(refused.at("/errors/0/extensions/classification").asString()).isEqualTo("CONSENT_REQUIRED");
		assertThat(refused.at("/errors/0/extensions/reason").asString()).isEqualTo("NO_GRANT");
		assertThat(refused.toString()).doesNotContain("REVOKED").doesNotContainIgnoringCase("revoked");
		JsonNode own = graphql.execute(person.signedIn().token(), "{ myRecord { allergies { substance } } }");
		assertThat(own.at("/data/myRecord/allergies").size()).as("nothing was written").isZero();
	}

	@Test
	void theSentConsentRequestDoesNotShowTheClinicianWhetherItsGrantWasRevoked() {
		Person person = register();
		JsonNode asked = graphql.execute(reader.token(), """
				mutation($p: ID!) { requestConsent(input: {personId: $p, categories: [ALLERGIES],
				  purposes: [TREATMENT], reason: "Follow-up of the allergy"}) { id } }""", Map.of("p", person.id()));
		String request = asked.at("/data/requestConsent/id").asString();
		JsonNode approved = graphql.execute(person.signedIn().token(),
				"mutation($id: ID!) { answerConsentRequest(id: $id, approve: true) { grant { id } } }",
				Map.of("id", request));
		String grant = approved.at("/data/answerConsentRequest/grant/id").asString();
		graphql.execute(person.signedIn().token(), "mutation($id: ID!) { revokeConsent(id: $id) { status } }",
				Map.of("id", grant));

		JsonNode sent = graphql.execute(reader.token(),
				"{ mySentConsentRequests { id status grant { status revokedAt } } }");

		assertThat(sent.at("/data/mySentConsentRequests/0/status").asString()).isEqualTo("APPROVED");
		assertThat(sent.at("/data/mySentConsentRequests/0/grant").isNull()).isTrue();
		assertThat(sent.toString()).doesNotContain("REVOKED");
		// the person still sees their own grant as revoked
		JsonNode own = graphql.execute(person.signedIn().token(), "{ myConsentRequests { grant { status } } }");
		assertThat(own.at("/data/myConsentRequests/0/grant/status").asString()).isEqualTo("REVOKED");
	}

	@Test
	void aRefusedEmergencyAccessDoesNotTellTheClinicianThePersonOptedOut() {
		Person person = register();
		JsonNode optedOut = graphql.execute(person.signedIn().token(), "mutation { setBreakGlassOptOut(optOut: true) }");
		assertThat(optedOut.has("errors")).as(optedOut.toString()).isFalse();
		JsonNode refused = graphql.execute(reader.token(), """
				mutation B($id: ID!) { breakGlass(personId: $id, justification: "Unconscious after a fall, no relatives") {
				  id } }""", Map.of("id", person.id()));
		assertThat(refused.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");
		assertThat(refused.at("/errors/0/extensions/reason").asString()).isEqualTo("BREAK_GLASS_UNAVAILABLE");
		assertThat(refused.toString()).doesNotContainIgnoringCase("refused").doesNotContain("OPTED_OUT");
		assertThat(refused.at("/data/breakGlass").isNull() || refused.at("/data").isNull()).isTrue();
	}

	@Test
	void recordsHeldWhereRestrictionsAreVisibleKeepTheirErrorsAndCarryNoNotice() {
		SignedIn greek = users.clinician("GR");
		String id = graphql.execute(greek.token(), RecordGraphQlTests.REGISTER,
				Map.of("input", RecordGraphQlTests.registration("GR")))
			.at("/data/registerPerson/personId")
			.asString();
		SignedIn other = users.clinician("GR");

		JsonNode answer = graphql.execute(other.token(), READ, Map.of("id", id));

		assertThat(answer.at("/data/person/completenessNotice").isNull()).isTrue();
		assertThat(answer.at("/data/person/mentalHealth").isNull()).isTrue();
		assertThat(answer.toString()).contains("CONSENT_REQUIRED");
	}

	private record Person(String id, String phrNumber, SignedIn signedIn) {
	}

	private Person register() {
		JsonNode registered = graphql.execute(registrar.token(), RecordGraphQlTests.REGISTER,
				Map.of("input", RecordGraphQlTests.registration("FR")));
		String id = registered.at("/data/registerPerson/personId").asString();
		String phr = registered.at("/data/registerPerson/phrNumber").asString();
		return new Person(id, phr, users.migrant(PersonId.parse(id, "id"), Jurisdiction.of("FR")));
	}

	private void addMentalHealth(String person) {
		JsonNode added = graphql.execute(registrar.token(), """
				mutation($p: ID!) { addMentalHealthAssessment(personId: $p,
				  input: {instrument: "RHS-15", score: 16, date: "2025-01-10"}) { id } }""", Map.of("p", person));
		assertThat(added.has("errors")).as(added.toString()).isFalse();
	}

	private String grant(Person person, List<String> categories, String access) {
		JsonNode granted = graphql.execute(person.signedIn().token(), GRANT, Map.of("input",
				Map.of("grantee", Map.of("kind", "USER", "value", reader.username()), "categories", categories,
						"access", access, "purposes", List.of("TREATMENT"), "jurisdictions", List.of("FR"))));
		assertThat(granted.has("errors")).as(granted.toString()).isFalse();
		return granted.at("/data/grantConsent/id").asString();
	}

	/** The raw answer, with the person's own id and record number set aside. */
	private String graphQl(Person person) {
		HttpResponse<String> response = graphql.post(reader.token(), READ, Map.of("id", person.id()));
		assertThat(response.statusCode()).isEqualTo(200);
		return withoutOwnIds(response.body(), person);
	}

	private String page(PortalSession portal, Person person) {
		HttpResponse<String> response = portal.get("/portal/clinician/persons/" + person.id() + "?purpose=TREATMENT");
		assertThat(response.statusCode()).isEqualTo(200);
		// a form's CSRF and submission tokens and a script's nonce are per page, not about the person
		return withoutOwnIds(response.body(), person).replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "_csrf")
			.replaceAll("name=\"_form\" value=\"[^\"]+\"", "_form")
			.replaceAll("nonce=\"[^\"]+\"", "nonce");
	}

	private String fhir(Person person) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fhir/Patient/" + person.id()
					+ "/$summary?purpose=TREATMENT"))
				.header("Authorization", "Bearer " + reader.token())
				.header("Accept", "application/fhir+json")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		// each document has its own ids and time stamp; the patient's id is derived from the person's
		return withoutOwnIds(response.body(), person)
			.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>")
			.replaceAll("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})", "<time>");
	}

	private static String withoutOwnIds(String text, Person person) {
		return text.replace(person.id(), "<person>").replace(person.phrNumber(), "<phr>");
	}

	/** The categories each read event of the reader about the person withheld, as the auditor sees them. */
	private List<List<String>> withheldInReads(Person person) {
		SignedIn auditor = users.staff(Role.AUDITOR, "FR");
		JsonNode events = graphql.execute(auditor.token(), """
				query($p: ID!) { auditEvents(filter: {personId: $p, actions: [READ]}, first: 50) {
				  edges { node { requester { subject } categoriesWithheld } } } }""", Map.of("p", person.id()));
		assertThat(events.has("errors")).as(events.toString()).isFalse();
		List<List<String>> withheld = new java.util.ArrayList<>();
		for (JsonNode edge : events.at("/data/auditEvents/edges")) {
			if (edge.at("/node/requester/subject").asString().equals(reader.username())) {
				List<String> categories = new java.util.ArrayList<>();
				edge.at("/node/categoriesWithheld").forEach(category -> categories.add(category.asString()));
				withheld.add(categories);
			}
		}
		return withheld;
	}
}
