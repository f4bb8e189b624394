package org.carnet.portal;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.carnet.audit.AccessEvent;
import org.carnet.audit.AuditFilter;
import org.carnet.audit.AuditQueries;
import org.carnet.consent.Access;
import org.carnet.consent.ConsentRequest;
import org.carnet.consent.ConsentRequests;
import org.carnet.consent.Grantee;
import org.carnet.consent.Grants;
import org.carnet.consent.RequestConsent;
import org.carnet.core.Category;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.identity.NewUser;
import org.carnet.record.NewEntry;
import org.carnet.record.Person;
import org.carnet.record.Records;
import org.carnet.record.Registration;
import org.carnet.record.Source;
import org.carnet.record.content.Allergy;
import org.carnet.record.content.IdentityDetails;
import org.carnet.record.content.LabResult;
import org.carnet.record.content.Medication;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, "Readable", in Debian's headless Chromium, on a phone (390 x 844) and a desktop: values read in their
 * own direction on Arabic and Farsi pages (item 11), each role's pages speak to that role (13), the clinician's
 * record at a glance and the requests they sent (14), dates and counts by each language's rules (15), and the
 * portal's own page, in the user's language and with the right status, for every bad address (16).
 */
@CarnetIntegrationTest
@ExtendWith(PortalBrowser.Shared.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalReadableBrowserTests {

	private static final String PHONE_NUMBER = "+49 170 1234567";

	private static final String RANGE = "12.0 - 15.5";

	private static final Map<String, Dimension> VIEWPORTS = Map.of("phone", PortalBrowser.PHONE, "desktop",
			PortalBrowser.DESKTOP);

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	Records records;

	@Autowired
	Grants grants;

	@Autowired
	ConsentRequests consentRequests;

	@Autowired
	AuditQueries audit;

	PortalBrowser browser;

	PortalTestData data;

	/** Layla: a phone number, a dose, a critical result with its range; her account's user name is not her name. */
	Person layla;

	String laylaUser;

	@BeforeAll
	void startBrowser() {
		browser = PortalBrowser.start(port);
	}

	/** A fresh cast for each test: requests and grants of one test never meet another's. */
	@BeforeEach
	void createCast() {
		data = new PortalTestData(accounts, records, grants);
		layla = records.register(Registration.by(data.registrar(), PortalTestData.GR,
				new IdentityDetails("Layla", "Rahimi", LocalDate.of(1990, 3, 5), false, IdentityDetails.Sex.FEMALE,
						"AF", List.of("fa", "en"), new IdentityDetails.Contact(PHONE_NUMBER, null, null)),
				"test", null));
		records.add(layla.id(), byNikolaou(new Medication("Amoxicillin", "500 mg", "by mouth", "1-0-1", null,
				LocalDate.of(2026, 1, 8), null, Medication.Status.ACTIVE)));
		// an allergy with nothing but its substance: no severity, no status
		records.add(layla.id(), byNikolaou(new Allergy("Latex", null, null, null, null)));
		records.add(layla.id(), byNikolaou(new LabResult("Haemoglobin", "6.1", "g/dL", RANGE,
				LabResult.Interpretation.CRITICAL, LocalDate.of(2026, 1, 10))));
		laylaUser = "layla." + data.suffix;
		accounts.createUserIfAbsent(NewUser.migrant(laylaUser, PortalTestData.PASSWORD, laylaUser, layla.id(),
				PortalTestData.GR));
	}

	@AfterAll
	void stop() {
		if (browser != null) {
			browser.close();
		}
	}

	/** Item 11: a phone number, a record number, a range and a dose read left to right inside Arabic and Farsi. */
	@Test
	void phoneNumbersRecordNumbersRangesAndDosesReadInTheirOwnDirectionOnRightToLeftPages() {
		browser.signIn(data.nikolaou, PortalTestData.PASSWORD, "/portal/clinician");
		onEachScreen(List.of("ar", "fa"), "/portal/clinician/persons/" + layla.id(), "readable-values",
				(language, where) -> {
			assertThat(browser.find(By.tagName("html")).getAttribute("dir")).as(where).isEqualTo("rtl");

			WebElement phone = value("section-identity", PHONE_NUMBER);
			assertThat(direction(phone)).as(where).isEqualTo("ltr");
			assertThat(leftOf(phone, "+49", "1234567")).as(where + ": +49 left of 1234567").isTrue();
			assertThat(leftOf(phone, "170", "1234567")).as(where).isTrue();
			assertThat(leftOf(phone, "+49", "170")).as(where).isTrue();

			WebElement number = browser.find(By.cssSelector("#who .phr-number bdi"));
			String phr = layla.phrNumber().value();
			assertThat(number.getText()).isEqualTo(phr);
			assertThat(direction(number)).as(where).isEqualTo("ltr");
			assertThat(leftOf(number, phr.substring(0, 3), phr.substring(phr.length() - 4))).as(where).isTrue();

			WebElement range = value("section-labResults", RANGE);
			assertThat(leftOf(range, "12.0", "15.5")).as(where + ": the range in its order").isTrue();
			WebElement dose = value("section-medications", "500 mg");
			assertThat(leftOf(dose, "500", "mg")).as(where).isTrue();

			// a Latin name inside an Arabic or Farsi sentence keeps its order
			WebElement recorded = browser.find(By.cssSelector("#section-medications .recorded"));
			assertThat(leftOf(recorded, "Eleni", "Nikolaou")).as(where).isTrue();
			// dates in the language's own digits
			String digits = language.equals("ar") ? "٢٠٢٦" : "۲۰۲۶";
			assertThat(browser.text(By.id("section-labResults"))).as(where).contains(digits);
		});
		browser.signOut();

		// the person's own record: her phone number too
		browser.viewport(PortalBrowser.PHONE);
		browser.signIn(laylaUser, PortalTestData.PASSWORD, "/portal/my/record?lang=fa");
		browser.open("/portal/my/record?lang=fa");
		WebElement phone = value("section-identity", PHONE_NUMBER);
		assertThat(direction(phone)).isEqualTo("ltr");
		assertThat(leftOf(phone, "+49", "1234567")).isTrue();
		assertThat(direction(browser.find(By.cssSelector(".phr-number bdi")))).isEqualTo("ltr");
		browser.screenshot("readable-own-record-fa-phone");
		browser.signOut();
	}

	/** Item 14: who this is, the alerts before everything else, one line for what is not shared. */
	@Test
	void theClinicianSeesWhoThisIsTheAlertsFirstAndOneLineForWhatIsNotShared() {
		browser.signIn(data.nikolaou, PortalTestData.PASSWORD, "/portal/clinician");
		onEachScreen(List.of("en", "ar"), "/portal/clinician/persons/" + data.aminaId(), "readable-glance",
				(language, where) -> {
			String who = browser.text(By.id("who"));
			assertThat(who).as(where).contains("Amina Haddad")
				.contains(language.equals("ar") ? "١٩٩٦" : "2 April 1996")
				.contains(language.equals("ar") ? "أنثى" : "Female");
			WebElement alerts = browser.find(By.id("alerts"));
			assertThat(browser.text(By.id("alerts"))).as(where).contains(PortalTestData.ALLERGY);
			assertThat(alerts.getRect().getY()).as(where + ": alerts above the record")
				.isLessThan(browser.find(By.cssSelector(".record .section")).getRect().getY());
			assertThat(browser.driver().findElements(By.cssSelector("#section-allergies li.entry.alert")))
				.as(where).hasSize(1);
			// all is shared with her registrar: no "not shared" line; the empty sections in one line
			assertThat(browser.driver().findElements(By.id("not-shared"))).as(where).isEmpty();
			assertThat(browser.text(By.id("nothing-recorded"))).as(where)
				.contains(language.equals("ar") ? "التطعيمات" : "vaccinations");
			assertThat(browser.driver().findElements(By.cssSelector(".section p.nothing"))).as(where).isEmpty();
		});
		browser.open("/portal/clinician/persons/" + layla.id() + "?lang=en");
		assertThat(browser.text(By.id("alerts"))).contains("Haemoglobin").contains("6.1 g/dL");
		assertThat(browser.text(By.id("who"))).contains("Layla Rahimi").contains("born 5 March 1990");
		browser.signOut();

		// Dr Weber: nothing of hers is shared with him
		browser.signIn(data.weber, PortalTestData.PASSWORD, "/portal/clinician");
		onEachScreen(List.of("en", "ar"), "/portal/clinician/persons/" + data.aminaId(), "readable-glance-withheld",
			(language, where) -> {
			assertThat(browser.text(By.id("who"))).as(where)
				.contains(language.equals("ar") ? "الاسم وتاريخ الميلاد غير مُشارَكين معك."
						: "Name and date of birth are not shared with you.")
				.doesNotContain("Amina");
			String notShared = browser.text(By.id("not-shared"));
			assertThat(notShared).as(where)
				.startsWith(language.equals("ar") ? "غير مُشارَك معك:" : "Not shared with you:")
				.contains(language.equals("ar") ? "الحساسية" : "allergies")
				.contains(language.equals("ar") ? "الصحة النفسية" : "mental health");
			// one line, not a grey block per section
			assertThat(browser.driver().findElements(By.cssSelector(".section.withheld, .section"))).as(where)
				.isEmpty();
			assertThat(browser.driver().findElements(By.id("alerts"))).as(where).isEmpty();
			assertThat(browser.driver().getPageSource()).doesNotContain(PortalTestData.ALLERGY)
				.doesNotContain(PortalTestData.MENTAL_HEALTH_SUMMARY);
		});
		browser.signOut();
	}

	/**
	 * Item 14: the clinician's requests and their state. Whose record each is for is read through the consent gate
	 * (his record number while her identity is not shared with him) and the look-up is in the audit log.
	 */
	@Test
	void theClinicianSeesTheRequestsHeSentAndWhatBecameOfEach() {
		Requester weber = new Requester(data.weber, Set.of(Role.CLINICIAN), Optional.of("klinikum-nord-" + data.suffix),
				Optional.of(PortalTestData.DE), Optional.empty(), "test");
		Requester amina = new Requester(data.amina, Set.of(Role.MIGRANT), Optional.empty(),
				Optional.of(PortalTestData.GR), Optional.of(data.aminaId()), "test");
		ConsentRequest mentalHealth = consentRequests.request(weber, data.aminaId(), PortalTestData.GR,
				RequestConsent.forMe(Set.of(Category.MENTAL_HEALTH), Access.READ, Purpose.TREATMENT,
						"Follow-up of the screening", Optional.of(Duration.ofDays(7))));
		consentRequests.answer(amina, mentalHealth.id(), false);
		ConsentRequest allergies = consentRequests.request(weber, data.aminaId(), PortalTestData.GR,
				RequestConsent.forMe(Set.of(Category.ALLERGIES, Category.MEDICATIONS), Access.READ, Purpose.TREATMENT,
						"Planned surgery next week", Optional.of(Duration.ofDays(30))));

		browser.signIn(data.weber, PortalTestData.PASSWORD, "/portal/clinician");
		browser.viewport(PortalBrowser.PHONE);
		browser.find(By.cssSelector("a[href='/portal/clinician/requests']")).click();
		browser.waitFor(By.id("sent-requests"));
		List<WebElement> sent = browser.driver().findElements(By.cssSelector("#sent-requests li"));
		assertThat(sent).hasSize(2);
		String phr = data.aminaPhrNumber();
		assertThat(visible(sent.get(0))).contains("Record " + phr + " (name not shared with you)")
			.contains("You asked to see their allergies and medicines for treatment, for 30 days.")
			.contains("Waiting for an answer, until");
		assertThat(visible(sent.get(1))).contains("Record " + phr)
			.contains("You asked to see their mental health for treatment, for 7 days.")
			.contains("Refused on");
		assertThat(browser.horizontalOverflow()).isZero();
		browser.screenshot("readable-requests-en-phone");
		// the look-up that named her record is a read like any other: decided, and in the log
		List<AccessEvent> lookUps = audit.search(AuditFilter.person(data.aminaId()), 100, null)
			.events()
			.stream()
			.filter(event -> data.weber.equals(event.requesterSubject()))
			.filter(event -> "PortalSentRequestPersons".equals(event.operationName()))
			.toList();
		assertThat(lookUps).isNotEmpty()
			.allSatisfy(event -> assertThat(event.categoriesWithheld()).contains(Category.IDENTITY));

		consentRequests.answer(amina, allergies.id(), true);
		browser.viewport(PortalBrowser.DESKTOP);
		browser.open("/portal/clinician/requests?lang=ar");
		sent = browser.driver().findElements(By.cssSelector("#sent-requests li"));
		assertThat(visible(sent.get(0))).contains("سُمح به في");
		assertThat(visible(sent.get(1))).contains("رُفض في");
		// her record number inside the Arabic sentence reads left to right
		WebElement person = sent.get(0).findElement(By.cssSelector(".request-person strong"));
		assertThat(leftOf(person, phr.substring(0, 3), phr.substring(phr.length() - 4))).isTrue();
		browser.screenshot("readable-requests-ar-desktop");
		sent.get(0).findElement(By.cssSelector(".request-person a")).click();
		browser.waiting(Duration.ofSeconds(30))
			.until(d -> d.getCurrentUrl().contains("/portal/clinician/persons/" + data.aminaId()));
		assertThat(browser.text(By.id("section-allergies"))).contains(PortalTestData.ALLERGY);
		browser.signOut();
	}

	/** Item 13: the mediator's and the clinician's pages speak about the person; the person is greeted by name. */
	@Test
	void eachRoleIsSpokenToInItsOwnWords() {
		Requester sara = new Requester(data.mediator, Set.of(Role.MEDIATOR),
				Optional.of("mediators-gr-" + data.suffix), Optional.of(PortalTestData.GR), Optional.empty(), "test");
		consentRequests.request(sara, data.aminaId(), PortalTestData.GR,
				RequestConsent.proposal(Grantee.anyClinicianIn(PortalTestData.DE), Set.of(Category.ALLERGIES),
						Access.READ, Set.of(Purpose.TREATMENT), Set.of(PortalTestData.DE), "She moves to Germany",
						Optional.of(Duration.ofDays(90))));
		grants.grant(new Requester(data.amina, Set.of(Role.MIGRANT), Optional.empty(), Optional.of(PortalTestData.GR),
				Optional.of(data.aminaId()), "test"), data.aminaId(), PortalTestData.GR,
				org.carnet.consent.GrantConsent.of(Grantee.user(data.mediator), Set.of(Category.IDENTITY),
						Access.READ, Set.of(Purpose.CARE_COORDINATION), Set.of(PortalTestData.GR))
					// identity in full, chosen by the person (a mediator's default is coarse: no name)
					.coarse(Set.of()));

		browser.signIn(data.mediator, PortalTestData.PASSWORD, "/portal/mediator");
		for (Map.Entry<String, Dimension> viewport : VIEWPORTS.entrySet()) {
			browser.viewport(viewport.getValue());
			browser.open("/portal/mediator?lang=en");
			String proposals = browser.text(By.id("sent-requests"));
			assertThat(proposals).contains("Amina Haddad")
				.contains("You proposed that any clinician in Germany may see their allergies for treatment, "
						+ "for 90 days.")
				.doesNotContain("Any clinician")
				.doesNotContain("your");
			browser.screenshot("readable-mediator-home-en-" + viewport.getKey());
			browser.open("/portal/mediator/persons/" + data.aminaId() + "?kind=ANY_CLINICIAN_IN&value=DE&lang=en");
			String form = browser.text(By.id("proposal-form"));
			assertThat(form).contains("The person would share with:")
				.contains("Which parts of the person’s record?")
				.contains("Their name, date of birth")
				.contains("To examine and treat the person.")
				.doesNotContain("your record")
				.doesNotContain("You are sharing");
			browser.open("/portal/mediator/persons/" + data.aminaId() + "?kind=ANY_CLINICIAN_IN&value=DE&lang=ar");
			assertThat(browser.text(By.id("proposal-form"))).contains("أي أجزاء من سجل الشخص؟")
				.doesNotContain("أي أجزاء من سجلك؟")
				.contains("اسم الشخص وتاريخ ميلاده");
			browser.screenshot("readable-mediator-proposal-ar-" + viewport.getKey());
		}
		browser.signOut();

		browser.signIn(data.weber, PortalTestData.PASSWORD, "/portal/clinician");
		browser.open("/portal/clinician/persons/" + data.aminaId() + "?lang=en");
		String request = browser.text(By.id("request-form"));
		assertThat(request).contains("Which parts of the record do you ask for?")
			.contains("To examine and treat the person.")
			.doesNotContain("your record")
			.doesNotContain("treat you")
			.doesNotContain("Your name");
		assertThat(browser.text(By.tagName("footer"))).isEqualTo("Carnet: health records shared only with each "
				+ "person’s consent.");
		browser.signOut();

		// the person reads the same proposal in their own words, "any clinician" within the sentence
		browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/requests");
		browser.open("/portal/my/requests?lang=en");
		assertThat(browser.text(By.id("pending-requests"))).contains("proposes that any clinician in Germany may see "
				+ "your allergies");
		browser.signOut();

		// greeted by the name on her record, not by her user name
		browser.signIn(laylaUser, PortalTestData.PASSWORD, "/portal/my");
		for (String language : List.of("en", "ar")) {
			browser.open("/portal/my?lang=" + language);
			assertThat(browser.text(By.tagName("h1")))
				.isEqualTo(language.equals("ar") ? "مرحبًا، Layla" : "Hello, Layla");
		}
		browser.signOut();
	}

	/** Item 15: dates and counts as each language writes them, never a doubled period. */
	@Test
	void datesAndCountsFollowTheRulesOfEachLanguage() {
		Requester weber = new Requester(data.weber, Set.of(Role.CLINICIAN), Optional.of("klinikum-nord-" + data.suffix),
				Optional.of(PortalTestData.DE), Optional.empty(), "test");
		consentRequests.request(weber, data.aminaId(), PortalTestData.GR, RequestConsent.forMe(
				Set.of(Category.ALLERGIES), Access.READ, Purpose.TREATMENT, "Surgery",
				Optional.of(Duration.ofDays(7))));
		Map<String, List<String>> days = new LinkedHashMap<>();
		days.put("en", List.of("1 day", "7 days", "30 days"));
		days.put("fr", List.of("1 jour", "7 jours", "30 jours"));
		days.put("uk", List.of("1 день", "7 днів", "30 днів"));
		days.put("ar", List.of("يوم واحد", "٧ أيام", "٣٠ يومًا"));
		days.put("fa", List.of("۱ روز", "۷ روز", "۳۰ روز"));
		Map<String, String> digits = Map.of("en", "0123456789", "fr", "0123456789", "uk", "0123456789", "ar",
				"٠١٢٣٤٥٦٧٨٩", "fa", "۰۱۲۳۴۵۶۷۸۹");
		browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		browser.viewport(PortalBrowser.PHONE);
		for (String language : days.keySet()) {
			browser.open("/portal/my/requests?lang=" + language);
			String pending = browser.text(By.id("pending-requests"));
			assertThat(pending).as(language).doesNotContain("..").doesNotContain("р.");
			String expires = browser.text(By.cssSelector("#pending-requests .meta"));
			// the year of the expiry date, in the language's digits
			String year = String.valueOf(LocalDate.now().getYear());
			StringBuilder localYear = new StringBuilder();
			year.chars().forEach(c -> localYear.append(digits.get(language).charAt(c - '0')));
			assertThat(expires).as(language).contains(localYear).endsWith(".");
			browser.screenshot("readable-dates-" + language + "-phone");

			browser.open("/portal/my/share-code?lang=" + language);
			List<String> options = new ArrayList<>();
			browser.driver().findElements(By.cssSelector("#days option")).forEach(o -> options.add(o.getText()));
			assertThat(options).as(language).containsSubsequence(days.get(language));
		}
		// the time left on a share code counts down in the language's digits too
		browser.open("/portal/my/share-code?lang=fa");
		browser.find(By.id("categories-ALLERGIES")).click();
		browser.find(By.cssSelector("#share-form button[type=submit]")).click();
		browser.waitFor(By.id("share-code"));
		browser.waiting(Duration.ofSeconds(10))
			.until(d -> browser.text(By.cssSelector(".countdown")).matches(".*[۰-۹]+:[۰-۹]{2}.*"));
		assertThat(browser.text(By.cssSelector(".countdown"))).doesNotContainPattern("[0-9]");
		browser.screenshot("readable-share-code-fa-phone");
		browser.signOut();
	}

	/** Item 16: no Whitelabel page: each bad address gets the portal's page, in English and Arabic, with its status. */
	@Test
	void everyBadAddressGetsThePortalsOwnPageInTheUsersLanguageWithItsStatus() {
		String unknown = UUID.randomUUID().toString();
		Map<String, Integer> addresses = new LinkedHashMap<>();
		addresses.put("/portal/no-such-page", 404);
		addresses.put("/portal/clinician/no-such-page", 404);
		addresses.put("/portal/clinician/persons/not-an-id", 404);
		addresses.put("/portal/clinician/persons/not-an-id/emergency", 404);
		addresses.put("/portal/clinician/persons/" + unknown, 404);
		addresses.put("/portal/clinician/persons/" + unknown + "?purpose=HOLIDAY", 400);
		addresses.put("/portal/clinician/persons/" + data.aminaId() + "/entries/no-such-kind", 404);
		addresses.put("/portal/clinician/find", 405);
		addresses.put("/portal/my/record", 403);
		addresses.put("/no-such-page", 404);
		addresses.put("/error", 404);
		addresses.put("/graphql", 401);
		addresses.put("/oauth2/authorization/no-such-client", 404);
		addresses.put("/oauth2/authorize?response_type=code&client_id=nobody", 400);
		// refused by Tomcat before the application sees it: a malformed escape in the address
		addresses.put("/portal/%ZZ", 400);
		Map<String, Map<Integer, String>> sentences = Map.of("en",
				Map.of(0, "No record was found.", 200, "Please fill this in.", 400, "This address or form is not valid.", 401,
						"This address is for programs", 403, "You may not open this page", 404,
						"This page does not exist.", 405, "This page cannot be used this way."),
				"ar", Map.of(0, "لم يُعثر على أي سجل", 200, "يُرجى ملء هذا الحقل", 400, "هذا العنوان أو النموذج غير صالح", 401,
						"هذا العنوان مخصص للبرامج", 403, "لا يمكنك فتح هذه الصفحة", 404, "هذه الصفحة غير موجودة", 405,
						"لا يمكن استخدام هذه الصفحة"));
		browser.signIn(data.weber, PortalTestData.PASSWORD, "/portal/clinician");
		List<String> problems = new ArrayList<>();
		for (String language : List.of("en", "ar")) {
			browser.open("/portal/clinician?lang=" + language);
			int shot = 0;
			for (Map.Entry<String, Integer> address : addresses.entrySet()) {
				browser.open(address.getKey());
				browser.waitFor(By.tagName("main"));
				// an id that names nobody is the clinician's page that says so
				String sentence = address.getKey().endsWith(unknown)
						? sentences.get(language).get(0) : sentences.get(language).get(address.getValue());
				int number = shot++;
				// the page as answered, laid out on each screen in turn
				eachViewport(viewport -> {
					check(language + " " + viewport + " " + address.getKey(), address.getValue(), language, sentence,
							problems);
					browser.screenshot("readable-error-" + language + "-" + viewport + "-" + number);
				});
			}
			// a form sent without a field it needs is the form again, the problem beside the field; then one sent
			// with a stale token
			browser.open("/portal/clinician");
			post("/portal/clinician/find", true);
			eachViewport(viewport -> check(language + " " + viewport + " missing parameter", 200, language,
					sentences.get(language).get(200), problems));
			browser.open("/portal/clinician");
			post("/portal/clinician/find", false);
			eachViewport(viewport -> check(language + " " + viewport + " stale form", 403, language,
					language.equals("ar") ? "انتهت صلاحية هذا النموذج" : "This form is out of date", problems));
		}
		browser.signOut();
		assertThat(problems).isEmpty();
	}

	/**
	 * Opens {@code path} in each language and lays it out on the phone and the desktop in turn, running {@code check}
	 * with the language and a label of where it is; each screen is kept as a screenshot and must not be wider than
	 * the viewport.
	 */
	private void onEachScreen(List<String> languages, String path, String screenshot,
			BiConsumer<String, String> check) {
		for (String language : languages) {
			browser.open(path + (path.contains("?") ? "&" : "?") + "lang=" + language);
			browser.waitFor(By.tagName("main"));
			eachViewport(viewport -> {
				String where = language + " " + viewport;
				browser.screenshot(screenshot + "-" + language + "-" + viewport);
				check.accept(language, where);
				assertThat(browser.horizontalOverflow()).as(where).isZero();
			});
		}
	}

	/** The page on screen laid out on the phone and the desktop in turn (see {@link PortalBrowser#eachViewport}). */
	private void eachViewport(Consumer<String> check) {
		browser.eachViewport(VIEWPORTS.entrySet(), check);
	}

	private void check(String where, int status, String language, String sentence, List<String> problems) {
		Object answered = ((JavascriptExecutor) browser.driver())
			.executeScript("return performance.getEntriesByType('navigation')[0].responseStatus;");
		String body = browser.text(By.tagName("body"));
		String html = browser.find(By.tagName("html")).getAttribute("lang") + " "
				+ browser.find(By.tagName("html")).getAttribute("dir");
		if (((Number) answered).intValue() != status) {
			problems.add(where + ": status " + answered + ", expected " + status);
		}
		if (!html.equals(language + (language.equals("ar") ? " rtl" : " ltr"))) {
			problems.add(where + ": html " + html);
		}
		if (!body.contains(sentence)) {
			problems.add(where + ": does not say \"" + sentence + "\" but: " + body);
		}
		for (String internal : List.of("Whitelabel", "Exception", "status=", "Internal Server Error", "timestamp")) {
			if (body.contains(internal)) {
				problems.add(where + ": shows " + internal);
			}
		}
		if (browser.driver().findElements(By.cssSelector("main h1")).size() != 1
				// an error page offers a way back; a form shown again with its problem is itself the way on
				|| status != 200 && browser.driver().findElements(By.cssSelector("main a[href^='/portal']")).isEmpty()) {
			problems.add(where + ": not the portal's page with a way back");
		}
		if (browser.horizontalOverflow() > 0) {
			problems.add(where + ": wider than the screen");
		}
	}

	/** Posts a form from the current page: without the PHR number, with the page's CSRF token or a stale one. */
	private void post(String action, boolean freshToken) {
		((JavascriptExecutor) browser.driver()).executeScript("""
				const form = document.createElement('form');
				form.method = 'post';
				form.action = arguments[0];
				const token = document.createElement('input');
				token.type = 'hidden';
				token.name = '_csrf';
				token.value = arguments[1] ? document.querySelector('input[name=_csrf]').value : 'stale-token';
				form.appendChild(token);
				document.body.appendChild(form);
				form.submit();
				""", action, freshToken);
		browser.waiting(Duration.ofSeconds(30))
			.until(d -> d.getCurrentUrl().endsWith(action));
		browser.waitFor(By.tagName("main"));
	}

	/** The value element of a section's details whose text is {@code text}. */
	private WebElement value(String section, String text) {
		return browser.driver()
			.findElements(By.cssSelector("#" + section + " dd bdi"))
			.stream()
			.filter(element -> element.getText().equals(text))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No value " + text + " in " + section + ": "
					+ browser.text(By.id(section))));
	}

	private String direction(WebElement element) {
		return (String) ((JavascriptExecutor) browser.driver())
			.executeScript("return getComputedStyle(arguments[0]).direction;", element);
	}

	/**
	 * True when {@code first} is drawn left of {@code second} within the element, or on the line above when the value
	 * wraps: the order a left-to-right value is read in.
	 */
	private boolean leftOf(WebElement element, String first, String second) {
		Object answer = ((JavascriptExecutor) browser.driver()).executeScript("""
				const element = arguments[0];
				function box(part) {
				  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
				  let node;
				  while ((node = walker.nextNode())) {
				    const at = node.data.indexOf(part);
				    if (at >= 0) {
				      const range = document.createRange();
				      range.setStart(node, at);
				      range.setEnd(node, at + part.length);
				      return range.getBoundingClientRect();
				    }
				  }
				  return null;
				}
				const a = box(arguments[1]);
				const b = box(arguments[2]);
				if (!a || !b) { return 'missing'; }
				// wrapped onto two lines (a narrow column): read in order when the first is on the line above
				if (Math.abs(a.top - b.top) > a.height / 2) { return a.top < b.top; }
				return a.left < b.left;
				""", element, first, second);
		assertThat(answer).as("\"" + first + "\" and \"" + second + "\" in " + element.getText())
			.isInstanceOf(Boolean.class);
		return (Boolean) answer;
	}

	private NewEntry byNikolaou(org.carnet.record.content.EntryContent content) {
		return new NewEntry(content, data.nikolaou, PortalTestData.GR, Source.CLINICIAN, Optional.empty());
	}

	private static String visible(WebElement element) {
		return element.getText().replace("\u2068", "").replace("\u2069", "");
	}
}
