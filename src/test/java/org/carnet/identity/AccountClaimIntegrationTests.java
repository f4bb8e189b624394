package org.carnet.identity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A migrant claims their account over HTTP with the PHR number and activation code from their paper record. */
@CarnetIntegrationTest
class AccountClaimIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String NEW_PASSWORD = "my own long password";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwords;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	IdentitySettings settings;

	@Autowired
	ThrottleSettings throttle;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	@AfterEach
	void forgetFailedAttempts() {
		// Every request here comes from 127.0.0.1: the per-address counter must not leak between tests.
		jdbc.sql("delete from guess_counters").update();
		jdbc.sql("delete from failure_tallies").update();
	}

	@Test
	void claimsAccountOnceAndSignsInAsTheMigrantOfThatRecord() {
		PersonId person = PersonId.random();
		PhrNumber phr = PhrNumber.random();
		String code = accounts.issueActivationCode(person, phr, Jurisdiction.of("GR"));
		String username = IdentityTestData.uniqueName("amina");

		HttpResponse<String> claimed = claim(phr.value(), code, username, NEW_PASSWORD);
		assertThat(claimed.statusCode()).isEqualTo(201);
		assertThat(json(claimed).get("username").asString()).isEqualTo(username);
		assertThat(claimed.body()).doesNotContain(NEW_PASSWORD);

		JsonNode claims = Tokens.claims(new Tokens(port).login(username, NEW_PASSWORD));
		assertThat(claims.get("roles").toString()).isEqualTo("[\"MIGRANT\"]");
		assertThat(claims.get("person_id").asString()).isEqualTo(person.toString());
		assertThat(claims.get("jurisdiction").asString()).isEqualTo("GR");

		HttpResponse<String> again = claim(phr.value(), code, IdentityTestData.uniqueName("other"), NEW_PASSWORD);
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(json(again).get("field").asString()).isEqualTo("activationCode");
		assertThat(json(again).get("message").asString()).contains("already used");
	}

	@Test
	void acceptsCodeAsPersonTypesIt() {
		PhrNumber phr = PhrNumber.random();
		String code = accounts.issueActivationCode(PersonId.random(), phr);
		String typed = code.toLowerCase().replace("-", " ");
		String compactNumber = phr.value().replace("-", "").toLowerCase();
		HttpResponse<String> claimed = claim(compactNumber, typed, IdentityTestData.uniqueName("typist"),
				NEW_PASSWORD);
		assertThat(claimed.statusCode()).isEqualTo(201);
	}

	@Test
	void refusesWrongCodeAndUnknownNumberAlikeWithoutCreatingAnAccount() {
		PhrNumber phr = PhrNumber.random();
		String code = accounts.issueActivationCode(PersonId.random(), phr);
		String username = IdentityTestData.uniqueName("guesser");

		HttpResponse<String> wrongCode = claim(phr.value(), otherCode(code), username, NEW_PASSWORD);
		HttpResponse<String> unknownNumber = claim(PhrNumber.random().value(), code, username, NEW_PASSWORD);

		assertThat(wrongCode.statusCode()).isEqualTo(400);
		assertThat(json(wrongCode).get("field").asString()).isEqualTo("activationCode");
		assertThat(json(wrongCode).get("message").asString()).contains("does not match");
		assertThat(unknownNumber.statusCode()).isEqualTo(400);
		assertThat(unknownNumber.body()).isEqualTo(wrongCode.body());
		assertThat(userExists(username)).isFalse();
	}

	@Test
	void refusesExpiredCode() {
		PhrNumber phr = PhrNumber.random();
		String code = accounts.issueActivationCode(PersonId.random(), phr);
		jdbc.sql("update activation_codes set expires_at = :past where phr_number = :phr")
			.param("past", Timestamp.from(Instant.now().minusSeconds(60)))
			.param("phr", phr.value())
			.update();
		String username = IdentityTestData.uniqueName("late");
		HttpResponse<String> response = claim(phr.value(), code, username, NEW_PASSWORD);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).get("field").asString()).isEqualTo("activationCode");
		assertThat(json(response).get("message").asString()).contains("expired");
		assertThat(userExists(username)).isFalse();
	}

	@Test
	void issuedCodeExpiresAfterConfiguredTime() {
		PhrNumber phr = PhrNumber.random();
		Instant before = Instant.now();
		accounts.issueActivationCode(PersonId.random(), phr);
		Instant expires = jdbc.sql("select expires_at from activation_codes where phr_number = :phr")
			.param("phr", phr.value())
			.query(Timestamp.class)
			.single()
			.toInstant();
		assertThat(settings.activationCodeTtl()).isEqualTo(Duration.ofDays(30));
		assertThat(expires).isBetween(before.plus(Duration.ofDays(30)), Instant.now().plus(Duration.ofDays(30)));
	}

	@Test
	void storesOnlyHashOfCode() {
		PhrNumber phr = PhrNumber.random();
		String code = accounts.issueActivationCode(PersonId.random(), phr);
		assertThat(code).matches("[" + ActivationCodes.ALPHABET + "]{5}-[" + ActivationCodes.ALPHABET + "]{5}");
		Map<String, Object> row = jdbc.sql("select * from activation_codes where phr_number = :phr")
			.param("phr", phr.value())
			.query()
			.singleRow();
		String compact = code.replace("-", "");
		for (Object value : row.values()) {
			assertThat(String.valueOf(value)).doesNotContain(compact).doesNotContain(code);
		}
		String hash = (String) row.get("code_hash");
		assertThat(hash).startsWith("{bcrypt}");
		assertThat(passwords.matches(compact, hash)).isTrue();
	}

	@Test
	void throttlesRepeatedWrongAttemptsOnOneNumberEvenWithTheRightCodeAfterwards() {
		PhrNumber phr = PhrNumber.random();
		String code = accounts.issueActivationCode(PersonId.random(), phr);
		int limit = throttle.accountAndSource().maxFailures();
		for (int i = 0; i < limit; i++) {
			assertThat(claim(phr.value(), otherCode(code), IdentityTestData.uniqueName("brute"), NEW_PASSWORD)
				.statusCode()).isEqualTo(400);
		}
		String username = IdentityTestData.uniqueName("owner");
		HttpResponse<String> throttled = claim(phr.value(), code, username, NEW_PASSWORD);
		assertThat(throttled.statusCode()).isEqualTo(429);
		assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
		assertThat(json(throttled).get("message").asString()).contains("Too many wrong attempts");
		assertThat(userExists(username)).isFalse();

		// Another number from elsewhere is not affected by this number's counter.
		PhrNumber other = PhrNumber.random();
		String otherCode = accounts.issueActivationCode(PersonId.random(), other);
		assertThat(accounts.claim(other, otherCode, IdentityTestData.uniqueName("neighbour"), NEW_PASSWORD,
				"192.0.2.44")).isNotNull();
	}

	@Test
	void throttlesManyWrongAttemptsFromOneAddressAcrossNumbers() {
		int limit = throttle.source().maxFailures();
		for (int i = 0; i < limit; i++) {
			assertThat(claim(PhrNumber.random().value(), "K7QM4-XZTP9", IdentityTestData.uniqueName("scan"),
					NEW_PASSWORD)
				.statusCode()).isEqualTo(400);
		}
		PhrNumber phr = PhrNumber.random();
		String code = accounts.issueActivationCode(PersonId.random(), phr);
		assertThat(claim(phr.value(), code, IdentityTestData.uniqueName("next"), NEW_PASSWORD).statusCode())
			.isEqualTo(429);
	}

	@Test
	void throttlesOneNumberGuessedFromManySourcesOnlyForAShortBlock() {
		PhrNumber phr = PhrNumber.random();
		String code = accounts.issueActivationCode(PersonId.random(), phr);
		int limit = throttle.account().maxFailures();
		for (int i = 0; i < limit; i++) {
			String source = "198.51.100." + i;
			assertThatThrownBy(() -> accounts.claim(phr, otherCode(code), IdentityTestData.uniqueName("spread"),
					NEW_PASSWORD, source))
				.isInstanceOf(org.carnet.core.BadInput.class);
		}
		assertThatThrownBy(() -> accounts.claim(phr, code, IdentityTestData.uniqueName("owner"), NEW_PASSWORD,
				"203.0.113.9"))
			.isInstanceOfSatisfying(ClaimThrottled.class,
					throttled -> assertThat(throttled.retryAfter()).isLessThanOrEqualTo(throttle.account().firstBlock()));
	}

	@Test
	void refusesSecondAccountForTheSameRecord() {
		PersonId person = PersonId.random();
		PhrNumber phr = PhrNumber.random();
		String first = accounts.issueActivationCode(person, phr);
		assertThat(claim(phr.value(), first, IdentityTestData.uniqueName("first"), NEW_PASSWORD).statusCode())
			.isEqualTo(201);
		String reissued = accounts.issueActivationCode(person, phr);
		String username = IdentityTestData.uniqueName("second");
		HttpResponse<String> response = claim(phr.value(), reissued, username, NEW_PASSWORD);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).get("message").asString()).contains("already has an account");
		assertThat(userExists(username)).isFalse();
	}

	@Test
	void refusesTakenUserNameWithoutUsingUpTheCode() {
		String taken = new IdentityTestData(accounts).clinician(IdentityTestData.HOSPITAL_ATHENS);
		PhrNumber phr = PhrNumber.random();
		String code = accounts.issueActivationCode(PersonId.random(), phr);
		HttpResponse<String> response = claim(phr.value(), code, taken, NEW_PASSWORD);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).get("field").asString()).isEqualTo("username");
		assertThat(claim(phr.value(), code, IdentityTestData.uniqueName("free"), NEW_PASSWORD).statusCode())
			.isEqualTo(201);
	}

	@Test
	void namesTheFieldOfBadInput() {
		PhrNumber phr = PhrNumber.random();
		String code = accounts.issueActivationCode(PersonId.random(), phr);
		assertThat(json(claim("CAR-1234", code, "someone", NEW_PASSWORD)).get("field").asString())
			.isEqualTo("phrNumber");
		assertThat(json(claim(phr.value(), "short", "someone", NEW_PASSWORD)).get("field").asString())
			.isEqualTo("activationCode");
		assertThat(json(claim(phr.value(), code, "x", NEW_PASSWORD)).get("field").asString()).isEqualTo("username");
		assertThat(json(claim(phr.value(), code, "someone", "short")).get("field").asString()).isEqualTo("password");
		assertThat(json(claim(phr.value(), code, "someone", null)).get("field").asString()).isEqualTo("password");
		// None of these used up the code or counted as a guess.
		assertThat(claim(phr.value(), code, IdentityTestData.uniqueName("finally"), NEW_PASSWORD).statusCode())
			.isEqualTo(201);
	}

	@Test
	void refusesFormPostsSoThatNoOtherSiteCanSubmitAClaim() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/accounts/claim"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("phrNumber=CAR-AAAA-AAAA"))
			.build();
		assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(415);
	}

	private HttpResponse<String> claim(String phrNumber, String code, String username, String password) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("phrNumber", phrNumber);
		body.put("activationCode", code);
		body.put("username", username);
		body.put("password", password);
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/accounts/claim"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private boolean userExists(String username) {
		return jdbc.sql("select count(*) from users where username = :username")
			.param("username", username)
			.query(Long.class)
			.single() > 0;
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	/** A well-formed code that is not {@code code}. */
	private static String otherCode(String code) {
		char first = code.charAt(0);
		char replacement = ActivationCodes.ALPHABET.charAt((ActivationCodes.ALPHABET.indexOf(first) + 1)
				% ActivationCodes.ALPHABET.length());
		return replacement + code.substring(1);
	}
}
