package org.carnet.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.identity.Accounts;
import org.carnet.portal.PortalSession;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item 13 of the hardening issue: text with control, direction-changing or broken characters is refused at every
 * entry point with BAD_REQUEST naming the field, and nothing is stored; names in any script are kept exactly; dates
 * are strict and within sane ranges; portal pages isolate user text.
 */
@CarnetIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class InputHygieneSecurityTests {

	static final String REGISTER = """
			mutation Register($input: RegisterPersonInput!) {
			  registerPerson(input: $input) { personId person { identity { givenNames familyName dateOfBirth } } }
			}""";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Each bad character as it is written inside a JSON string (the lone surrogate only exists as an escape). */
	private static final Map<String, String> BAD = Map.of("NUL", "\\u0000", "right-to-left override",
			"gpj\\u202e.exe", "ANSI escape", "\\u001b[31mred", "lone surrogate", "x\\ud800y", "DEL", "x\\u007f");

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	GraphQlRequests graphql;

	TestUsers users;

	SignedIn clinician;

	@BeforeEach
	void setUp() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		clinician = users.clinician("GR");
	}

	@Test
	void aNameWithAControlDirectionOrBrokenCharacterIsRefusedNamingTheFieldAndNothingIsStored(CapturedOutput output) {
		long persons = count("persons");
		for (Map.Entry<String, String> bad : BAD.entrySet()) {
			String body = """
					{"query": %s, "variables": {"input": {"homeJurisdiction": "GR",
					  "identity": {"givenNames": "Amal%s", "familyName": "Darwish"}}}}"""
				.formatted(JSON.writeValueAsString(REGISTER), bad.getValue());
			JsonNode answer = postRaw(clinician.token(), body);
			assertBadRequest(answer, "input.identity.givenNames", bad.getKey());
		}
		assertThat(count("persons")).isEqualTo(persons);
		assertThat(output.getAll()).doesNotContain("Unexpected failure").doesNotContain("PSQLException")
			.doesNotContain("\tat org.");
	}

	@Test
	void listsNestedInputsAndInlineLiteralsAreCheckedLikeVariables() {
		Map<String, Object> input = registration("Amal");
		((Map<String, Object>) input.get("identity")).put("languages", List.of("ar", "f\u202Er"));
		assertBadRequest(graphql.execute(clinician.token(), REGISTER, Map.of("input", input)),
				"input.identity.languages[1]", "list element");

		String personId = register("Amal");
		long entries = count("entries");
		JsonNode literal = graphql.execute(clinician.token(), """
				mutation { addAllergy(personId: "%s", input: {substance: "gpj\\u202Eexe.", reaction: "rash"}) { id } }"""
			.formatted(personId));
		assertBadRequest(literal, "input.substance", "inline literal");
		JsonNode escape = graphql.execute(clinician.token(), """
				mutation($p: ID!, $i: AllergyInput!) { addAllergy(personId: $p, input: $i) { id } }""",
				Map.of("p", personId, "i", Map.of("substance", "Latex", "reaction", "\u001B[2J hives")));
		assertBadRequest(escape, "input.reaction", "variable");
		assertThat(count("entries")).isEqualTo(entries);

		// an id argument is text too
		JsonNode id = graphql.execute(clinician.token(), "query($id: ID!) { person(id: $id, purpose: TREATMENT) { id } }",
				Map.of("id", "\u0000"));
		assertBadRequest(id, "id", "ID");
	}

	@Test
	void consentJustificationsReasonsAndGranteesAreCheckedAndNothingIsGranted() {
		String personId = register("Amal");
		SignedIn person = users.migrant(new PersonId(java.util.UUID.fromString(personId)), Jurisdiction.of("GR"));
		long grants = count("consent_grants");
		long requests = count("consent_requests");
		long emergencies = count("emergency_accesses");

		Map<String, Object> grant = new HashMap<>();
		grant.put("grantee", Map.of("kind", "USER", "value", "dr\u202Eweber"));
		grant.put("categories", List.of("ALLERGIES"));
		grant.put("purposes", List.of("TREATMENT"));
		assertBadRequest(graphql.execute(person.token(),
				"mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id } }", Map.of("input", grant)),
				"input.grantee.value", "nested input object");

		assertBadRequest(graphql.execute(clinician.token(),
				"mutation($p: ID!, $j: String!) { breakGlass(personId: $p, justification: $j) { id } }",
				Map.of("p", personId, "j", "Unconscious on arrival \u001B]8;;http://x\u0007, no relatives")),
				"justification", "break-glass justification");

		assertBadRequest(graphql.execute(clinician.token(), """
				mutation($p: ID!, $r: String!) { requestConsent(input: {personId: $p, categories: [ALLERGIES],
				  purposes: [TREATMENT], reason: $r}) { id } }""",
				Map.of("p", personId, "r", "Planned surgery\u0000 next week")), "input.reason", "consent request");

		assertThat(count("consent_grants")).isEqualTo(grants);
		assertThat(count("consent_requests")).isEqualTo(requests);
		assertThat(count("emergency_accesses")).isEqualTo(emergencies);
	}

	@Test
	void arabicAndPersianNamesWithAZeroWidthNonJoinerAreKeptExactly() {
		String given = "نرگس";
		String family = "محمدی\u200Cنژاد";
		JsonNode registered = graphql.execute(clinician.token(), REGISTER,
				Map.of("input", Map.of("homeJurisdiction", "GR", "identity",
						Map.of("givenNames", given, "familyName", family, "languages", List.of("fa")))));
		assertThat(registered.has("errors")).as(registered.toString()).isFalse();
		assertThat(registered.at("/data/registerPerson/person/identity/givenNames").asString()).isEqualTo(given);
		assertThat(registered.at("/data/registerPerson/person/identity/familyName").asString()).isEqualTo(family);
		String personId = registered.at("/data/registerPerson/personId").asString();
		JsonNode read = graphql.execute(clinician.token(),
				"query($id: ID!) { person(id: $id, purpose: TREATMENT) { identity { familyName } } }",
				Map.of("id", personId));
		assertThat(read.at("/data/person/identity/familyName").asString()).isEqualTo(family);
	}

	@Test
	void anImpossibleOrFarFutureBirthDateIsRefusedAndNothingIsStored() {
		long persons = count("persons");
		for (String date : List.of("2026-02-30", "2999-01-01", "1850-06-01")) {
			Map<String, Object> input = registration("Amal");
			((Map<String, Object>) input.get("identity")).put("dateOfBirth", date);
			JsonNode answer = graphql.execute(clinician.token(), REGISTER, Map.of("input", input));
			assertThat(answer.at("/errors/0/extensions/classification").asString()).as(date).isEqualTo("BAD_REQUEST");
			assertThat(answer.at("/errors/0/extensions/field").asString()).as(date).endsWith("dateOfBirth");
		}
		JsonNode literal = graphql.execute(clinician.token(), """
				mutation { registerPerson(input: {homeJurisdiction: "GR",
				  identity: {givenNames: "Amal", dateOfBirth: "2026-02-30"}}) { personId } }""");
		assertBadRequest(literal, "input.identity.dateOfBirth", "inline date");
		assertThat(literal.at("/errors/0/message").asString()).contains("not a real calendar day");
		assertThat(count("persons")).isEqualTo(persons);
	}

	@Test
	void theClaimEndpointAndTheSignInFormRefuseControlCharactersWithoutAStackTrace(CapturedOutput output) {
		long users = count("users");
		String body = """
				{"phrNumber": "CAR-0000-0000", "activationCode": "K7QM4-XZTP9", "username": "amina\\u0000",
				 "password": "a long enough password"}""";
		HttpResponse<String> claimed = send(HttpClient.newHttpClient(),
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/accounts/claim"))
					.header("Content-Type", "application/json")
					.header("X-Forwarded-For", "203.0.113.90")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build());
		assertThat(claimed.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(claimed.body()).get("field").asString()).isEqualTo("username");
		assertThat(JSON.readTree(claimed.body()).get("message").asString()).contains("control character");

		HttpClient browser = Tokens.newClient();
		URI login = URI.create("http://localhost:" + port + "/login");
		HttpResponse<String> form = send(browser,
				HttpRequest.newBuilder(login).header("X-Forwarded-For", "203.0.113.91").GET().build());
		Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
		assertThat(csrf.find()).isTrue();
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("username", "admin\u0000");
		fields.put("password", "whatever it is");
		fields.put("_csrf", csrf.group(1));
		HttpResponse<String> signIn = send(browser, HttpRequest.newBuilder(login)
			.header("X-Forwarded-For", "203.0.113.91")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(Tokens.form(fields)))
			.build());
		assertThat(signIn.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
		assertThat(count("users")).isEqualTo(users);
		assertThat(output.getAll()).doesNotContain("PSQLException").doesNotContain("\tat org.");
	}

	@Test
	void portalPagesIsolateTextThePersonOrAClinicianTyped() {
		String personId = register("أمل");
		graphql.execute(clinician.token(), "mutation($p: ID!) { addAllergy(personId: $p, input: {substance: \"بنسلين\"}) { id } }",
				Map.of("p", personId));
		PortalSession portal = new PortalSession(port);
		portal.signIn(clinician.username(), TestUsers.PASSWORD, "/portal/clinician");
		String page = portal.get("/portal/clinician/persons/" + personId).body();
		// typed text in its own direction: right to left from its first letter, whatever the page's
		assertThat(page).contains("<h3><bdi dir=\"rtl\">أمل Darwish</bdi></h3>")
			.contains("<h3><bdi dir=\"rtl\">بنسلين</bdi></h3>");
		// a name inside a sentence ("Recorded ... by ...") sits between Unicode isolates, the plain-text <bdi>
		assertThat(page).contains("\u2068Test CLINICIAN\u2069");
	}

	private void assertBadRequest(JsonNode answer, String field, String what) {
		assertThat(answer.at("/errors/0/extensions/classification").asString()).as(what + ": " + answer)
			.isEqualTo("BAD_REQUEST");
		assertThat(answer.at("/errors/0/extensions/field").asString()).as(what).isEqualTo(field);
		assertThat(answer.at("/errors/0/message").asString()).as(what).startsWith(field + ": ").doesNotContain("java")
			.doesNotContain("Exception");
	}

	private String register(String givenNames) {
		JsonNode registered = graphql.execute(clinician.token(), REGISTER, Map.of("input", registration(givenNames)));
		assertThat(registered.has("errors")).as(registered.toString()).isFalse();
		return registered.at("/data/registerPerson/personId").asString();
	}

	private static Map<String, Object> registration(String givenNames) {
		Map<String, Object> identity = new HashMap<>();
		identity.put("givenNames", givenNames);
		identity.put("familyName", "Darwish");
		Map<String, Object> input = new HashMap<>();
		input.put("homeJurisdiction", "GR");
		input.put("identity", identity);
		return input;
	}

	private JsonNode postRaw(String token, String body) {
		HttpResponse<String> response = send(HttpClient.newHttpClient(),
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
					.header("Content-Type", "application/json")
					.header("Authorization", "Bearer " + token)
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private long count(String table) {
		return jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}
}
