package org.carnet.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.carnet.identity.Accounts;
import org.carnet.identity.ClinicClient;
import org.carnet.identity.PortalClient;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, item 16: the API takes only access tokens issued for it (audience), within their validity give or take
 * 5 seconds (not Spring's default minute), and only clients explicitly allowed may introspect tokens.
 */
@CarnetIntegrationTest
class TokenSecurityTests {

	private static final String ME = "{ me { subject } }";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Value("${carnet.issuer}")
	String issuer;

	@Autowired
	JWKSource<SecurityContext> serverKeys;

	@Autowired
	Accounts accounts;

	@Autowired
	PortalClient portal;

	GraphQlRequests graphql;

	TestUsers.SignedIn clinician;

	String apiAudience;

	@BeforeEach
	void setUp() {
		graphql = new GraphQlRequests(port);
		clinician = new TestUsers(accounts, port).clinician("GR");
		List<String> audiences = new ArrayList<>();
		Tokens.claims(clinician.token()).get("aud").forEach(aud -> audiences.add(aud.asString()));
		audiences.remove(Tokens.CLI_CLIENT);
		assertThat(audiences).hasSize(1);
		apiAudience = audiences.get(0);
	}

	@Test
	void accessTokensCarryTheApiAudienceAndTheIdTokenIsRefusedByTheApi() {
		JsonNode answer = portalCodeFlow();
		String accessToken = answer.get("access_token").asString();
		String idToken = answer.get("id_token").asString();
		assertThat(Tokens.claims(accessToken).get("aud").toString()).contains(apiAudience);
		assertThat(Tokens.claims(idToken).get("aud").toString()).doesNotContain(apiAudience);

		HttpResponse<String> withIdToken = graphql.post(idToken, ME, null);
		assertThat(withIdToken.statusCode()).isEqualTo(401);
		assertThat(withIdToken.body()).doesNotContain("subject");
		assertThat(graphql.execute(accessToken, ME).at("/data/me/subject").asString())
			.isEqualTo(clinician.username());
	}

	@Test
	void aTokenMintedForAnotherAudienceIsRefused() {
		Instant later = Instant.now().plusSeconds(300);
		assertThat(graphql.post(mint(List.of(Tokens.CLI_CLIENT), later, null), ME, null).statusCode()).isEqualTo(401);
		assertThat(graphql.post(mint(List.of("https://other-api.example"), later, null), ME, null).statusCode())
			.isEqualTo(401);
		// The control: the same token with the API's audience is accepted.
		assertThat(graphql.execute(mint(List.of(apiAudience), later, null), ME).at("/data/me/subject").asString())
			.isEqualTo(clinician.username());
	}

	@Test
	void aTokenExpiredTenSecondsAgoOrNotYetValidIsRefused() {
		HttpResponse<String> expired = graphql.post(mint(List.of(apiAudience), Instant.now().minusSeconds(10), null),
				ME, null);
		assertThat(expired.statusCode()).isEqualTo(401);
		assertThat(expired.body()).doesNotContain("subject");
		HttpResponse<String> early = graphql.post(mint(List.of(apiAudience), Instant.now().plusSeconds(300),
				Instant.now().plusSeconds(10)), ME, null);
		assertThat(early.statusCode()).isEqualTo(401);
		assertThat(graphql.post(mint(List.of(apiAudience), Instant.now().plusSeconds(10), null), ME, null)
			.statusCode()).isEqualTo(200);
	}

	@Test
	void introspectionIsRefusedToClientsNotAllowedAndAnsweredToAnAllowedOne() {
		Requester admin = new Requester("test-admin", java.util.Set.of(Role.ADMIN), java.util.Optional.empty(),
				java.util.Optional.empty(), java.util.Optional.empty(), "test");
		accounts.createOrganisationIfAbsent("test-org-gr", "Test organisation GR", org.carnet.core.Jurisdiction.of("GR"));
		ClinicClient clinicSystem = accounts.registerClinicClient(admin, "test-org-gr", "Introspecting EHR");

		HttpResponse<String> refused = introspect(clinicSystem.clientId(), clinicSystem.clientSecret(),
				clinician.token());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("unauthorized_client").doesNotContain("active")
			.doesNotContain(clinician.username());

		HttpResponse<String> allowed = introspect(portal.clientId(), portal.clientSecret(), clinician.token());
		assertThat(allowed.statusCode()).isEqualTo(200);
		JsonNode answer = JSON.readTree(allowed.body());
		assertThat(answer.get("active").asBoolean()).isTrue();
		assertThat(answer.get("sub").asString()).isEqualTo(clinician.username());
	}

	private HttpResponse<String> introspect(String clientId, String secret, String token) {
		String credentials = java.util.Base64.getEncoder()
			.encodeToString((clientId + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/introspect"))
			.header("Authorization", "Basic " + credentials)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(Tokens.form(Map.of("token", token))))
			.build();
		try {
			return Tokens.newClient().send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The portal's code flow with {@code openid}: an access token and an ID token. */
	private JsonNode portalCodeFlow() {
		Tokens tokens = new Tokens(port);
		Map<String, String> request = new LinkedHashMap<>();
		request.put("response_type", "code");
		request.put("client_id", portal.clientId());
		request.put("redirect_uri", portal.redirectUris().get(0));
		request.put("scope", "openid profile");
		String verifier = Tokens.randomUrlSafe(48);
		request.put("code_challenge", Tokens.challenge(verifier));
		request.put("code_challenge_method", "S256");
		Tokens.Authorization authorization = tokens.authorize(request, clinician.username(), TestUsers.PASSWORD,
				verifier);
		Map<String, String> exchange = new LinkedHashMap<>();
		exchange.put("grant_type", "authorization_code");
		exchange.put("code", authorization.code().orElseThrow());
		exchange.put("redirect_uri", authorization.redirectUri());
		exchange.put("code_verifier", verifier);
		exchange.put("client_id", portal.clientId());
		exchange.put("client_secret", portal.clientSecret());
		HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(Tokens.form(exchange)))
			.build();
		try {
			HttpResponse<String> token = Tokens.newClient().send(post, HttpResponse.BodyHandlers.ofString());
			assertThat(token.statusCode()).isEqualTo(200);
			return JSON.readTree(token.body());
		}
		catch (java.io.IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A token signed with the application's own key, right in every way but those given. */
	private String mint(List<String> audience, Instant expiresAt, Instant notBefore) {
		Instant issued = Instant.now().minusSeconds(600);
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(issuer)
			.subject(clinician.username())
			.audience(audience)
			.issuedAt(issued)
			.notBefore(notBefore == null ? issued : notBefore)
			.expiresAt(expiresAt)
			.claim("roles", new ArrayList<>(List.of("CLINICIAN")))
			.claim("organisation", "test-org-gr")
			.claim("jurisdiction", "GR")
			.build();
		return new NimbusJwtEncoder(serverKeys)
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
			.getTokenValue();
	}
}
