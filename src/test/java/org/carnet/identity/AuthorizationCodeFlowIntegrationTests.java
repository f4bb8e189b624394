package org.carnet.identity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The sign-in flow of {@code carnet-cli} over HTTP, and what the tokens it yields say. */
@CarnetIntegrationTest
class AuthorizationCodeFlowIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	PortalClient portal;

	@Autowired
	org.springframework.jdbc.core.simple.JdbcClient jdbc;

	IdentityTestData data;

	Tokens tokens;

	@BeforeEach
	void setUp() {
		data = new IdentityTestData(accounts);
		tokens = new Tokens(port);
	}

	@Test
	void signsInWithPkceOnAnyLoopbackPortWithoutConsentScreen() {
		String clinician = data.clinician(IdentityTestData.HOSPITAL_ATHENS);
		for (int loopbackPort : new int[] { 41234, 58765 }) {
			Tokens.Authorization authorization = tokens.authorize(clinician, IdentityTestData.PASSWORD, loopbackPort);
			assertThat(authorization.callback().getPort()).isEqualTo(loopbackPort);
			assertThat(authorization.callback().getPath()).isEqualTo("/callback");
			assertThat(authorization.code()).isPresent();
			// authorize -> /login -> (signed in) authorize -> callback: no consent page on the way.
			assertThat(authorization.hops()).extracting(URI::getPath)
				.containsExactly("/oauth2/authorize", "/login", "/oauth2/authorize", "/callback");
			Tokens.Exchange exchange = tokens.exchange(authorization, authorization.verifier());
			assertThat(exchange.status()).isEqualTo(200);
			assertThat(Tokens.claims(exchange.accessToken()).get("sub").asString()).isEqualTo(clinician);
		}
	}

	@Test
	void portalSignsUsersInWithItsSecretWithoutConsentScreenAndRefreshes() throws Exception {
		String clinician = data.clinician(IdentityTestData.CLINIC_BERLIN);
		Map<String, String> request = new LinkedHashMap<>();
		request.put("response_type", "code");
		request.put("client_id", portal.clientId());
		request.put("redirect_uri", portal.redirectUris().get(0));
		request.put("scope", "openid profile");
		String verifier = Tokens.randomUrlSafe(48);
		request.put("code_challenge", Tokens.challenge(verifier));
		request.put("code_challenge_method", "S256");
		Tokens.Authorization authorization = tokens.authorize(request, clinician, IdentityTestData.PASSWORD,
				verifier);
		assertThat(authorization.hops()).extracting(URI::getPath)
			.containsExactly("/oauth2/authorize", "/login", "/oauth2/authorize", "/login/oauth2/code/carnet");

		Map<String, String> exchange = new LinkedHashMap<>();
		exchange.put("grant_type", "authorization_code");
		exchange.put("code", authorization.code().orElseThrow());
		exchange.put("redirect_uri", authorization.redirectUri());
		exchange.put("code_verifier", verifier);
		exchange.put("client_id", portal.clientId());
		// PKCE alone does not make the portal a public client: without its secret, no token.
		HttpResponse<String> withoutSecret = postForm("/oauth2/token", exchange);
		assertThat(withoutSecret.statusCode()).isIn(400, 401);
		assertThat(withoutSecret.body()).doesNotContain("access_token");

		exchange.put("client_secret", portal.clientSecret());
		HttpResponse<String> token = postForm("/oauth2/token", exchange);
		assertThat(token.statusCode()).isEqualTo(200);
		JsonNode answer = tools.jackson.databind.json.JsonMapper.builder().build().readTree(token.body());
		assertThat(answer.has("id_token")).isTrue();
		assertThat(Tokens.claims(answer.get("access_token").asString()).get("organisation").asString())
			.isEqualTo(IdentityTestData.CLINIC_BERLIN);

		Map<String, String> refresh = new LinkedHashMap<>();
		refresh.put("grant_type", "refresh_token");
		refresh.put("refresh_token", answer.get("refresh_token").asString());
		refresh.put("client_id", portal.clientId());
		refresh.put("client_secret", portal.clientSecret());
		HttpResponse<String> refreshed = postForm("/oauth2/token", refresh);
		assertThat(refreshed.statusCode()).isEqualTo(200);
		JsonNode renewed = tools.jackson.databind.json.JsonMapper.builder().build().readTree(refreshed.body());
		assertThat(Tokens.claims(renewed.get("access_token").asString()).get("roles").toString())
			.isEqualTo("[\"CLINICIAN\"]");
	}

	@Test
	void refusesAuthorizationWithoutPkce() {
		HttpClient browser = Tokens.newClient();
		Map<String, String> request = new LinkedHashMap<>();
		request.put("response_type", "code");
		request.put("client_id", Tokens.CLI_CLIENT);
		request.put("redirect_uri", "http://127.0.0.1:45678/callback");
		request.put("state", "s1");
		HttpResponse<String> response = send(browser, tokens.uri("/oauth2/authorize?" + Tokens.form(request)),
				"text/html");
		assertThat(response.statusCode()).isEqualTo(302);
		URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
		assertThat(location.getHost()).isEqualTo("127.0.0.1");
		Map<String, String> answer = Tokens.query(location).orElseThrow();
		assertThat(answer).containsEntry("error", "invalid_request").doesNotContainKey("code");
		assertThat(answer.get("error_description")).contains("code_challenge");
	}

	@Test
	void refusesCodeExchangeWithWrongOrMissingVerifier() {
		String clinician = data.clinician(IdentityTestData.HOSPITAL_ATHENS);
		Tokens.Authorization authorization = tokens.authorize(clinician, IdentityTestData.PASSWORD, 47000);
		Tokens.Exchange wrong = tokens.exchange(authorization, Tokens.randomUrlSafe(48));
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.body().get("error").asString()).isEqualTo("invalid_grant");
		assertThat(wrong.body().has("access_token")).isFalse();

		Tokens.Authorization another = tokens.authorize(clinician, IdentityTestData.PASSWORD, 47001);
		Map<String, String> withoutVerifier = new LinkedHashMap<>();
		withoutVerifier.put("grant_type", "authorization_code");
		withoutVerifier.put("code", another.code().orElseThrow());
		withoutVerifier.put("redirect_uri", another.redirectUri());
		withoutVerifier.put("client_id", Tokens.CLI_CLIENT);
		HttpResponse<String> missing = postForm("/oauth2/token", withoutVerifier);
		assertThat(missing.statusCode()).isIn(400, 401);
		assertThat(missing.body()).doesNotContain("access_token");

		// The control: the right verifier on a fresh code works.
		Tokens.Authorization third = tokens.authorize(clinician, IdentityTestData.PASSWORD, 47002);
		assertThat(tokens.exchange(third, third.verifier()).status()).isEqualTo(200);
	}

	@Test
	void sendsBrowserThatIsNotSignedInToTheLoginPage() {
		Map<String, String> request = new LinkedHashMap<>();
		request.put("response_type", "code");
		request.put("client_id", Tokens.CLI_CLIENT);
		request.put("redirect_uri", "http://127.0.0.1:45678/callback");
		request.put("code_challenge", Tokens.challenge("a-verifier-that-is-long-enough-to-be-valid-1234567890"));
		request.put("code_challenge_method", "S256");
		HttpResponse<String> response = send(Tokens.newClient(),
				tokens.uri("/oauth2/authorize?" + Tokens.form(request)), "text/html,application/xhtml+xml");
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(URI.create(response.headers().firstValue("Location").orElseThrow()).getPath())
			.isEqualTo("/login");
	}

	@Test
	void answersAnUnknownClientWith400NotWith401() {
		Map<String, String> request = new LinkedHashMap<>();
		request.put("response_type", "code");
		request.put("client_id", "no-such-client");
		request.put("redirect_uri", "http://127.0.0.1:45678/callback");
		request.put("code_challenge", Tokens.challenge("a-verifier-that-is-long-enough-to-be-valid-1234567890"));
		request.put("code_challenge_method", "S256");
		HttpResponse<String> response = send(Tokens.newClient(),
				tokens.uri("/oauth2/authorize?" + Tokens.form(request)), "text/html");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void refusesWrongPassword() {
		String clinician = data.clinician(IdentityTestData.HOSPITAL_ATHENS);
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> tokens.authorize(clinician, "not the password", 45000))
			.hasMessageContaining("Sign-in refused");
	}

	@Test
	void refusesDisabledUser() {
		String clinician = data.clinician(IdentityTestData.HOSPITAL_ATHENS);
		jdbc.sql("update users set enabled = false where username = :u").param("u", clinician).update();
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> tokens.authorize(clinician, IdentityTestData.PASSWORD, 45001))
			.hasMessageContaining("Sign-in refused");
	}

	@Test
	void putsStaffClaimsIntoTheAccessToken() {
		String clinician = data.clinician(IdentityTestData.CLINIC_BERLIN);
		JsonNode claims = Tokens.claims(tokens.login(clinician, IdentityTestData.PASSWORD));
		assertThat(claims.get("sub").asString()).isEqualTo(clinician);
		assertThat(claims.get("roles").toString()).isEqualTo("[\"CLINICIAN\"]");
		assertThat(claims.get("organisation").asString()).isEqualTo(IdentityTestData.CLINIC_BERLIN);
		assertThat(claims.get("jurisdiction").asString()).isEqualTo("DE");
		assertThat(claims.has("person_id")).isFalse();
	}

	@Test
	void putsMigrantClaimsIntoTheAccessToken() {
		PersonId person = PersonId.random();
		String migrant = data.migrant(person, Jurisdiction.of("IT"));
		JsonNode claims = Tokens.claims(tokens.login(migrant, IdentityTestData.PASSWORD));
		assertThat(claims.get("roles").toString()).isEqualTo("[\"MIGRANT\"]");
		assertThat(claims.get("person_id").asString()).isEqualTo(person.toString());
		assertThat(claims.get("jurisdiction").asString()).isEqualTo("IT");
		assertThat(claims.has("organisation")).isFalse();
	}

	@Test
	void omitsJurisdictionOfMigrantWhoseHomeIsUnknown() {
		String migrant = data.migrant(PersonId.random(), null);
		JsonNode claims = Tokens.claims(tokens.login(migrant, IdentityTestData.PASSWORD));
		assertThat(claims.has("person_id")).isTrue();
		assertThat(claims.has("jurisdiction")).isFalse();
	}

	private HttpResponse<String> postForm(String path, Map<String, String> fields) {
		HttpRequest request = HttpRequest.newBuilder(tokens.uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(Tokens.form(fields)))
			.build();
		return send(Tokens.newClient(), request);
	}

	private static HttpResponse<String> send(HttpClient client, URI uri, String accept) {
		return send(client, HttpRequest.newBuilder(uri).header("Accept", accept).GET().build());
	}

	private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}
}
