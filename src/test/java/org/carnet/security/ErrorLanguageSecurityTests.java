package org.carnet.security;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, item 14: no error body or page names a Java class, package or exception, and errors speak the user's
 * language: GraphQL validation and coercion errors, the JSON of the other endpoints, and the portal's pages for an
 * unknown address or an invalid parameter (never Spring's Whitelabel page).
 */
@CarnetIntegrationTest
class ErrorLanguageSecurityTests {

	private static final List<String> INTERNALS = List.of("java.", "org.", "graphql.", "springframework", "Exception",
			"LinkedHashMap", "HashMap", "ArrayList", "BigInteger", "Whitelabel", "Throwable", "jakarta", "tools.jackson",
			"Value{", "Field{", "{name=");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	GraphQlRequests graphql;

	TestUsers.SignedIn clinician;

	@BeforeEach
	void setUp() {
		graphql = new GraphQlRequests(port);
		clinician = new TestUsers(accounts, port).staff(Role.CLINICIAN, "GR");
	}

	@Test
	void graphQlValidationAndCoercionErrorsArePlainSentences() {
		String person = "query($id: ID!) { person(id: $id, purpose: TREATMENT) { id } }";
		String phr = "query($p: String!) { personByPhrNumber(phrNumber: $p, purpose: TREATMENT) { id } }";
		List<HttpResponse<String>> answers = List.of(
				graphql.post(clinician.token(), person, Map.of("id", Map.of("a", 1))),
				graphql.post(clinician.token(), person, Map.of("id", List.of(1, 2))),
				graphql.post(clinician.token(), phr, Map.of("p", Map.of("nested", List.of(Map.of("x", 1))))),
				graphql.post(clinician.token(), "{ person(id: {a: 1}, purpose: TREATMENT) { id } }", null),
				graphql.post(clinician.token(), "{ person(id: \"not-an-id\", purpose: TREATMENT) { id } }", null),
				graphql.post(clinician.token(), "{ person(id: \"x\", purpose: HOLIDAY) { id } }", null),
				graphql.post(clinician.token(), "{ myAccessLog(first: 99999999999999) { edges { node { time } } } }",
						null),
				graphql.post(clinician.token(), "query($f: Int) { myAccessLog(first: $f) { edges { node { time } } } }",
						Map.of("f", "many")),
				graphql.post(clinician.token(), "{ me { noSuchField } }", null),
				graphql.post(clinician.token(), "{ me { subject ", null));
		for (HttpResponse<String> answer : answers) {
			JsonNode errors = JSON.readTree(answer.body()).get("errors");
			assertThat(errors).as(answer.body()).isNotNull().isNotEmpty();
			assertPlain(answer.body());
			errors.forEach(error -> assertThat(error.get("message").asString()).as(answer.body())
				.isNotBlank()
				.doesNotStartWith("Validation error ("));
		}
		assertThat(message(answers.get(2))).isEqualTo(
				"Variable 'p' has an invalid value: Expected a String input, but it was an object");
		assertThat(message(answers.get(3))).isEqualTo("The value of argument 'id' is not a valid ID.");
		assertThat(message(answers.get(5))).isEqualTo("The value of argument 'purpose' is not a valid Purpose.");
		assertThat(message(answers.get(6))).isEqualTo("The value of argument 'first' is not a valid Int: Expected value "
				+ "to be in the integer range, but it was 99999999999999");
		assertThat(message(answers.get(7))).endsWith("but it was text");
	}

	@Test
	void errorsOfOtherEndpointsAreJsonWithoutInternals() throws IOException {
		RawHttp http = new RawHttp(port);
		Map<String, String> api = Map.of("Accept", "application/json", "Content-Type", "application/json",
				"Authorization", "Bearer " + clinician.token());
		List<RawHttp.Answer> answers = List.of(
				http.send("POST", "/graphql", api, bytes("{not json"), bytes("{not json").length),
				http.send("POST", "/graphql", api, bytes("[1,2,3]"), bytes("[1,2,3]").length),
				http.send("POST", "/accounts/claim", Map.of("Accept", "application/json", "Content-Type", "text/plain"),
						bytes("hello"), 5),
				http.send("POST", "/accounts/claim", Map.of("Accept", "application/json", "Content-Type",
						"application/json"), bytes("{\"phrNumber\": [1]}"), bytes("{\"phrNumber\": [1]}").length),
				http.send("PUT", "/accounts/claim", Map.of("Accept", "application/json", "Content-Type",
						"application/json"), bytes("{}"), 2),
				http.get("/error", Map.of("Accept", "application/json")));
		for (RawHttp.Answer answer : answers) {
			assertThat(answer.status()).as(answer.body()).isBetween(400, 499);
			assertPlain(answer.body());
		}
		RawHttp.Answer unsupported = answers.get(2);
		assertThat(unsupported.status()).isEqualTo(415);
		assertThat(JSON.readTree(unsupported.body()).get("error").asString())
			.isEqualTo("This kind of content is not accepted here.");
	}

	@Test
	void unknownPortalAddressShowsANotFoundPageInTheUsersLanguage() throws IOException {
		RawBrowser arabic = new RawBrowser(port, Map.of("Accept-Language", "ar"));
		arabic.signInToPortal("/portal/clinician", clinician.username(), TestUsers.PASSWORD);

		RawHttp.Answer missing = arabic.get("/portal/clinician/no-such-page");

		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.header("Content-Type")).startsWith("text/html");
		assertThat(missing.body()).contains("lang=\"ar\"").contains("dir=\"rtl\"").contains("هذه الصفحة غير موجودة");
		assertPlain(missing.body());
	}

	@Test
	void invalidPurposeInAPortalAddressShowsABadRequestPageInTheUsersLanguage() throws IOException {
		RawBrowser french = new RawBrowser(port, Map.of("Accept-Language", "fr"));
		french.signInToPortal("/portal/clinician", clinician.username(), TestUsers.PASSWORD);

		RawHttp.Answer invalid = french.get("/portal/clinician/persons/" + java.util.UUID.randomUUID()
				+ "?purpose=HOLIDAY");

		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.body()).contains("lang=\"fr\"").contains("Cette adresse ou ce formulaire n’est pas valide");
		assertPlain(invalid.body());
	}

	@Test
	void errorsShownToBrowsersOutsideThePortalAreTheSamePages() throws IOException {
		RawBrowser arabic = new RawBrowser(port, Map.of("Accept-Language", "ar"));
		RawHttp.Answer unknownClient = arabic.get("/oauth2/authorize?response_type=code&client_id=nobody");
		RawHttp.Answer direct = arabic.get("/error");

		assertThat(unknownClient.status()).isEqualTo(400);
		assertThat(unknownClient.body()).contains("lang=\"ar\"").contains("هذا العنوان أو النموذج غير صالح");
		assertPlain(unknownClient.body());
		assertThat(direct.status()).isEqualTo(404);
		assertPlain(direct.body());
	}

	private static String message(HttpResponse<String> answer) {
		return JSON.readTree(answer.body()).at("/errors/0/message").asString();
	}

	private static void assertPlain(String body) {
		for (String internal : INTERNALS) {
			assertThat(body).as(body).doesNotContain(internal);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}
}
