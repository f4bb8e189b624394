package org.carnet.portal;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carnet.consent.GrantStatus;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal's safety, over plain HTTP: sign-in redirects, the OAuth2 flow with PKCE, security headers, session
 * cookies, CSRF, no health data in addresses, and no way for a person to reach someone else's record by changing an
 * id in an address.
 */
@CarnetIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalSecurityIntegrationTests extends PortalTestBase {

	@BeforeAll
	void createUsers() {
		newCast();
	}

	@Test
	void aPageAskedForWithoutSignInGoesToTheSignInFormThroughTheAuthorizationServerWithPkce() {
		PortalSession browser = new PortalSession(port);
		HttpResponse<String> page = browser.get("/portal/my/record");
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(PortalSession.location(page)).endsWith("/oauth2/authorization/carnet");

		List<URI> hops = browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/record");
		assertThat(hops).extracting(URI::getPath)
			.containsExactly("/portal/my/record", "/oauth2/authorization/carnet", "/oauth2/authorize", "/login",
					"/oauth2/authorize", "/login/oauth2/code/carnet", "/portal/my/record");
		URI authorize = hops.get(2);
		assertThat(authorize.getQuery()).contains("client_id=carnet-portal", "code_challenge=",
				"code_challenge_method=S256", "response_type=code", "state=");
		// Back on the page first asked for (marked as replayed from the session), with the record: the code was
		// exchanged on the server and the address carries neither code nor token.
		URI landing = hops.get(hops.size() - 1);
		assertThat(landing.getQuery()).isEqualTo("continue");
		assertThat(hops.get(hops.size() - 2).getQuery()).contains("code=", "state=");
		assertThat(browser.get("/portal/my/record").body()).contains(PortalTestData.ALLERGY);
	}

	@Test
	void theSignInFormSpeaksThePersonsLanguageAndSaysWhenSignInFailed() {
		PortalSession browser = new PortalSession(port);
		HttpResponse<String> farsi = browser.get("/login?lang=fa");
		assertThat(farsi.statusCode()).isEqualTo(200);
		assertThat(farsi.body()).contains("<html lang=\"fa\" dir=\"rtl\"").contains("ورود به کارنه")
			.contains("name=\"username\"").contains("name=\"password\"").contains("name=\"_csrf\"");
		assertThat(farsi.headers().firstValue("Content-Security-Policy"))
			.hasValue(PortalConfiguration.CONTENT_SECURITY_POLICY);
		HttpResponse<String> wrong = browser.post("/login", Map.of("username", data.amina, "password", "not it"));
		assertThat(wrong.statusCode()).isEqualTo(302);
		assertThat(PortalSession.location(wrong)).endsWith("/login?error");
		assertThat(browser.follow(wrong).body()).contains("نام کاربری یا گذرواژه درست نیست");
	}

	@Test
	void noTokenReachesTheBrowser() {
		PortalSession browser = new PortalSession(port);
		browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		String page = browser.get("/portal/my/record").body();
		// A JWT is three base64url parts; an access token starts with the header {"kid"... or {"alg"...: eyJ.
		assertThat(page).doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}\\.");
		assertThat(browser.setCookies()).noneMatch(cookie -> cookie.contains("eyJ"));
		assertThat(browser.setCookies()).allSatisfy(cookie -> assertThat(cookie)
			.matches("^(JSESSIONID|carnet_lang)=.*"));
	}

	@Test
	void pagesCarryAStrictContentSecurityPolicyAndNoInlineScriptOrStyle() {
		PortalSession browser = new PortalSession(port);
		browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		for (String path : List.of("/portal/my", "/portal/my/record", "/portal/my/consents/new",
				"/portal/my/access-log")) {
			HttpResponse<String> page = browser.get(path);
			assertThat(page.statusCode()).as(path).isEqualTo(200);
			assertThat(page.headers().firstValue("Content-Security-Policy")).as(path)
				.hasValue(PortalConfiguration.CONTENT_SECURITY_POLICY);
			assertThat(PortalConfiguration.CONTENT_SECURITY_POLICY).contains("script-src 'self'")
				.contains("style-src 'self'")
				.contains("frame-ancestors 'none'")
				.doesNotContain("unsafe-inline")
				.doesNotContain("unsafe-eval");
			assertThat(page.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
			assertThat(page.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
			assertThat(page.headers().firstValue("Cache-Control")).as(path).hasValueSatisfying(
					value -> assertThat(value).contains("no-store"));
			assertThat(page.headers().firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
			String html = page.body();
			assertThat(html).as(path + ": inline script").doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
			assertThat(html).as(path + ": inline style").doesNotContain(" style=").doesNotContain("<style");
			assertThat(html).as(path + ": event handler attributes").doesNotContainPattern("\\son[a-z]+=\"");
		}
	}

	/**
	 * The style sheet and the script are named by their content and kept by the browser for a year, so that a page
	 * costs one request on a slow phone; a new version has a new address. They carry no cookie and nothing personal;
	 * the pages around them stay {@code no-store} (above), and so does an address that names no current version.
	 */
	@Test
	void theStyleSheetAndScriptAreKeptByTheBrowserAtAddressesNamedByTheirContent() throws Exception {
		PortalSession browser = new PortalSession(port);
		browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		String page = browser.get("/portal/my").body();
		Map<String, String> assets = Map.of("portal.css", "<link rel=\"stylesheet\" href=\"([^\"]+)\"",
				"portal.js", "<script src=\"([^\"]+)\"");
		Map<String, String> addresses = new HashMap<>();
		for (Map.Entry<String, String> asset : assets.entrySet()) {
			Matcher link = Pattern.compile(asset.getValue()).matcher(page);
			assertThat(link.find()).as(asset.getKey() + " linked from the page").isTrue();
			String address = link.group(1);
			addresses.put(asset.getKey(), address);
			String name = asset.getKey().replace(".", "-[0-9a-f]{32}\\.");
			assertThat(address).as(asset.getKey()).matches("/portal/assets/" + name);
			HttpResponse<String> served = browser.get(address);
			assertThat(served.statusCode()).as(address).isEqualTo(200);
			assertThat(served.body()).as(address)
				.isEqualTo(new ClassPathResource("static/portal/assets/" + asset.getKey())
					.getContentAsString(StandardCharsets.UTF_8));
			assertThat(served.headers().firstValue("Cache-Control")).as(address).hasValue("max-age=31536000, public");
			assertThat(served.headers().firstValue("Set-Cookie")).as(address).isEmpty();
			// a version that is not the current one is not served, let alone kept
			HttpResponse<String> stale = browser.get(address.replaceFirst("-[0-9a-f]{32}", "-" + "0".repeat(32)));
			assertThat(stale.statusCode()).as("a stale version").isEqualTo(404);
			assertThat(stale.headers().firstValue("Cache-Control").orElse("")).as("a stale version")
				.doesNotContain("max-age=31536000");
		}
		// the page Tomcat writes for an address it cannot read links the same style sheet
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(("GET /portal/%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n"
					+ "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(answer).startsWith("HTTP/1.1 400");
			assertThat(answer).contains("<link rel=\"stylesheet\" href=\"" + addresses.get("portal.css") + "\">");
		}
	}

	@Test
	void theSessionCookieIsHttpOnlyAndSameSiteLax() {
		PortalSession browser = new PortalSession(port);
		browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		List<String> sessions = browser.setCookies().stream().filter(c -> c.startsWith("JSESSIONID=")).toList();
		assertThat(sessions).isNotEmpty().allSatisfy(cookie -> assertThat(cookie).contains("HttpOnly")
			.containsIgnoringCase("SameSite=Lax"));
		// Over plain HTTP (this test) the cookie cannot be Secure; Tomcat marks it Secure on HTTPS requests.
	}

	@Test
	void aFormWithoutItsCsrfTokenIsRefusedAndChangesNothing() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		HttpResponse<String> grant = amina.post("/portal/my/consents", List.of(Map.entry("granteeKind", "USER"),
				Map.entry("granteeValue", data.weber), Map.entry("country", "DE"), Map.entry("categories", "VACCINATIONS"),
				Map.entry("access", "READ"), Map.entry("purposes", "TREATMENT"), Map.entry("days", "7")));
		assertThat(grant.statusCode()).isEqualTo(302);
		String grantId = grants.history(data.aminaId())
			.stream()
			.filter(g -> g.categories().contains(org.carnet.core.Category.VACCINATIONS))
			.findFirst()
			.orElseThrow()
			.id()
			.value()
			.toString();

		HttpResponse<String> forged = amina.postWithout("/portal/my/consents/" + grantId + "/revoke", Map.of());
		assertThat(forged.statusCode()).isEqualTo(403);
		HttpResponse<String> wrongToken = amina.postWithout("/portal/my/consents/" + grantId + "/revoke",
				Map.of("_csrf", "not-the-token"));
		assertThat(wrongToken.statusCode()).isEqualTo(403);
		assertThat(statusOf(grantId)).isEqualTo(GrantStatus.ACTIVE);

		// The control: with the page's token, the same form works.
		amina.get("/portal/my/consents");
		HttpResponse<String> revoked = amina.post("/portal/my/consents/" + grantId + "/revoke",
				Map.of("confirmed", "true"));
		assertThat(revoked.statusCode()).isEqualTo(302);
		assertThat(statusOf(grantId)).isEqualTo(GrantStatus.REVOKED);
	}

	@Test
	void aPersonCannotReachSomeoneElsesRecordByChangingAnId() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		String yonas = data.yonasRecord.id().toString();

		// Clinicians' and mediators' pages take a person's id: a person is refused them, whatever the id.
		for (String path : List.of("/portal/clinician/persons/" + yonas, "/portal/clinician/persons/" + yonas
				+ "/emergency", "/portal/mediator/persons/" + yonas, "/portal/audit?personId=" + yonas)) {
			HttpResponse<String> page = amina.get(path);
			assertThat(page.statusCode()).as(path).isEqualTo(403);
			assertThat(page.body()).as(path).doesNotContain("Sulfonamides").doesNotContain("Yonas");
		}
		// Her own pages take no person id at all; a grant id of someone else's is not found among hers.
		String yonasGrant = data.yonasGrantToWeber.id().value().toString();
		amina.get("/portal/my/consents");
		assertThat(amina.follow(amina.get("/portal/my/consents/" + yonasGrant + "/revoke")).body())
			.contains("This sharing is not in your list.")
			.doesNotContain("id=\"confirm-form\"");
		amina.get("/portal/my/consents");
		HttpResponse<String> revoke = amina.post("/portal/my/consents/" + yonasGrant + "/revoke",
				Map.of("confirmed", "true"));
		assertThat(revoke.statusCode()).isEqualTo(302);
		String answer = amina.follow(revoke).body();
		assertThat(answer).contains("Nothing was found");
		assertThat(statusOf(yonasGrant)).isEqualTo(GrantStatus.ACTIVE);
		assertThat(amina.get("/portal/my/record").body()).contains(PortalTestData.ALLERGY)
			.doesNotContain("Sulfonamides");
	}

	@Test
	void aClinicianFindsAPersonByPhrNumberWithoutTheNumberInAnyAddress() {
		PortalSession nikolaou = new PortalSession(port);
		nikolaou.signIn(data.nikolaou, PortalTestData.PASSWORD, "/portal/clinician");
		HttpResponse<String> found = nikolaou.post("/portal/clinician/find",
				Map.of("phrNumber", data.aminaPhrNumber(), "purpose", "TREATMENT"));
		assertThat(found.statusCode()).isEqualTo(302);
		String location = PortalSession.location(found);
		assertThat(location).endsWith("/portal/clinician/persons/" + data.aminaId() + "?purpose=TREATMENT")
			.doesNotContain(data.aminaPhrNumber());
		String record = nikolaou.follow(found).body();
		assertThat(record).contains(PortalTestData.ALLERGY).contains(PortalTestData.MENTAL_HEALTH_SUMMARY);
	}

	@Test
	void aRoleCannotOpenAnotherRolesPages() {
		PortalSession weber = new PortalSession(port);
		weber.signIn(data.weber, PortalTestData.PASSWORD, "/portal/clinician");
		for (String path : List.of("/portal/my/record", "/portal/audit", "/portal/mediator")) {
			HttpResponse<String> page = weber.get(path);
			assertThat(page.statusCode()).as(path).isEqualTo(403);
			assertThat(page.body()).as(path).contains("You may not open this page");
		}
		PortalSession auditor = new PortalSession(port);
		auditor.signIn(data.auditor, PortalTestData.PASSWORD, "/portal/audit");
		HttpResponse<String> record = auditor.get("/portal/clinician/persons/" + data.aminaId());
		assertThat(record.statusCode()).isEqualTo(403);
		assertThat(record.body()).doesNotContain(PortalTestData.ALLERGY);
	}

	@Test
	void signingOutEndsTheSession() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		HttpResponse<String> out = amina.post("/portal/logout", Map.of());
		assertThat(out.statusCode()).isEqualTo(302);
		assertThat(PortalSession.location(out)).endsWith("/portal/welcome?signedOut&lang=en");
		// the browser forgets what it kept of the site, including pages it would show again on "back"
		assertThat(out.headers().firstValue("Clear-Site-Data")).hasValue("\"cache\", \"cookies\", \"storage\"");
		HttpResponse<String> after = amina.get("/portal/my/record");
		assertThat(after.statusCode()).isEqualTo(302);
		assertThat(PortalSession.location(after)).endsWith("/oauth2/authorization/carnet");
	}

	private GrantStatus statusOf(String grantId) {
		return grants.find(new org.carnet.consent.GrantId(java.util.UUID.fromString(grantId)))
			.map(grants::statusNow)
			.orElseThrow();
	}
}
