package org.carnet.portal;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.carnet.consent.Access;
import org.carnet.consent.GrantConsent;
import org.carnet.consent.Grantee;
import org.carnet.core.Category;
import org.carnet.core.PhrNumber;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, "Truthful", in Debian's headless Chromium, in English and Arabic, on a phone (390 x 844) and a desktop:
 * a share to an organisation typed by name is refused and the confirmation of a real one names whom the server
 * stored; the person's access log reads true (a refused write as a refusal); the auditor's verification claims only
 * what was checked and the cross-border table explains its columns; after erasure the account signs in no more and
 * its other sessions and tokens end; errors say what is wrong for the role, in the page's language.
 */
@CarnetIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalTruthBrowserTests extends PortalBrowserTestBase {

	/** The four ways each page is read: English and Arabic, phone and desktop. */
	private static final List<View> VIEWS = List.of(new View("en", PortalBrowser.PHONE, "phone"),
			new View("en", PortalBrowser.DESKTOP, "desktop"), new View("ar", PortalBrowser.PHONE, "phone"),
			new View("ar", PortalBrowser.DESKTOP, "desktop"));

	record View(String language, Dimension size, String name) {

		String address(String path) {
			return path + (path.contains("?") ? "&" : "?") + "lang=" + language;
		}

		@Override
		public String toString() {
			return language + " " + name;
		}
	}

	@Autowired
	PortalText text;

	@Autowired
	JdbcClient jdbc;

	@AfterEach
	void desktopAgain() {
		LocaleContextHolder.resetLocaleContext();
		if (browser != null) {
			browser.viewport(PortalBrowser.DESKTOP);
		}
	}

	/** Item 1: the grantee comes from the server's search; a name typed in its place is refused and stores nothing. */
	@Test
	void aShareToAnOrganisationTypedByNameIsRefusedAndARealOneIsConfirmedAsStored() {
		newCast();
		String klinikum = "klinikum-nord-" + data.suffix;
		browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/consents/new");
		int before = grants.history(data.aminaId()).size();
		for (View view : VIEWS) {
			chooseOrganisation(view, klinikum);
			// the hidden field now says what a careless or hostile form would send: the clinic's name, not its id
			((JavascriptExecutor) browser.driver())
				.executeScript("document.querySelector('input[name=granteeValue]').value = 'Klinikum Nord';");
			browser.find(By.id("categories-ALLERGIES")).click();
			submit(By.cssSelector("#grant-form button[type=submit]"));
			String page = browser.text(By.tagName("main"));
			assertThat(browser.text(By.cssSelector("p.problem"))).as(view.toString())
				.isEqualTo(msg(view, "problem.field.grantee"));
			assertThat(page).as(view.toString()).doesNotContain("Everyone at Klinikum Nord")
				.doesNotContain(msg(view, "consents.granted", "").strip());
			checked(view, "share-refused");
		}
		assertThat(grants.history(data.aminaId())).hasSize(before);

		for (View view : List.of(VIEWS.get(1), VIEWS.get(2))) {
			chooseOrganisation(view, klinikum);
			browser.find(By.id("categories-ALLERGIES")).click();
			new Select(browser.find(By.id("days"))).selectByValue("7");
			submit(By.cssSelector("#grant-form button[type=submit]"));
			browser.waitFor(By.id("current-grants"));
			String expected = msg(view, "grantee.ORGANISATION", msg(view, "organisation.inCountry", "Klinikum Nord",
					country(view, "DE")));
			assertThat(browser.text(By.cssSelector("p.notice"))).as(view.toString())
				.startsWith(msg(view, "consents.granted", "").strip())
				.contains(expected);
			checked(view, "share-confirmed");
		}
		assertThat(grants.history(data.aminaId())).hasSize(before + 2)
			.filteredOn(grant -> grant.grantee().kind() == Grantee.Kind.ORGANISATION)
			.allSatisfy(grant -> assertThat(grant.grantee().value()).isEqualTo(klinikum));
		browser.signOut();
	}

	/** Item 2: a refused write reads as a refusal; her own reads as hers; a mediator's proposal as a proposal. */
	@Test
	void theAccessLogSaysWhatHappened() {
		newCast();
		PortalSession weber = new PortalSession(port);
		String form = "/portal/clinician/persons/" + data.aminaId() + "/entries/allergy";
		weber.signIn(data.weber, PortalTestData.PASSWORD, form);
		weber.post(form, Map.of("substance", "Latex", "severity", "MODERATE", "status", "ACTIVE"));
		PortalSession sara = new PortalSession(port);
		sara.signIn(data.mediator, PortalTestData.PASSWORD, "/portal/mediator/persons/" + data.aminaId());
		sara.post("/portal/mediator/persons/" + data.aminaId() + "/proposals", List.of(
				Map.entry("granteeKind", "USER"), Map.entry("granteeValue", data.weber), Map.entry("country", "DE"),
				Map.entry("categories", "MEDICATIONS"), Map.entry("access", "READ"), Map.entry("purposes", "TREATMENT"),
				Map.entry("days", "90"), Map.entry("reason", "Amina moves to Hamburg")));

		browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/record");
		for (View view : VIEWS) {
			open(view, "/portal/my/access-log");
			String weberActor = msg(view, "log.actor.organisation", "Dr Jonas Weber", "Klinikum Nord",
					country(view, "DE"));
			String refused = msg(view, "log.other.WRITE.refused", weberActor, msg(view, "category.ALLERGIES.name"));
			WebElement refusal = event(refused);
			assertThat(refusal.getAttribute("class")).as(view.toString()).contains("refused");
			assertThat(eventTexts()).as(view.toString())
				.noneMatch(line -> line.contains(msg(view, "log.other.WRITE", weberActor,
						msg(view, "category.ALLERGIES.name"))))
				.anyMatch(line -> line.equals(msg(view, "log.you.READ")))
				.anyMatch(line -> line.contains(msg(view, "log.other.CONSENT_PROPOSED",
						msg(view, "log.actor.organisation", "Sara Mansour", "Health Mediators Network",
								country(view, "GR")), "Dr Jonas Weber")));
			checked(view, "access-log");
		}
		browser.signOut();
	}

	/** Item 3: the verification says what was checked and against which signed checkpoint; columns explained. */
	@Test
	void theAuditorsVerificationClaimsOnlyWhatWasCheckedAndTheColumnsAreExplained() {
		newCast();
		// a share through the portal (recorded with its grantee), then Dr Weber's read from Germany and a look-up
		// that finds nobody
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/consents/new");
		amina.post("/portal/my/consents", List.of(Map.entry("granteeKind", "USER"),
				Map.entry("granteeValue", data.weber), Map.entry("country", "DE"), Map.entry("categories", "ALLERGIES"),
				Map.entry("access", "READ"), Map.entry("purposes", "TREATMENT"), Map.entry("days", "7")));
		PortalSession weber = new PortalSession(port);
		weber.signIn(data.weber, PortalTestData.PASSWORD, "/portal/clinician/persons/" + data.aminaId());
		weber.post("/portal/clinician/find", Map.of("phrNumber", PhrNumber.random().value(), "purpose", "TREATMENT"));

		browser.signIn(data.auditor, PortalTestData.PASSWORD, "/portal/audit/verification");
		for (View view : VIEWS) {
			open(view, "/portal/audit/verification");
			String status = browser.text(By.id("verification-status"));
			List<String> claims = texts(By.cssSelector("#verification-claims li"));
			if (!browser.driver().findElements(By.id("no-checkpoint")).isEmpty()) {
				assertThat(status).as(view.toString()).doesNotContain(prefix(msg(view, "audit.verify.okSigned", 1, 1, "")));
				assertThat(claims).as(view.toString()).contains(msg(view, "audit.verify.claim.noCheckpoint"));
			}
			submit(By.cssSelector("#sign-checkpoint button"));
			browser.waitFor(By.cssSelector("p.notice"));
			assertThat(browser.text(By.cssSelector("p.notice"))).as(view.toString())
				.startsWith(prefix(msg(view, "audit.verify.signed", 1, "", 1)));
			// now a checkpoint exists: the page says the chains were checked against it, and when it was signed
			assertThat(browser.text(By.id("verification-status"))).as(view.toString())
				.startsWith(prefix(msg(view, "audit.verify.okSigned", 1, 1, "")));
			assertThat(browser.find(By.id("checkpoint")).isDisplayed()).isTrue();
			assertThat(texts(By.cssSelector("#verification-claims li"))).as(view.toString())
				.anyMatch(claim -> claim.startsWith(prefix(msg(view, "audit.verify.claim.checkpointMatched", 1, "",
						1))));
			checked(view, "audit-verification");

			open(view, "/portal/audit/cross-border");
			assertThat(texts(By.cssSelector("#cross-border-legend dt"))).as(view.toString())
				.containsExactly(msg(view, "audit.cross.from"), msg(view, "audit.cross.to"),
						msg(view, "audit.cross.accesses"), msg(view, "audit.cross.emergencies"),
						msg(view, "audit.cross.denied"), msg(view, "audit.cross.chart"));
			assertThat(texts(By.cssSelector("#cross-border-legend dd"))).as(view.toString())
				.contains(msg(view, "audit.cross.denied.explain"));
			// the counts in the page's own digits
			assertThat(texts(By.cssSelector("#cross-border td"))).as(view.toString())
				.isNotEmpty()
				.allSatisfy(cell -> assertThat(cell).doesNotContainPattern(view.language().equals("ar") ? "[0-9]"
						: "[\u0660-\u0669]"));
			checked(view, "audit-cross-border");

			open(view, "/portal/audit?personId=" + data.aminaId() + "&action=CONSENT_GRANTED");
			assertThat(browser.text(By.cssSelector("#audit-events .target"))).as(view.toString())
				.contains("user:" + data.weber);
			open(view, "/portal/audit?requester=" + data.weber + "&action=LOOKUP_MISSED");
			assertThat(browser.text(By.cssSelector("#audit-events .count"))).as(view.toString())
				.isEqualTo(msg(view, "audit.count", 1));
			checked(view, "audit-events-target-count");
		}
		browser.signOut();
	}

	/** Item 4: erasure ends the account's access everywhere, and the pages say so. */
	@Test
	void afterErasureTheAccountSignsInNoMoreAndItsOtherSessionsAndTokensEnd() {
		for (View view : List.of(VIEWS.get(2), VIEWS.get(1))) {
			newCast();
			String token = new Tokens(port).login(data.amina, PortalTestData.PASSWORD);
			PortalSession otherPhone = new PortalSession(port);
			otherPhone.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/record");

			browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/erase");
			open(view, "/portal/my/erase");
			browser.find(By.id("understood")).click();
			submit(By.cssSelector("#erase-form button[type=submit]"));
			assertThat(browser.text(By.id("account-closed"))).as(view.toString())
				.isEqualTo(msg(view, "my.erased.accountClosed"));
			checked(view, "erased");

			HttpResponse<String> next = otherPhone.get("/portal/my/record");
			// her sessions went with the account: the other phone is asked to sign in, which then says why
			assertThat(PortalSession.location(next)).endsWith("/oauth2/authorization/carnet");
			assertThat(otherPhone.follow(next).body()).doesNotContain(PortalTestData.ALLERGY);
			assertThat(new GraphQlRequests(port).post(token, "{ myRecord { id } }", null).statusCode())
				.isEqualTo(401);
			assertThat(records.find(data.aminaId())).isEmpty();

			// signing in again with the right password: refused, and told why
			browser.driver().manage().deleteAllCookies();
			open(view, "/login");
			browser.waitFor(By.name("username")).sendKeys(data.amina);
			browser.find(By.name("password")).sendKeys(PortalTestData.PASSWORD);
			submit(By.cssSelector("#sign-in-form button[type=submit]"));
			browser.waiting(Duration.ofSeconds(30))
				.until(d -> d.getCurrentUrl().contains("/login?closed"));
			assertThat(browser.text(By.id("account-closed"))).as(view.toString())
				.isEqualTo(msg(view, "signIn.closed"));
			assertThat(browser.driver().findElements(By.cssSelector("nav.main-nav"))).isEmpty();
			checked(view, "sign-in-closed");
		}
	}

	/** Item 5: a clinician granted reading only is told so, not "try again later"; a bad share code says why. */
	@Test
	void errorsSayWhatIsWrongAndWhatToDoForTheRole() {
		newCast();
		grants.grant(aminaHerself(), data.aminaId(), PortalTestData.GR, GrantConsent.of(Grantee.user(data.weber),
				Set.of(Category.ALLERGIES), Access.READ, Set.of(Purpose.TREATMENT), Set.of(PortalTestData.DE)));
		String form = "/portal/clinician/persons/" + data.aminaId() + "/entries/allergy";
		browser.signIn(data.weber, PortalTestData.PASSWORD, form);
		for (View view : VIEWS) {
			open(view, form);
			browser.find(By.id("substance")).sendKeys("Latex");
			new Select(browser.find(By.id("severity"))).selectByValue("MODERATE");
			new Select(browser.find(By.id("status"))).selectByValue("ACTIVE");
			submit(By.cssSelector("#entry-form button[type=submit]"));
			assertThat(browser.text(By.cssSelector("p.problem"))).as(view.toString())
				.isEqualTo(msg(view, "problem.aboutCategory", msg(view, "category.ALLERGIES.title"),
						msg(view, "problem.CONSENT_REQUIRED.ACCESS_NOT_GRANTED")));
			checked(view, "clinician-reading-only");

			open(view, "/portal/clinician");
			browser.find(By.id("code")).sendKeys("K7Q-4M2-9XT");
			submit(By.cssSelector("#redeem-form button[type=submit]"));
			assertThat(browser.text(By.cssSelector("p.problem"))).as(view.toString())
				.isEqualTo(msg(view, "problem.field.code"));
			checked(view, "clinician-wrong-code");
		}
		browser.signOut();
	}

	/** Clicks a form's button and waits for the page it leads to. */
	private void submit(By button) {
		WebElement page = browser.find(By.tagName("html"));
		browser.find(button).click();
		browser.waitUntilGone(page);
		browser.waitFor(By.tagName("main"));
	}

	private void chooseOrganisation(View view, String id) {
		open(view, "/portal/my/consents/new?search=" + id);
		submit(By.xpath("//input[@name='value' and @value='" + id + "']/../button"));
		browser.waitFor(By.id("grant-form"));
		new Select(browser.find(By.id("country"))).selectByValue("DE");
	}

	private void open(View view, String path) {
		browser.viewport(view.size());
		browser.open(view.address(path));
		browser.waitFor(By.tagName("main"));
		assertThat(browser.find(By.tagName("html")).getAttribute("lang")).isEqualTo(view.language());
	}

	/** The page as read: accessible basics, no sideways scrolling on a phone, and a screenshot kept. */
	private void checked(View view, String name) {
		assertThat(browser.accessibilityProblems()).as(name + " " + view).isEmpty();
		assertThat(browser.horizontalOverflow()).as("sideways scroll of " + name + " " + view).isLessThanOrEqualTo(0);
		browser.screenshot("truth-" + name + "-" + view.language() + "-" + view.name());
	}

	/** The access-log entry whose sentence is exactly this one. */
	private WebElement event(String sentence) {
		return browser.driver()
			.findElements(By.cssSelector("#access-log li.event"))
			.stream()
			.filter(item -> withoutIsolates(item.findElement(By.cssSelector("p.what")).getText()).equals(sentence))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No event reads \"" + sentence + "\"; the log reads:\n"
					+ String.join("\n", eventTexts())));
	}

	private List<String> eventTexts() {
		return texts(By.cssSelector("#access-log p.what"));
	}

	private List<String> texts(By by) {
		return browser.driver().findElements(by).stream().map(e -> withoutIsolates(e.getText())).toList();
	}

	/** A message as the page shows it (names inside sentences read without their isolates). */
	private String msg(View view, String key, Object... args) {
		LocaleContextHolder.setLocale(Locale.forLanguageTag(view.language()));
		return withoutIsolates(text.msg(key, args));
	}

	private String country(View view, String code) {
		LocaleContextHolder.setLocale(Locale.forLanguageTag(view.language()));
		return text.country(code);
	}

	/** The words of a message before its first argument, to recognise it whatever the numbers and dates. */
	private static String prefix(String message) {
		int digit = 0;
		while (digit < message.length() && !Character.isDigit(message.charAt(digit))) {
			digit++;
		}
		return message.substring(0, Math.min(digit, message.length())).strip();
	}

	private Requester aminaHerself() {
		return new Requester(data.amina, Set.of(Role.MIGRANT), Optional.empty(), Optional.of(PortalTestData.GR),
				Optional.of(data.aminaId()), "test");
	}

	private static String withoutIsolates(String text) {
		return text.replace("\u2068", "").replace("\u2069", "");
	}
}
