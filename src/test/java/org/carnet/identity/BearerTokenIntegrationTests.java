package org.carnet.identity;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

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
 * {@code POST /graphql} takes only valid access tokens of this server: signed with its key (RS256), issued by
 * {@code carnet.issuer}, not expired. Refused tokens are crafted here with the server's own key where only one
 * property is wrong, next to a control token crafted the same way that is accepted.
 */
@CarnetIntegrationTest
class BearerTokenIntegrationTests {

	private static final String ME = """
			{ me { subject roles displayName jurisdiction personId organisation { id name jurisdiction } } }""";

	@LocalServerPort
	int port;

	@Value("${carnet.issuer}")
	String issuer;

	@Autowired
	JWKSource<SecurityContext> serverKeys;

	@Autowired
	RSAKey tokenSigningKey;

	@Autowired
	Accounts accounts;

	@Autowired
	TokenRules tokenRules;

	GraphQlRequests graphql;

	IdentityTestData data;

	String clinician;

	@BeforeEach
	void setUp() {
		graphql = new GraphQlRequests(port);
		data = new IdentityTestData(accounts);
		clinician = data.clinician(IdentityTestData.HOSPITAL_ATHENS);
	}

	@Test
	void refusesRequestWithoutToken() {
		HttpResponse<String> response = graphql.post(null, ME, null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
		assertThat(response.body()).doesNotContain("subject");
	}

	@Test
	void refusesMalformedToken() {
		assertThat(graphql.post("not-a-token", ME, null).statusCode()).isEqualTo(401);
	}

	@Test
	void acceptsTokenCraftedWithServerKeyWhenEverythingIsRight() {
		String token = sign(serverKeys, claims(issuer, Instant.now().plusSeconds(300)));
		JsonNode answer = graphql.execute(token, ME);
		assertThat(answer.at("/data/me/subject").asString()).isEqualTo(clinician);
	}

	@Test
	void refusesExpiredToken() {
		String token = sign(serverKeys, claims(issuer, Instant.now().minusSeconds(600)));
		assertThat(graphql.post(token, ME, null).statusCode()).isEqualTo(401);
	}

	@Test
	void refusesTokenOfAnotherIssuer() {
		String token = sign(serverKeys, claims("https://evil.example", Instant.now().plusSeconds(300)));
		assertThat(graphql.post(token, ME, null).statusCode()).isEqualTo(401);
	}

	@Test
	void refusesTokenSignedWithAnotherKey() throws Exception {
		RSAKey otherKey = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		String token = sign(new ImmutableJWKSet<>(new JWKSet(otherKey)),
				claims(issuer, Instant.now().plusSeconds(300)));
		assertThat(graphql.post(token, ME, null).statusCode()).isEqualTo(401);
	}

	@Test
	void refusesTokenClaimingTheServersKeyIdWithAnotherKey() throws Exception {
		RSAKey impostor = new RSAKeyGenerator(2048).keyID(tokenSigningKey.getKeyID()).generate();
		String token = sign(new ImmutableJWKSet<>(new JWKSet(impostor)),
				claims(issuer, Instant.now().plusSeconds(300)));
		assertThat(graphql.post(token, ME, null).statusCode()).isEqualTo(401);
	}

	@Test
	void refusesUnsignedToken() {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String payload = base64.encodeToString(("{\"sub\":\"" + clinician + "\",\"iss\":\"" + issuer + "\",\"exp\":"
				+ Instant.now().plusSeconds(300).getEpochSecond() + ",\"roles\":[\"ADMIN\"]}")
			.getBytes(StandardCharsets.UTF_8));
		assertThat(graphql.post(header + "." + payload + ".", ME, null).statusCode()).isEqualTo(401);
	}

	@Test
	void refusesRealTokenWhoseClaimsWereAltered() {
		String real = new Tokens(port).login(clinician, IdentityTestData.PASSWORD);
		String[] parts = real.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
			.replace("\"CLINICIAN\"", "\"ADMIN\"");
		assertThat(payload).contains("ADMIN");
		String altered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
			.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
		assertThat(graphql.post(altered, ME, null).statusCode()).isEqualTo(401);
		assertThat(graphql.post(real, ME, null).statusCode()).isEqualTo(200);
	}

	@Test
	void answersMeForSignedInClinician() {
		String token = new Tokens(port).login(clinician, IdentityTestData.PASSWORD);
		JsonNode me = graphql.execute(token, ME).at("/data/me");
		assertThat(me.get("subject").asString()).isEqualTo(clinician);
		assertThat(me.get("roles").toString()).isEqualTo("[\"CLINICIAN\"]");
		assertThat(me.get("displayName").asString()).isEqualTo("Dr Test");
		assertThat(me.get("jurisdiction").asString()).isEqualTo("GR");
		assertThat(me.at("/organisation/id").asString()).isEqualTo(IdentityTestData.HOSPITAL_ATHENS);
		assertThat(me.at("/organisation/name").asString()).isEqualTo("Athens Test Hospital");
		assertThat(me.at("/organisation/jurisdiction").asString()).isEqualTo("GR");
		assertThat(me.get("personId").isNull()).isTrue();
	}

	@Test
	void answersMeForSignedInMigrant() {
		PersonId person = PersonId.random();
		String migrant = data.migrant(person, Jurisdiction.of("GR"));
		String token = new Tokens(port).login(migrant, IdentityTestData.PASSWORD);
		JsonNode me = graphql.execute(token, ME).at("/data/me");
		assertThat(me.get("subject").asString()).isEqualTo(migrant);
		assertThat(me.get("roles").toString()).isEqualTo("[\"MIGRANT\"]");
		assertThat(me.get("personId").asString()).isEqualTo(person.toString());
		assertThat(me.get("jurisdiction").asString()).isEqualTo("GR");
		assertThat(me.get("organisation").isNull()).isTrue();
	}

	private JwtClaimsSet claims(String tokenIssuer, Instant expiresAt) {
		return JwtClaimsSet.builder()
			.issuer(tokenIssuer)
			.subject(clinician)
			.audience(List.of(tokenRules.audience(issuer), Tokens.CLI_CLIENT))
			.issuedAt(expiresAt.minusSeconds(900))
			.notBefore(expiresAt.minusSeconds(900))
			.expiresAt(expiresAt)
			.claim("roles", new ArrayList<>(List.of("CLINICIAN")))
			.claim("organisation", IdentityTestData.HOSPITAL_ATHENS)
			.claim("jurisdiction", "GR")
			.build();
	}

	private static String sign(JWKSource<SecurityContext> keys, JwtClaimsSet claims) {
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(keys);
		return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
			.getTokenValue();
	}
}
