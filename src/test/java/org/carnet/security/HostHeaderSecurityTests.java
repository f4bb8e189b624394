package org.carnet.security;

import java.io.IOException;
import java.util.Map;

import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.TestUsers;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, item 15: absolute URLs come from {@code carnet.issuer} and the registered redirect URIs, never from the
 * request. A forged {@code Host} (and {@code X-Forwarded-Host}/{@code -Proto}) on every request of the OAuth metadata,
 * the authorization server's sign-in, the portal's sign-in and sign-out never reaches a {@code Location} header, a
 * metadata document or a page.
 */
@CarnetIntegrationTest
class HostHeaderSecurityTests {

	private static final String EVIL = "evil.example";

	private static final Map<String, String> FORGED = Map.of("Host", EVIL, "X-Forwarded-Host", "forwarded." + EVIL,
			"X-Forwarded-Proto", "https", "X-Forwarded-Port", "443");

	@LocalServerPort
	int port;

	@Value("${carnet.issuer}")
	String issuer;

	@Autowired
	Accounts accounts;

	@Test
	void metadataDocumentsNameOnlyTheConfiguredIssuer() throws IOException {
		RawHttp http = new RawHttp(port);
		for (String path : new String[] { "/.well-known/openid-configuration",
				"/.well-known/oauth-authorization-server", "/oauth2/jwks" }) {
			RawHttp.Answer answer = http.get(path, Map.of("Host", EVIL, "X-Forwarded-Host", EVIL,
					"X-Forwarded-Proto", "https", "Accept", "application/json"));
			assertThat(answer.status()).as(path).isEqualTo(200);
			assertThat(answer.body()).as(path).doesNotContain(EVIL);
			if (!path.endsWith("jwks")) {
				assertThat(answer.body()).as(path)
					.contains("\"issuer\":\"" + issuer + "\"")
					.contains("\"token_endpoint\":\"" + issuer + "/oauth2/token\"")
					.contains("\"jwks_uri\":\"" + issuer + "/oauth2/jwks\"");
			}
		}
	}

	@Test
	void authorizationServerSignInRedirectsRelativelyWithAForgedHost() throws IOException {
		TestUsers.SignedIn clinician = new TestUsers(accounts, port).clinician("GR");
		RawBrowser browser = new RawBrowser(port, FORGED);
		String verifier = Tokens.randomUrlSafe(48);
		String authorize = "/oauth2/authorize?" + Tokens.form(Map.of("response_type", "code", "client_id",
				Tokens.CLI_CLIENT, "redirect_uri", "http://127.0.0.1:45999/callback", "code_challenge",
				Tokens.challenge(verifier), "code_challenge_method", "S256", "state", "s1"));

		RawHttp.Answer toLogin = browser.get(authorize);
		assertThat(toLogin.status()).isEqualTo(302);
		assertThat(toLogin.header("Location")).isEqualTo("/login");
		RawHttp.Answer form = browser.get("/login");
		RawHttp.Answer signedIn = browser.postForm("/login", Map.of("username", clinician.username(), "password",
				TestUsers.PASSWORD, "_csrf", RawBrowser.csrf(form)));
		assertThat(signedIn.status()).isEqualTo(302);
		assertThat(signedIn.header("Location")).startsWith("/oauth2/authorize?");
		RawHttp.Answer callback = browser.get(signedIn.header("Location"));
		assertThat(callback.status()).isEqualTo(302);
		assertThat(callback.header("Location")).startsWith("http://127.0.0.1:45999/callback?code=");

		assertNothingForged(browser);
	}

	@Test
	void portalSignInAndSignOutNeverUseTheForgedHost() throws IOException {
		TestUsers.SignedIn clinician = new TestUsers(accounts, port).staff(Role.CLINICIAN, "GR");
		RawBrowser browser = new RawBrowser(port, FORGED);

		RawHttp.Answer page = browser.signInToPortal("/portal/clinician", clinician.username(), TestUsers.PASSWORD);
		assertThat(page.status()).isEqualTo(200);
		// The portal's redirect URI is the registered one (loopback, this server's port), not the Host header's.
		assertThat(browser.answers).anySatisfy(answer -> assertThat(answer.header("Location"))
			.startsWith("http://127.0.0.1:" + port + "/login/oauth2/code/carnet?code="));
		assertThat(browser.answers).anySatisfy(answer -> assertThat(answer.header("Location"))
			.startsWith("/oauth2/authorize?").contains("redirect_uri=http://127.0.0.1:" + port + "/login/oauth2/code/carnet&"));

		RawHttp.Answer signedOut = browser.postForm("/portal/logout", Map.of("_csrf", RawBrowser.csrf(page)));
		assertThat(signedOut.status()).isEqualTo(302);
		assertThat(signedOut.header("Location")).isEqualTo("/portal/welcome?signedOut&lang=en");
		assertThat(browser.follow(signedOut).status()).isEqualTo(200);

		assertNothingForged(browser);
	}

	@Test
	void redirectsOfPagesAndErrorsStayRelative() throws IOException {
		RawBrowser browser = new RawBrowser(port, FORGED);
		for (String path : new String[] { "/", "/portal", "/portal/my", "/nowhere", "/login?error" }) {
			browser.follow(browser.get(path));
		}
		assertNothingForged(browser);
	}

	private static void assertNothingForged(RawBrowser browser) {
		assertThat(browser.answers).isNotEmpty().allSatisfy(answer -> {
			String location = answer.header("Location");
			if (location != null) {
				assertThat(location).doesNotContain(EVIL).doesNotStartWith("https:");
			}
			assertThat(answer.body()).doesNotContain(EVIL);
		});
	}
}
