package org.carnet.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;
import org.carnet.identity.Accounts;
import org.carnet.identity.NewUser;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item 11 of the hardening issue: guessing passwords, activation codes and share codes is throttled atomically,
 * per account and per source, without locking the owner out for long, and without one ledger event per anonymous
 * guess. Sources are told apart by {@code X-Forwarded-For}, which the test profile trusts from the loopback.
 */
@CarnetIntegrationTest
class GuessingSecurityTests {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PASSWORD = "the owner's long password";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	@AfterEach
	void forgetCounters() {
		jdbc.sql("delete from guess_counters").update();
		jdbc.sql("delete from failure_tallies").update();
	}

	@Test
	void fiftyWrongPasswordsThenTheRightOneFromTheSameSourceIsStillRefusedAndThePageSaysSoWithoutNamingTheAccount() {
		String owner = "owner." + System.nanoTime();
		accounts.createUserIfAbsent(NewUser.admin(owner, PASSWORD, "Owner"));
		String source = "203.0.113.10";
		long before = lastSequence();

		List<String> outcomes = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			outcomes.add(signIn(source, owner, "wrong password " + i).location());
		}
		SignInResult right = signIn(source, owner, PASSWORD);

		assertThat(outcomes.subList(0, 5)).containsOnly("/login?error");
		assertThat(outcomes.subList(5, 50)).containsOnly("/login?throttled");
		assertThat(right.location()).isEqualTo("/login?throttled");
		assertThat(right.page()).contains("Too many sign-in attempts");
		// The same page and words for a name that has no account: nothing tells them apart.
		String nobody = "nobody." + System.nanoTime();
		for (int i = 0; i < 6; i++) {
			signIn("203.0.113.11", nobody, "wrong password " + i);
		}
		SignInResult unknown = signIn("203.0.113.11", nobody, "wrong password");
		assertThat(unknown.location()).isEqualTo(right.location());
		assertThat(unknown.page()).isEqualTo(right.page().replace(owner, nobody));
		assertThat(right.page()).doesNotContain(owner);

		// Every checked failure against the real account is attributable; the refused ones are tallied.
		assertThat(events(before, "LOGIN_FAILED", owner, "login")).isEqualTo(5);
		assertThat(events(before, "LOGIN_FAILED", owner, "login throttled")).isEqualTo(1);
		assertThat(events(before, "LOGIN_SUCCEEDED", owner, null)).isZero();
	}

	@Test
	void theOwnerSignsInFromAnotherSourceWhileAGuesserIsBlocked() {
		String owner = "owner." + System.nanoTime();
		accounts.createUserIfAbsent(NewUser.admin(owner, PASSWORD, "Owner"));
		for (int i = 0; i < 50; i++) {
			signIn("203.0.113.20", owner, "wrong password " + i);
		}
		SignInResult fromHome = signIn("198.51.100.7", owner, PASSWORD);
		assertThat(fromHome.location()).doesNotStartWith("/login");
		// the owner's success cleared the account's counters: the guesser stays blocked only on its own source
		assertThat(jdbc.sql("select count(*) from guess_counters where blocked_until > now()").query(Long.class).single())
			.isEqualTo(1);
	}

	@Test
	void aDistributedGuesserOnlyDelaysTheOwnerForTheShortAccountBlock() {
		String owner = "owner." + System.nanoTime();
		accounts.createUserIfAbsent(NewUser.admin(owner, PASSWORD, "Owner"));
		for (int i = 0; i < 10; i++) {
			assertThat(signIn("192.0.2." + (100 + i), owner, "wrong password").location()).isEqualTo("/login?error");
		}
		assertThat(signIn("198.51.100.8", owner, PASSWORD).location()).isEqualTo("/login?throttled");
		Instant blockedUntil = jdbc
			.sql("select max(blocked_until) from guess_counters where blocked_until > now()")
			.query(java.sql.Timestamp.class)
			.single()
			.toInstant();
		assertThat(blockedUntil).isBefore(Instant.now().plusSeconds(61));
		// when the block has passed (moved into the past here), the owner signs in
		jdbc.sql("update guess_counters set blocked_until = now() - interval '1 second'").update();
		assertThat(signIn("198.51.100.8", owner, PASSWORD).location()).doesNotStartWith("/login");
	}

	@Test
	void anonymousGuessesReachTheLedgerOncePerSourceAndWindowThenAsOneSummary() {
		long before = lastSequence();
		for (int i = 0; i < 30; i++) {
			signIn("203.0.113.30", "nobody-" + i + "." + System.nanoTime(), "wrong password");
		}
		// 20 checked failures to unknown names (the source limit), 10 refused unchecked: two events, not thirty
		assertThat(events(before, "LOGIN_FAILED", "(unknown account)", "login")).isEqualTo(1);
		assertThat(events(before, "LOGIN_FAILED", "(unknown account)", "login throttled")).isEqualTo(1);
		assertThat(unknownAccountEventsSince(before)).isEqualTo(2);

		// once the window has ended, the next failure anywhere writes the summary with the number
		jdbc.sql("update failure_tallies set window_started_at = window_started_at - interval '1 hour'").update();
		signIn("203.0.113.31", "someone-else." + System.nanoTime(), "wrong password");
		List<String> summaries = jdbc.sql("""
				select operation_name from access_events where sequence > :before and operation_name like '%more failed%'
				""")
			.param("before", before)
			.query(String.class)
			.list()
			.stream()
			.sorted()
			.toList();
		assertThat(summaries).hasSize(2);
		assertThat(summaries.get(0)).startsWith("login throttled: 9 more failed attempts from one source");
		assertThat(summaries.get(1)).startsWith("login: 19 more failed attempts from one source");
	}

	@Test
	void twentyConcurrentWrongClaimsNeverGetPastTheLimit() throws Exception {
		PhrNumber phr = PhrNumber.random();
		String code = accounts.issueActivationCode(PersonId.random(), phr, Jurisdiction.of("GR"));
		String wrong = code.charAt(0) == '2' ? "3" + code.substring(1) : "2" + code.substring(1);
		long before = lastSequence();
		List<Integer> statuses = concurrently(20, i -> claim("203.0.113.40", phr.value(), wrong, "guess" + i));

		assertThat(statuses.stream().filter(s -> s == 400).count()).isEqualTo(5);
		assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(15);
		// the owner, from elsewhere, is not locked out by the guesser's source
		assertThat(claim("198.51.100.9", phr.value(), code, "owner" + System.nanoTime() % 100000)).isEqualTo(201);
		// the ledger holds one event for the wrong codes and one for the refused attempts, not twenty
		assertThat(unknownAccountEventsSince(before)).isEqualTo(2);
	}

	@Test
	void aThrottledClaimAnswers429WithRetryAfter() {
		PhrNumber phr = PhrNumber.random();
		for (int i = 0; i < 5; i++) {
			claim("203.0.113.41", phr.value(), "K7QM4-XZTP9", "guess" + i);
		}
		HttpResponse<String> throttled = claimResponse("203.0.113.41", phr.value(), "K7QM4-XZTP9", "guess");
		assertThat(throttled.statusCode()).isEqualTo(429);
		long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
		assertThat(retryAfter).isBetween(1L, 30L);
	}

	@Test
	void twentyConcurrentWrongShareCodesNeverGetPastTheLimit() throws Exception {
		TestUsers users = new TestUsers(accounts, port);
		SignedIn clinician = users.clinician("DE");
		GraphQlRequests graphql = new GraphQlRequests(port);
		List<Integer> wrongs = concurrently(20, i -> {
			JsonNode answer = graphql.execute(clinician.token(), "mutation($c: String!) { redeemShareCode(code: $c) { id } }",
					Map.of("c", "AAA-AAA-A" + (char) ('A' + i)));
			return answer.at("/errors/0/message").asString().contains("Too many") ? 429 : 400;
		});
		long wrongStored = jdbc.sql("select count(*) from share_code_failures where requester = :r and reason = 'WRONG'")
			.param("r", clinician.username())
			.query(Long.class)
			.single();
		long throttledStored = jdbc
			.sql("select count(*) from share_code_failures where requester = :r and reason = 'THROTTLED'")
			.param("r", clinician.username())
			.query(Long.class)
			.single();
		assertThat(wrongStored).isEqualTo(9);
		assertThat(throttledStored).isEqualTo(11);
		assertThat(wrongs.stream().filter(s -> s == 429).count()).isEqualTo(11);
	}

	private interface Attempt {

		int run(int index) throws Exception;
	}

	private static List<Integer> concurrently(int count, Attempt attempt) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(count);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int index = i;
				Callable<Integer> task = () -> {
					start.await();
					return attempt.run(index);
				};
				futures.add(pool.submit(task));
			}
			start.countDown();
			List<Integer> results = new ArrayList<>();
			for (Future<Integer> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private record SignInResult(String location, String page) {
	}

	/** The sign-in form as a browser from {@code source} fills it in: where it is sent, and the page shown there. */
	private SignInResult signIn(String source, String username, String password) {
		HttpClient browser = Tokens.newClient();
		URI login = URI.create("http://localhost:" + port + "/login");
		HttpResponse<String> form = send(browser, HttpRequest.newBuilder(login).header("X-Forwarded-For", source).GET().build());
		Matcher csrf = CSRF.matcher(form.body());
		assertThat(csrf.find()).as("CSRF token on the sign-in page").isTrue();
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("username", username);
		fields.put("password", password);
		fields.put("_csrf", csrf.group(1));
		HttpResponse<String> posted = send(browser, HttpRequest.newBuilder(login)
			.header("X-Forwarded-For", source)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(Tokens.form(fields)))
			.build());
		assertThat(posted.statusCode()).isEqualTo(302);
		URI target = login.resolve(posted.headers().firstValue("Location").orElseThrow());
		String location = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
		String page = location.startsWith("/login")
				? send(browser, HttpRequest.newBuilder(target).header("X-Forwarded-For", source).GET().build()).body()
						.replaceAll("name=\"_csrf\"[^>]*value=\"[^\"]+\"", "")
				: "";
		return new SignInResult(location, page);
	}

	private int claim(String source, String phrNumber, String code, String username) {
		return claimResponse(source, phrNumber, code, username).statusCode();
	}

	private HttpResponse<String> claimResponse(String source, String phrNumber, String code, String username) {
		Map<String, String> body = Map.of("phrNumber", phrNumber, "activationCode", code, "username", username,
				"password", "a long enough password");
		return send(HttpClient.newHttpClient(),
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/accounts/claim"))
					.header("Content-Type", "application/json")
					.header("X-Forwarded-For", source)
					.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
					.build());
	}

	private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private long lastSequence() {
		return jdbc.sql("select coalesce(max(sequence), 0) from access_events").query(Long.class).single();
	}

	private long unknownAccountEventsSince(long before) {
		return jdbc.sql("select count(*) from access_events where sequence > :before and requester_subject = '(unknown account)'")
			.param("before", before)
			.query(Long.class)
			.single();
	}

	private long events(long before, String action, String subject, String operation) {
		return jdbc.sql("""
				select count(*) from access_events where sequence > :before and action = :action
				and requester_subject = :subject and operation_name is not distinct from :operation""")
			.param("before", before)
			.param("action", action)
			.param("subject", subject)
			.param("operation", operation)
			.query(Long.class)
			.single();
	}
}
