package org.carnet.security;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, item 2: every endpoint refuses a body over its limit with 413, declared ({@code Content-Length}) or sent
 * chunked, quickly, before authentication or parsing, and nothing happens (no account, no sign-in, no audit event);
 * a body just under the limit is still served.
 */
@CarnetIntegrationTest
class RequestSizeSecurityTests {

	private static final long FIFTY_MEGABYTES = 50L * 1024 * 1024;

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json", "Accept",
			"application/json");

	private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded");

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	RawHttp http;

	@BeforeEach
	void setUp() {
		http = new RawHttp(port);
		jdbc.sql("delete from guess_counters").update();
	}

	@Test
	void claimWithFiftyMegabytesDeclaredIsRefusedAtOnceAndClaimsNothing() throws IOException {
		Claim claim = newClaim();
		long events = auditEvents();

		RawHttp.Answer answer = http.send("POST", "/accounts/claim", JSON, claim.json(0).getBytes(StandardCharsets.UTF_8),
				FIFTY_MEGABYTES);

		assertRefusedAsJson(answer);
		assertThat(userExists(claim.username)).isFalse();
		assertThat(auditEvents()).isEqualTo(events);
	}

	@Test
	void claimSentChunkedPastItsLimitIsRefusedAndClaimsNothing() throws IOException {
		Claim claim = newClaim();
		long events = auditEvents();

		RawHttp.Answer answer = http.send("POST", "/accounts/claim", JSON, claim.json(4097).getBytes(StandardCharsets.UTF_8),
				-1);

		assertRefusedAsJson(answer);
		assertThat(userExists(claim.username)).isFalse();
		assertThat(auditEvents()).isEqualTo(events);
	}

	@Test
	void claimJustUnderItsLimitStillClaimsTheAccountDeclaredOrChunked() throws IOException {
		Claim declared = newClaim();
		byte[] body = declared.json(4096 - 200).getBytes(StandardCharsets.UTF_8);
		assertThat(body.length).isBetween(3800, 4096);
		RawHttp.Answer answer = http.send("POST", "/accounts/claim", JSON, body, body.length);
		assertThat(answer.status()).isEqualTo(201);
		assertThat(userExists(declared.username)).isTrue();

		Claim chunked = newClaim();
		byte[] chunkedBody = chunked.json(4096 - 200).getBytes(StandardCharsets.UTF_8);
		RawHttp.Answer chunkedAnswer = http.send("POST", "/accounts/claim", JSON, chunkedBody, -1);
		assertThat(chunkedAnswer.status()).isEqualTo(201);
		assertThat(userExists(chunked.username)).isTrue();
	}

	@Test
	void graphQlRefusesOversizedBodiesBeforeLookingAtTheToken() throws IOException {
		// No token at all: an authenticated endpoint would answer 401, the size check answers first.
		String query = "{\"query\":\"{ me { subject } }\"}";
		RawHttp.Answer declared = http.send("POST", "/graphql", JSON, query.getBytes(StandardCharsets.UTF_8),
				FIFTY_MEGABYTES);
		assertRefusedAsJson(declared);

		RawHttp.Answer chunked = http.send("POST", "/graphql", JSON, padded(query, 256 * 1024 + 1), -1);
		assertRefusedAsJson(chunked);
	}

	@Test
	void graphQlJustUnderItsLimitIsStillAnswered() throws IOException {
		TestUsers.SignedIn clinician = new TestUsers(accounts, port).clinician("GR");
		Map<String, String> headers = Map.of("Content-Type", "application/json", "Accept", "application/json",
				"Authorization", "Bearer " + clinician.token());
		byte[] body = padded("{\"query\":\"{ me { subject } }\"}", 256 * 1024 - 64);

		RawHttp.Answer declared = http.send("POST", "/graphql", headers, body, body.length);
		RawHttp.Answer chunked = http.send("POST", "/graphql", headers, body, -1);

		assertThat(declared.status()).isEqualTo(200);
		assertThat(declared.body()).contains("\"subject\":\"" + clinician.username() + "\"");
		assertThat(chunked.status()).isEqualTo(200);
		assertThat(chunked.body()).contains("\"subject\":\"" + clinician.username() + "\"");
	}

	@Test
	void signInFormPastItsLimitIsRefusedAndSignsNobodyIn() throws IOException {
		TestUsers.SignedIn clinician = new TestUsers(accounts, port).clinician("GR");
		Session session = loginPage();
		long events = auditEvents();
		String form = "username=" + clinician.username() + "&password=" + encode(TestUsers.PASSWORD) + "&_csrf="
				+ session.csrf + "&padding=";

		RawHttp.Answer declared = http.send("POST", "/login", session.headers(FORM),
				form.getBytes(StandardCharsets.UTF_8), FIFTY_MEGABYTES);
		RawHttp.Answer chunked = http.send("POST", "/login", session.headers(FORM), padded(form, 4097), -1);

		assertRefusedAsJson(declared);
		assertRefusedAsJson(chunked);
		assertThat(declared.header("Location")).isNull();
		assertThat(auditEvents()).isEqualTo(events);
	}

	@Test
	void signInFormSentChunkedJustUnderItsLimitStillSignsIn() throws IOException {
		TestUsers.SignedIn clinician = new TestUsers(accounts, port).clinician("GR");
		Session session = loginPage();
		String form = "username=" + encode(clinician.username()) + "&password=" + encode(TestUsers.PASSWORD)
				+ "&_csrf=" + encode(session.csrf) + "&padding=";

		RawHttp.Answer answer = http.send("POST", "/login", session.headers(FORM), padded(form, 4000), -1);

		assertThat(answer.status()).isEqualTo(302);
		assertThat(answer.header("Location")).doesNotContain("error");
	}

	@Test
	void authorizationServerEndpointsRefuseOversizedBodies() throws IOException {
		for (String path : new String[] { "/oauth2/token", "/oauth2/revoke", "/oauth2/introspect", "/userinfo" }) {
			byte[] form = "grant_type=client_credentials&padding=".getBytes(StandardCharsets.UTF_8);
			assertRefusedAsJson(http.send("POST", path, FORM, form, FIFTY_MEGABYTES));
			assertRefusedAsJson(http.send("POST", path, FORM, padded("grant_type=client_credentials&padding=", 8193),
					-1));
		}
	}

	@Test
	void tokenEndpointJustUnderItsLimitStillAnswersTheRequest() throws IOException {
		byte[] form = padded("grant_type=client_credentials&client_id=nobody&client_secret=wrong&padding=", 8000);
		RawHttp.Answer answer = http.send("POST", "/oauth2/token", FORM, form, -1);
		// Read and judged: the client is unknown.
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.body()).contains("invalid_client");
	}

	@Test
	void portalFormsAndOtherPathsRefuseOversizedBodiesWithAPageInTheUsersLanguage() throws IOException {
		Map<String, String> browser = Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept",
				"text/html,application/xhtml+xml,*/*;q=0.8", "Accept-Language", "ar");
		for (String path : new String[] { "/portal/my/consents/grant", "/portal/clinician/find", "/somewhere/else" }) {
			RawHttp.Answer answer = http.send("POST", path, browser, "a=b".getBytes(StandardCharsets.UTF_8),
					FIFTY_MEGABYTES);
			assertThat(answer.status()).as(path).isEqualTo(413);
			assertThat(answer.millis()).as(path).isLessThan(2000);
			assertThat(answer.header("Location")).as(path).isNull();
			assertThat(answer.body()).as(path).contains("lang=\"ar\"").contains("dir=\"rtl\"")
				.contains("ما أرسلته كبير جدًا");
			assertThat(answer.body()).as(path).doesNotContain("Exception").doesNotContain("org.");
		}
		RawHttp.Answer chunked = http.send("POST", "/portal/clinician/find", browser, padded("phrNumber=", 64 * 1024 + 1),
				-1);
		assertThat(chunked.status()).isEqualTo(413);
	}

	private static void assertRefusedAsJson(RawHttp.Answer answer) {
		assertThat(answer.status()).isEqualTo(413);
		assertThat(answer.millis()).isLessThan(2000);
		assertThat(answer.header("Content-Type")).startsWith("application/json");
		assertThat(answer.body()).startsWith("{\"error\":\"The request is too large");
		assertThat(answer.header("Set-Cookie")).isNull();
	}

	/** {@code prefix} followed by spaces up to exactly {@code size} bytes (spaces are valid JSON and form text). */
	private static byte[] padded(String prefix, int size) {
		byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[size];
		java.util.Arrays.fill(body, (byte) (prefix.endsWith("=") ? 'x' : ' '));
		System.arraycopy(start, 0, body, 0, start.length);
		return body;
	}

	private record Claim(String phr, String code, String username) {

		String json(int size) {
			String json = "{\"phrNumber\":\"" + phr + "\",\"activationCode\":\"" + code + "\",\"username\":\""
					+ username + "\",\"password\":\"my own long password\"}";
			return json + " ".repeat(Math.max(0, size - json.length()));
		}
	}

	private Claim newClaim() {
		PhrNumber phr = PhrNumber.random();
		String code = accounts.issueActivationCode(PersonId.random(), phr, Jurisdiction.of("GR"));
		return new Claim(phr.value(), code, "claimant" + System.nanoTime() % 1_000_000_000L);
	}

	private record Session(String cookie, String csrf) {

		Map<String, String> headers(Map<String, String> more) {
			Map<String, String> all = new java.util.LinkedHashMap<>(more);
			all.put("Cookie", cookie);
			return all;
		}
	}

	private Session loginPage() throws IOException {
		RawHttp.Answer page = http.get("/login", Map.of("Accept", "text/html"));
		assertThat(page.status()).isEqualTo(200);
		Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
		assertThat(csrf.find()).isTrue();
		String cookie = page.header("Set-Cookie").lines()
			.filter(c -> c.startsWith("JSESSIONID="))
			.map(c -> c.substring(0, c.indexOf(';')))
			.findFirst()
			.orElseThrow();
		return new Session(cookie, csrf.group(1));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private boolean userExists(String username) {
		return jdbc.sql("select count(*) from users where username = :username")
			.param("username", username)
			.query(Long.class)
			.single() > 0;
	}

	private long auditEvents() {
		return jdbc.sql("select count(*) from access_events").query(Long.class).single();
	}
}
