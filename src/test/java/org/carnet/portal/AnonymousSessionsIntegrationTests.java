package org.carnet.portal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood of requests without a cookie opens sessions nobody signs in to (each holds a sign-in form's CSRF token or
 * an authorization request): they stay within their bounds per source and in total, the oldest going first, while
 * signed-in sessions and a sign-in under way from another address are untouched. The bounds are small here (5 per
 * source, 12 in all); the test profile trusts the loopback proxy, so {@code X-Forwarded-For} names each source.
 */
@CarnetIntegrationTest
@TestPropertySource(properties = { "carnet.identity.sessions.max-anonymous-per-source=5",
		"carnet.identity.sessions.max-anonymous=12" })
class AnonymousSessionsIntegrationTests extends PortalTestBase {

	private static final HttpClient COOKIELESS = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void cast() {
		newCast();
	}

	@Test
	void aFloodFromOneSourceKeepsOnlyItsNewestSessions() {
		List<String> opened = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			opened.add(cookielessSignInPage("203.0.113.7").orElseThrow());
		}
		assertThat(opened).doesNotHaveDuplicates();
		assertThat(stored(opened)).as("the flood's sessions still stored").containsExactlyElementsOf(opened.subList(35, 40));
		assertThat(fromSource("203.0.113.7")).isEqualTo(5);
		assertThat(anonymous()).isLessThanOrEqualTo(12);

		// the newest is still a working session: its sign-in form is served without opening another
		HttpResponse<String> again = send(request("/login", "203.0.113.7").header("Cookie", "JSESSIONID=" + opened
			.get(39)));
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(again.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID="));
	}

	@Test
	void aFloodFromManySourcesStaysWithinTheTotal() {
		for (int i = 0; i < 60; i++) {
			cookielessSignInPage("198.51.100." + (i % 30)).orElseThrow();
		}
		assertThat(anonymous()).isLessThanOrEqualTo(12);
		// an IPv6 client's addresses in one /64 are one source
		for (int i = 0; i < 20; i++) {
			cookielessSignInPage("2001:db8:1:2::" + Integer.toHexString(i + 1)).orElseThrow();
		}
		String last = cookielessSignInPage("2001:db8:1:2:ffff::1").orElseThrow();
		assertThat(jdbc.sql("select count(*) from spring_session where principal_name is null and source_key = "
				+ "(select source_key from spring_session where session_id = :id)")
			.param("id", sessionId(last))
			.query(Long.class)
			.single()).isEqualTo(5);
		assertThat(fromSource("2001:db8:1:2::/64")).as("the /64 is the source").isEqualTo(5);
		assertThat(jdbc.sql("select count(*) from spring_session where source_key like '%:%' or source_key like '%.%'")
			.query(Long.class)
			.single()).as("no address is stored, only digests").isZero();
	}

	@Test
	void concurrentFloodIsTrimmedByTheNextRequest() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Optional<String>>> flood = new ArrayList<>();
			for (int i = 0; i < 80; i++) {
				flood.add(pool.submit(() -> cookielessSignInPage("192.0.2.99")));
			}
			for (Future<Optional<String>> request : flood) {
				assertThat(request.get()).isPresent();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(fromSource("192.0.2.99")).as("at most the bound plus the requests in flight").isLessThanOrEqualTo(5 + 8);
		cookielessSignInPage("192.0.2.99").orElseThrow();
		assertThat(fromSource("192.0.2.99")).isEqualTo(5);
	}

	@Test
	void signedInSessionsAndASignInUnderWayAreNotEnded() {
		PortalSession signedIn = new PortalSession(port);
		signedIn.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/record");

		// a flood from this very address: signed-in sessions are never counted nor ended
		for (int i = 0; i < 30; i++) {
			cookielessSignInPage(null).orElseThrow();
		}
		assertThat(signedIn.get("/portal/my/record").statusCode()).isEqualTo(200);
		assertThat(jdbc.sql("select count(*) from spring_session where principal_name = :name")
			.param("name", data.amina)
			.query(Long.class)
			.single()).isEqualTo(1);

		// and someone signing in from here after the flood gets in
		PortalSession retry = new PortalSession(port);
		retry.signIn(data.yonas, PortalTestData.PASSWORD, "/portal/my/record");
		assertThat(retry.get("/portal/my/record").statusCode()).isEqualTo(200);
	}

	@Test
	void aSignInUnderWayFromAnotherAddressSurvivesAFloodFromOneSource() {
		PortalSession signingIn = new PortalSession(port);
		HttpResponse<String> form = signingIn.follow(signingIn.get("/portal/my/record"));
		assertThat(form.uri().getPath()).isEqualTo("/login");
		for (int i = 0; i < 40; i++) {
			cookielessSignInPage("203.0.113.201").orElseThrow();
		}
		HttpResponse<String> signedIn = signingIn.follow(signingIn.post("/login",
				Map.of("username", data.yonas, "password", PortalTestData.PASSWORD)));
		assertThat(signedIn.statusCode()).isEqualTo(200);
		assertThat(signedIn.uri().getPath()).isEqualTo("/portal/my/record");
	}

	/** GET /login without a cookie, as from {@code source} (none: this host): the id of the session it opened. */
	private Optional<String> cookielessSignInPage(String source) {
		HttpResponse<String> response = send(request("/login", source));
		assertThat(response.statusCode()).isEqualTo(200);
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter(c -> c.startsWith("JSESSIONID="))
			.map(c -> c.substring("JSESSIONID=".length(), c.indexOf(';')))
			.findFirst();
	}

	private HttpRequest.Builder request(String path, String source) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Accept", "text/html")
			.header("Accept-Language", "en");
		return source == null ? request : request.header("X-Forwarded-For", source);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return COOKIELESS.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private long anonymous() {
		return jdbc.sql("select count(*) from spring_session where principal_name is null").query(Long.class).single();
	}

	/** The anonymous sessions opened from {@code source} (stored by the SHA-256 digest of the address). */
	private long fromSource(String source) {
		String key;
		try {
			key = java.util.Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(java.security.MessageDigest.getInstance("SHA-256")
					.digest(source.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		return jdbc.sql("select count(*) from spring_session where principal_name is null and source_key = :key")
			.param("key", key)
			.query(Long.class)
			.single();
	}

	/** Which of these session ids (as the cookie carries them) are still stored. */
	private List<String> stored(List<String> cookies) {
		List<String> stored = new ArrayList<>();
		for (String cookie : cookies) {
			if (jdbc.sql("select count(*) from spring_session where session_id = :id and principal_name is null")
				.param("id", sessionId(cookie))
				.query(Long.class)
				.single() == 1) {
				stored.add(cookie);
			}
		}
		return stored;
	}

	/** Spring Session's cookie carries the session id in Base64. */
	private static String sessionId(String cookie) {
		return new String(java.util.Base64.getDecoder().decode(cookie), java.nio.charset.StandardCharsets.UTF_8);
	}
}
