package org.carnet.portal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.carnet.consent.Access;
import org.carnet.consent.ConsentGrant;
import org.carnet.consent.ConsentRequest;
import org.carnet.consent.ConsentRequests;
import org.carnet.consent.GrantConsent;
import org.carnet.consent.GrantOrigin;
import org.carnet.consent.GrantStatus;
import org.carnet.consent.Grantee;
import org.carnet.consent.RequestConsent;
import org.carnet.core.Category;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal's forms in Chromium, in English and Arabic, on a phone and a desktop, as a careless person uses them:
 * a mistake comes back in the page's language beside its field (named by the field's {@code aria-describedby},
 * which is {@code aria-invalid}) with everything typed kept; "back" and send again, or a double click, acts once and
 * shows the first outcome; stopping a share, saying no to a request and erasing ask first, and "no" changes nothing.
 */
@CarnetIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalFormsBrowserTests extends PortalBrowserTestBase {

	@Autowired
	ConsentRequests requests;

	@Autowired
	MessageSource messages;

	/** The cast of the tests that change nothing another test checks (see {@link #signInShared}). */
	private PortalTestData shared;

	/** Who this class signed in last (null after the cookies were cleared): their session may still be in use. */
	private String signedIn;

	static Stream<Arguments> everyLanguageAndScreen() {
		return Stream.of(Arguments.of("en", PortalBrowser.PHONE), Arguments.of("ar", PortalBrowser.PHONE),
				Arguments.of("en", PortalBrowser.DESKTOP), Arguments.of("ar", PortalBrowser.DESKTOP));
	}

	static Stream<Arguments> languagesAndScreens() {
		return Stream.of(Arguments.of("en", PortalBrowser.DESKTOP), Arguments.of("ar", PortalBrowser.PHONE));
	}

	// 6. Problems beside their fields, in the page's language, with what was typed kept.

	@ParameterizedTest
	@MethodSource("everyLanguageAndScreen")
	void aGrantWithNothingChosenToShareComesBackWithTheProblemBesideItAndEveryChoiceKept(String language,
			Dimension screen) {
		PortalTestData data = signIn(language, screen, "amina");
		open("/portal/my/consents/new?kind=USER&value=" + data.weber, language);
		browser.find(By.id("access-READ_WRITE")).click();
		new Select(browser.find(By.id("days"))).selectByValue("7");
		browser.find(By.cssSelector("#grant-form button[type=submit]")).click();

		browser.waitFor(By.id("categories-problem"));
		assertSummary(language);
		WebElement categories = browser.find(By.xpath("//fieldset[.//input[@name='categories']]"));
		assertProblemBeside(categories, "categories", message("form.problem.chooseSome", language));
		// what was chosen stays chosen: who, from where, what they may do, why, how long
		assertThat(browser.text(By.cssSelector("#grant-form .chosen"))).contains("Dr Jonas Weber");
		assertThat(new Select(browser.find(By.id("country"))).getFirstSelectedOption().getAttribute("value"))
			.isEqualTo("DE");
		assertThat(browser.find(By.id("access-READ_WRITE")).isSelected()).isTrue();
		assertThat(browser.find(By.id("purposes-TREATMENT")).isSelected()).isTrue();
		assertThat(new Select(browser.find(By.id("days"))).getFirstSelectedOption().getAttribute("value"))
			.isEqualTo("7");
		assertPageSpeaks(language);
		assertThat(grantsToWeber(data, Category.ALLERGIES)).isEmpty();
		screenshot("forms-grant-problem", language, screen);

		browser.find(By.id("categories-ALLERGIES")).click();
		browser.find(By.cssSelector("#grant-form button[type=submit]")).click();
		browser.waitFor(By.id("current-grants"));
		assertThat(browser.text(By.cssSelector("p.notice"))).isNotBlank();
		assertThat(grantsToWeber(data, Category.ALLERGIES)).singleElement()
			.satisfies(grant -> assertThat(grant.access()).isEqualTo(Access.READ_WRITE));
	}

	@ParameterizedTest
	@MethodSource("languagesAndScreens")
	void anEntryWithMistakesComesBackWithEachProblemBesideItsFieldAndWhatWasTyped(String language,
			Dimension screen) {
		PortalTestData data = signInShared(screen, "nikolaou");
		String form = "/portal/clinician/persons/" + data.aminaId() + "/entries/allergy";
		open(form, language);
		browser.find(By.id("reaction")).sendKeys("Rash on both arms");
		new Select(browser.find(By.id("severity"))).selectByValue("SEVERE");
		setValue(browser.find(By.id("notedOn")), "2999-01-01");
		browser.find(By.cssSelector("#entry-form button[type=submit]")).click();

		browser.waitFor(By.id("substance-problem"));
		assertSummary(language);
		assertProblemBeside(browser.find(By.id("substance")), "substance", message("form.problem.required", language));
		assertProblemBeside(browser.find(By.id("notedOn")), "notedOn", message("form.problem.future", language));
		assertThat(browser.find(By.id("reaction")).getAttribute("value")).isEqualTo("Rash on both arms");
		assertThat(new Select(browser.find(By.id("severity"))).getFirstSelectedOption().getAttribute("value"))
			.isEqualTo("SEVERE");
		assertThat(browser.find(By.id("notedOn")).getAttribute("value")).isEqualTo("2999-01-01");
		// a field without a problem is not marked
		assertThat(browser.find(By.id("reaction")).getAttribute("aria-invalid")).isNull();
		assertPageSpeaks(language);
		screenshot("forms-entry-problem", language, screen);

		browser.find(By.id("substance")).sendKeys("Latex");
		setValue(browser.find(By.id("notedOn")), "2020-05-01");
		browser.find(By.cssSelector("#entry-form button[type=submit]")).click();
		browser.waitFor(By.cssSelector("p.notice"));
		assertThat(browser.text(By.id("section-allergies"))).contains("Latex").contains("Rash on both arms");
	}

	@ParameterizedTest
	@MethodSource("languagesAndScreens")
	void theSignInFormKeepsTheUserNameAfterAWrongPassword(String language, Dimension screen) {
		PortalTestData data = newCast();
		browser.driver().manage().deleteAllCookies();
		signedIn = null;
		browser.viewport(screen);
		browser.open("/login?lang=" + language);
		browser.find(By.id("username")).sendKeys(data.amina);
		browser.find(By.id("password")).sendKeys("not the password");
		browser.find(By.cssSelector("#sign-in-form button[type=submit]")).click();

		browser.waitFor(By.id("sign-in-problem"));
		assertThat(browser.find(By.id("sign-in-problem")).getText()).isEqualTo(message("signIn.failed", language));
		assertThat(browser.find(By.id("username")).getAttribute("value")).isEqualTo(data.amina);
		WebElement password = browser.find(By.id("password"));
		assertThat(password.getAttribute("value")).isEmpty();
		assertThat(password.getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(password.getAttribute("aria-describedby")).contains("sign-in-problem");
		assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("password");
		assertPageSpeaks(language);
		screenshot("forms-sign-in-failed", language, screen);

		password.sendKeys(PortalTestData.PASSWORD);
		browser.find(By.cssSelector("#sign-in-form button[type=submit]")).click();
		browser.waiting(Duration.ofSeconds(30))
			.until(d -> d.getCurrentUrl().contains("/portal/my"));
	}

	@ParameterizedTest
	@MethodSource("languagesAndScreens")
	void theClinicianSearchesAndEmergencyNameTheirProblemsWhetherThePortalOrTheApiFoundThem(String language,
			Dimension screen) {
		PortalTestData data = signInShared(screen, "weber");
		open("/portal/clinician", language);
		browser.find(By.id("phrNumber")).sendKeys("CAR-12");
		new Select(browser.find(By.id("purpose"))).selectByValue("EMERGENCY");
		browser.find(By.cssSelector("#find-form button[type=submit]")).click();
		browser.waitFor(By.id("phrNumber-problem"));
		assertProblemBeside(browser.find(By.id("phrNumber")), "phrNumber", message("form.problem.phrNumber", language));
		assertThat(browser.find(By.id("phrNumber")).getAttribute("aria-describedby")).contains("phrNumber-help");
		assertThat(browser.find(By.id("phrNumber")).getAttribute("value")).isEqualTo("CAR-12");
		assertThat(new Select(browser.find(By.id("purpose"))).getFirstSelectedOption().getAttribute("value"))
			.isEqualTo("EMERGENCY");
		assertPageSpeaks(language);
		screenshot("forms-find-problem", language, screen);

		// a code of the right shape that does not exist: the API refuses it, said beside the field
		browser.find(By.id("code")).sendKeys("K7Q-4M2-9XT");
		browser.find(By.cssSelector("#redeem-form button[type=submit]")).click();
		browser.waitFor(By.id("code-problem"));
		assertProblemBeside(browser.find(By.id("code")), "code", message("form.problem.code", language));
		assertThat(browser.find(By.id("code")).getAttribute("value")).isEqualTo("K7Q-4M2-9XT");

		open("/portal/clinician/persons/" + data.aminaId() + "/emergency", language);
		browser.find(By.id("justification")).sendKeys("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		browser.find(By.cssSelector("#emergency-form button[type=submit]")).click();
		browser.waitFor(By.id("justification-problem"));
		assertProblemBeside(browser.find(By.id("justification")), "justification",
				message("form.problem.words", language));
		assertThat(browser.find(By.id("justification")).getAttribute("value")).isEqualTo("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		assertPageSpeaks(language);
		screenshot("forms-emergency-problem", language, screen);
	}

	@ParameterizedTest
	@MethodSource("languagesAndScreens")
	void theAuditorsFiltersNameWhatCannotBeAppliedInsteadOfShowingUnfilteredEvents(String language,
			Dimension screen) {
		signInShared(screen, "auditor");
		open("/portal/audit?personId=not-a-record&from=2025-02-30&requester=someone", language);
		browser.waitFor(By.id("personId-problem"));
		assertSummary(language);
		assertProblemBeside(browser.find(By.id("personId")), "personId", message("form.problem.recordId", language));
		assertProblemBeside(browser.find(By.id("from")), "from", message("form.problem.date", language));
		assertThat(browser.find(By.id("requester")).getAttribute("value")).isEqualTo("someone");
		assertThat(browser.driver().findElements(By.id("audit-events"))).isEmpty();
		assertThat(browser.find(By.tagName("main")).getText()).doesNotContain(message("audit.events.none", language));
		assertPageSpeaks(language);
		screenshot("forms-audit-filter-problem", language, screen);

		open("/portal/audit/cross-border?from=2025-03-10&to=2025-03-01", language);
		browser.waitFor(By.id("to-problem"));
		assertProblemBeside(browser.find(By.id("to")), "to", message("form.problem.period", language));
	}

	@ParameterizedTest
	@MethodSource("languagesAndScreens")
	void theMediatorsFormsKeepWhatWasTyped(String language, Dimension screen) {
		PortalTestData data = signInShared(screen, "mediator");
		open("/portal/mediator", language);
		browser.find(By.id("phrNumber")).sendKeys("CAR-7KQ4-M29Y");
		browser.find(By.cssSelector("#mediator-find-form button[type=submit]")).click();
		browser.waitFor(By.id("phrNumber-problem"));
		assertThat(browser.find(By.id("phrNumber")).getAttribute("value")).isEqualTo("CAR-7KQ4-M29Y");
		assertThat(browser.find(By.id("phrNumber-problem")).getText()).isNotBlank();

		open("/portal/mediator/persons/" + data.aminaId() + "?kind=USER&value=" + data.weber, language);
		browser.find(By.id("categories-VACCINATIONS")).click();
		browser.find(By.cssSelector("#proposal-form button[type=submit]")).click();
		browser.waitFor(By.id("reason-problem"));
		assertProblemBeside(browser.find(By.id("reason")), "reason", message("form.problem.required", language));
		assertThat(browser.find(By.id("categories-VACCINATIONS")).isSelected()).isTrue();
		assertPageSpeaks(language);
		screenshot("forms-proposal-problem", language, screen);
	}

	@ParameterizedTest
	@MethodSource("languagesAndScreens")
	void theShareCodeAndErasureFormsSayWhatIsMissingBesideIt(String language, Dimension screen) {
		PortalTestData data = signInShared(screen, "amina");
		open("/portal/my/share-code", language);
		browser.find(By.id("purposes-TREATMENT")).click();
		browser.find(By.cssSelector("#share-form button[type=submit]")).click();
		browser.waitFor(By.id("categories-problem"));
		assertProblemBeside(browser.find(By.xpath("//fieldset[.//input[@name='categories']]")), "categories",
				message("form.problem.chooseSome", language));
		assertProblemBeside(browser.find(By.xpath("//fieldset[.//input[@name='purposes']]")), "purposes",
				message("form.problem.chooseSome", language));
		assertThat(browser.find(By.id("purposes-TREATMENT")).isSelected()).isFalse();
		assertPageSpeaks(language);

		open("/portal/my/erase", language);
		browser.find(By.cssSelector("#erase-form button[type=submit]")).click();
		browser.waitFor(By.id("understood-problem"));
		assertProblemBeside(browser.find(By.id("understood")), "understood", message("erase.confirmFirst", language));
		assertThat(records.find(data.aminaId())).isPresent();
		assertPageSpeaks(language);
		screenshot("forms-erase-problem", language, screen);
	}

	// 7. Back, send again, double click: one action, the first outcome.

	@ParameterizedTest
	@MethodSource("languagesAndScreens")
	void backThenSendingTheGrantAgainGrantsOnceAndShowsTheFirstOutcome(String language, Dimension screen) {
		PortalTestData data = signIn(language, screen, "amina");
		open("/portal/my/consents/new?kind=USER&value=" + data.weber, language);
		browser.find(By.id("categories-MEDICATIONS")).click();
		browser.find(By.cssSelector("#grant-form button[type=submit]")).click();
		browser.waitFor(By.id("current-grants"));
		String firstNotice = browser.text(By.cssSelector("p.notice"));
		assertThat(grantsToWeber(data, Category.MEDICATIONS)).hasSize(1);

		browser.driver().navigate().back();
		browser.waitFor(By.id("grant-form"));
		// the browser fills the form in again as it was; where it does not, the person does
		if (!browser.find(By.id("categories-MEDICATIONS")).isSelected()) {
			browser.find(By.id("categories-MEDICATIONS")).click();
		}
		browser.find(By.cssSelector("#grant-form button[type=submit]")).click();
		browser.waitFor(By.id("current-grants"));
		assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo(firstNotice);
		assertThat(browser.driver().findElements(By.cssSelector("main p.problem"))).isEmpty();
		assertThat(grantsToWeber(data, Category.MEDICATIONS)).hasSize(1);
		assertThat(weberOnScreen()).hasSize(1);
		screenshot("forms-resubmitted", language, screen);
	}

	@ParameterizedTest
	@MethodSource("languagesAndScreens")
	void aDoubleClickOnShareGrantsOnce(String language, Dimension screen) {
		PortalTestData data = signIn(language, screen, "amina");
		open("/portal/my/consents/new?kind=USER&value=" + data.weber, language);
		browser.find(By.id("categories-VITALS")).click();
		new Actions(browser.driver()).doubleClick(browser.find(By.cssSelector("#grant-form button[type=submit]")))
			.perform();
		browser.waitFor(By.id("current-grants"));
		assertThat(browser.driver().findElements(By.cssSelector("main p.problem"))).isEmpty();
		assertThat(grantsToWeber(data, Category.VITALS)).hasSize(1);
	}

	// 8. What cannot be undone asks first; "no" changes nothing.

	@ParameterizedTest
	@MethodSource("languagesAndScreens")
	void stoppingAShareAsksFirstAndNoKeepsIt(String language, Dimension screen) {
		PortalTestData data = newCast();
		ConsentGrant grant = grantAllergiesToWeber(data);
		signIn(screen, data.amina);
		open("/portal/my/consents", language);
		weberOnScreen().get(0).findElement(By.cssSelector("a.danger")).click();
		browser.waitFor(By.id("confirm-form"));
		assertThat(browser.text(By.id("confirm-sentence"))).contains("Dr Jonas Weber");
		assertThat(browser.text(By.tagName("h1"))).isEqualTo(message("my.revoke.heading", language));
		assertPageSpeaks(language);
		screenshot("forms-confirm-revoke", language, screen);

		browser.find(By.id("confirm-no")).click();
		browser.waitFor(By.id("current-grants"));
		assertThat(statusOf(grant)).isEqualTo(GrantStatus.ACTIVE);
		assertThat(weberOnScreen()).hasSize(1);

		weberOnScreen().get(0).findElement(By.cssSelector("a.danger")).click();
		browser.waitFor(By.id("confirm-form"));
		browser.find(By.id("confirm-yes")).click();
		browser.waitFor(By.cssSelector("p.notice"));
		// the notice says what stopped, as the server stored it: who could see what, and since when no longer
		assertThat(browser.text(By.cssSelector("p.notice"))).startsWith(message("consents.revokedWhat", language)
			.substring(0, message("consents.revokedWhat", language).indexOf("{0}")).strip()).contains("Dr Jonas Weber");
		assertThat(statusOf(grant)).isEqualTo(GrantStatus.REVOKED);
	}

	@ParameterizedTest
	@MethodSource("languagesAndScreens")
	void sayingNoToARequestAsksFirstAndGoingBackLeavesItOpen(String language, Dimension screen) {
		PortalTestData data = newCast();
		Requester weber = new Requester(data.weber, Set.of(Role.CLINICIAN),
				Optional.of("klinikum-nord-" + data.suffix), Optional.of(PortalTestData.DE), Optional.empty(), "test");
		ConsentRequest request = requests.request(weber, data.aminaId(), PortalTestData.GR, RequestConsent.forMe(
				Set.of(Category.ALLERGIES), Access.READ, Purpose.TREATMENT, "Planned surgery next week",
				Optional.empty()));
		signIn(screen, data.amina);
		open("/portal/my/requests", language);
		browser.find(By.cssSelector("#pending-requests a.secondary")).click();
		browser.waitFor(By.id("confirm-form"));
		assertThat(browser.text(By.id("confirm-sentence"))).contains("Dr Jonas Weber");
		assertPageSpeaks(language);
		screenshot("forms-confirm-decline", language, screen);

		browser.find(By.id("confirm-no")).click();
		browser.waitFor(By.id("pending-requests"));
		assertThat(answered(data, request)).isEmpty();
		assertThat(browser.driver().findElements(By.cssSelector("#pending-requests li"))).hasSize(1);

		browser.find(By.cssSelector("#pending-requests a.secondary")).click();
		browser.waitFor(By.id("confirm-form"));
		browser.find(By.id("confirm-yes")).click();
		browser.waitFor(By.cssSelector("p.notice"));
		assertThat(answered(data, request)).contains(false);
	}

	@ParameterizedTest
	@MethodSource("languagesAndScreens")
	void erasingAsksFirstAndNoKeepsTheRecord(String language, Dimension screen) {
		PortalTestData data = signIn(language, screen, "amina");
		open("/portal/my/erase", language);
		browser.find(By.id("erase-cancel")).click();
		browser.waiting(Duration.ofSeconds(30))
			.until(d -> d.getCurrentUrl().endsWith("/portal/my"));
		assertThat(records.find(data.aminaId())).isPresent();

		open("/portal/my/erase", language);
		browser.find(By.id("understood")).click();
		browser.find(By.cssSelector("#erase-form button[type=submit]")).click();
		browser.waitFor(By.tagName("h1"));
		assertThat(browser.text(By.tagName("h1"))).isEqualTo(message("my.erased.heading", language));
		assertThat(records.find(data.aminaId())).isEmpty();
	}

	/** A new cast, and one of them ("amina", "weber", "nikolaou", "mediator", "auditor") signed in. */
	private PortalTestData signIn(String language, Dimension screen, String who) {
		PortalTestData data = newCast();
		signIn(screen, member(data, who));
		return data;
	}

	/**
	 * The class's shared cast, made by the first test that asks, and one of them signed in; still signed in when
	 * the test before signed the same one in. Only tests whose forms are refused, or that add what no other test
	 * counts (an allergy to Amina's record), share it: what is granted, revoked, answered or erased is checked on a
	 * new cast.
	 */
	private PortalTestData signInShared(Dimension screen, String who) {
		if (shared == null) {
			shared = newCast();
		}
		String user = member(shared, who);
		browser.viewport(screen);
		if (!user.equals(signedIn)) {
			browser.signIn(user, PortalTestData.PASSWORD, "/portal");
			signedIn = user;
		}
		return shared;
	}

	private static String member(PortalTestData data, String who) {
		return switch (who) {
			case "amina" -> data.amina;
			case "weber" -> data.weber;
			case "nikolaou" -> data.nikolaou;
			case "mediator" -> data.mediator;
			default -> data.auditor;
		};
	}

	private void signIn(Dimension screen, String user) {
		browser.viewport(screen);
		browser.signIn(user, PortalTestData.PASSWORD, "/portal");
		signedIn = user;
	}

	private void open(String path, String language) {
		browser.open(path + (path.contains("?") ? "&" : "?") + "lang=" + language);
		browser.waitFor(By.tagName("main"));
	}

	private String message(String key, String language) {
		return messages.getMessage(key, null, Locale.forLanguageTag(language));
	}

	/** The page's summary of the problems, as an alert above the form. */
	private void assertSummary(String language) {
		WebElement summary = browser.find(By.cssSelector("main p.problem"));
		assertThat(summary.getAttribute("role")).isEqualTo("alert");
		assertThat(summary.getText()).isEqualTo(message("form.problems", language));
	}

	/** The problem's message beside the field, which is marked invalid and names the message as its description. */
	private void assertProblemBeside(WebElement field, String name, String expected) {
		WebElement problem = browser.find(By.id(name + "-problem"));
		assertThat(problem.getText()).isEqualTo(expected);
		assertThat(problem.isDisplayed()).isTrue();
		assertThat(field.getAttribute("aria-invalid")).as(name + " is marked invalid").isEqualTo("true");
		assertThat(field.getAttribute("aria-describedby")).as(name + " is described by its problem")
			.contains(name + "-problem");
	}

	/** The page is in the language asked for, and right to left in Arabic; its basics of accessibility hold. */
	private void assertPageSpeaks(String language) {
		WebElement html = browser.find(By.tagName("html"));
		assertThat(html.getAttribute("lang")).isEqualTo(language);
		assertThat(html.getAttribute("dir")).isEqualTo("ar".equals(language) ? "rtl" : "ltr");
		if (!"en".equals(language)) {
			// nothing of the English problems on an Arabic page
			assertThat(browser.find(By.tagName("main")).getText())
				.doesNotContain(message("form.problems", "en"))
				.doesNotContain("Please ");
		}
		assertThat(browser.accessibilityProblems()).as("accessibility of " + browser.driver().getCurrentUrl())
			.isEmpty();
		assertThat(browser.horizontalOverflow()).as("horizontal scroll on " + browser.driver().getCurrentUrl())
			.isLessThanOrEqualTo(0);
	}

	/** The current shares on the page that name Dr Weber (the registering clinician's is there too). */
	private List<WebElement> weberOnScreen() {
		return browser.driver()
			.findElements(By.cssSelector("#current-grants li"))
			.stream()
			.filter(item -> item.getText().contains("Dr Jonas Weber"))
			.toList();
	}

	private void setValue(WebElement input, String value) {
		((JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = arguments[1];", input, value);
	}

	private void screenshot(String name, String language, Dimension screen) {
		browser.screenshot(name + "-" + language + "-" + (screen == PortalBrowser.PHONE ? "phone" : "desktop"));
	}

	private List<ConsentGrant> grantsToWeber(PortalTestData data, Category category) {
		return grants.history(data.aminaId())
			.stream()
			.filter(g -> g.origin() == GrantOrigin.PERSON && g.grantee().equals(Grantee.user(data.weber)))
			.filter(g -> g.categories().contains(category))
			.toList();
	}

	private ConsentGrant grantAllergiesToWeber(PortalTestData data) {
		Requester amina = new Requester(data.amina, Set.of(Role.MIGRANT), Optional.empty(),
				Optional.of(PortalTestData.GR), Optional.of(data.aminaId()), "test");
		return grants.grant(amina, data.aminaId(), PortalTestData.GR, GrantConsent.of(Grantee.user(data.weber),
				Set.of(Category.ALLERGIES), Access.READ, Set.of(Purpose.TREATMENT), Set.of(PortalTestData.DE)));
	}

	private GrantStatus statusOf(ConsentGrant grant) {
		return grants.find(grant.id()).map(grants::statusNow).orElseThrow();
	}

	/** The person's answer to the request: empty while it waits, else whether she allowed it. */
	private Optional<Boolean> answered(PortalTestData data, ConsentRequest request) {
		return requests.forPerson(data.aminaId())
			.stream()
			.filter(r -> r.id().equals(request.id()))
			.findFirst()
			.orElseThrow()
			.approved();
	}
}
