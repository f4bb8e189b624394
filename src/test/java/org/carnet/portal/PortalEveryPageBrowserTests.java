package org.carnet.portal;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.carnet.consent.Access;
import org.carnet.consent.ConsentRequests;
import org.carnet.consent.Grants;
import org.carnet.consent.RequestConsent;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.identity.NewUser;
import org.carnet.record.Person;
import org.carnet.record.Records;
import org.carnet.record.Registration;
import org.carnet.record.content.IdentityDetails;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every page of every role (migrant, clinician, mediator, auditor, administrator, and the pages before sign-in), in
 * English on a desktop and in Arabic on a phone (390 x 844), so that each page is seen in both languages and both
 * layouts: a full-page screenshot of each is kept under {@code target/portal-screenshots/} (named
 * role-page-language-viewport), each has the accessibility basics ({@link PortalBrowser#accessibilityProblems}: its
 * language and direction, one main heading and landmark, every field labelled, every control named, no duplicate id)
 * and axe-core finds no serious or critical violation on any of them. Then, with the longest values Carnet accepts,
 * no page scrolls sideways on a 360-pixel phone in either language (a page that does is kept as a screenshot).
 * <p>
 * The pages are those each role's navigation and pages link to (followed from a few starting pages), plus those only
 * a form leads to (a share code shown, an erased record). One browser, one sign-in per role and language.
 */
@CarnetIntegrationTest
@ExtendWith(PortalBrowser.Shared.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalEveryPageBrowserTests {

	/** The narrowest phone the portal is made for. */
	static final Dimension NARROW_PHONE = new Dimension(360, 740);

	static final List<String> LANGUAGES = List.of("en", "ar");

	/**
	 * The layout each language is seen in: English on the desktop, Arabic (right to left) on the phone. Every page is
	 * seen in both languages and both layouts in half the time of all four combinations; some pages of
	 * {@code PortalReadableBrowserTests} and some forms of {@code PortalFormsBrowserTests} are laid out in all four.
	 */
	static final Map<String, Map.Entry<String, Dimension>> LAYOUTS = Map.of("en",
			Map.entry("desktop", PortalBrowser.DESKTOP), "ar", Map.entry("phone", PortalBrowser.PHONE));

	private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	/** At most this many pages are followed per role: a bound, far above what any role has. */
	private static final int MAX_PAGES = 40;

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	Records records;

	@Autowired
	Grants grants;

	@Autowired
	ConsentRequests requests;

	PortalBrowser browser;

	PortalTestData data;

	PortalLongestValues longest;

	String admin;

	String analyst;

	@Autowired
	JdbcClient jdbc;

	@BeforeAll
	void startBrowser() {
		browser = PortalBrowser.start(port);
		data = new PortalTestData(accounts, records, grants);
		longest = new PortalLongestValues(accounts, records, grants, requests);
		admin = "admin." + data.suffix;
		accounts.createUserIfAbsent(NewUser.admin(admin, PortalTestData.PASSWORD, "Nikos Admin"));
		analyst = "analyst." + data.suffix;
		accounts.createOrganisationIfAbsent("public-health-is-" + data.suffix, "Public health authority",
				Jurisdiction.of("IS"));
		accounts.createUserIfAbsent(NewUser.staff(analyst, PortalTestData.PASSWORD, "Lena Analyst",
				"public-health-is-" + data.suffix, Role.PUBLIC_HEALTH_ANALYST));
		// the analyst's figures: Iceland's projection, invented (no test registers persons there)
		if (jdbc.sql("select count(*) from statistical_contributions where home_jurisdiction = 'IS'").query(Long.class)
			.single() == 0) {
			for (int i = 0; i < 60; i++) {
				jdbc.sql("""
						insert into statistical_contributions (pseudonym, home_jurisdiction, age_band, sex, nationality,
						  reception_quarter, categories, vaccine_antigens)
						values (md5(:seed) || md5(:seed || 'x'), 'IS', :band, 'FEMALE', 'SY', '2026-Q3',
						  array['VACCINATIONS'], :antigens::text[])""")
					.param("seed", java.util.UUID.randomUUID().toString())
					.param("band", i < 3 ? "30-34" : i < 30 ? "20-24" : "25-29")
					.param("antigens", i % 2 == 0 ? "{MEASLES}" : "{TETANUS}")
					.update();
			}
		}
		// Dr Weber asks Amina for her vaccinations: her requests page has one to answer.
		Requester weber = new Requester(data.weber, Set.of(Role.CLINICIAN), Optional.of("klinikum-nord-" + data.suffix),
				Optional.of(PortalTestData.DE), Optional.empty(), "test");
		requests.request(weber, data.aminaId(), PortalTestData.GR, RequestConsent.forMe(
				EnumSet.of(Category.VACCINATIONS), Access.READ, Purpose.TREATMENT, "Vaccination plan for school",
				Optional.of(Duration.ofDays(14))));
	}

	@AfterAll
	void stopBrowser() {
		if (browser != null) {
			browser.close();
		}
	}

	/** A page to visit: its name in the screenshot's file name, and its address. */
	record Page(String name, String path) {
	}

	/** Who visits: a role's name in file names, the user (none before sign-in), where to start, what only forms reach. */
	record Visitor(String role, String user, List<Page> start, List<Consumer<String>> formPages) {
	}

	@Test
	void everyPageInBothLanguagesAndLayoutsIsKeptAsAScreenshotAndHasNoSeriousAccessibilityViolation() {
		Map<String, List<PortalBrowser.AxeViolation>> violations = new LinkedHashMap<>();
		Map<String, List<String>> basics = new LinkedHashMap<>();
		List<String> shots = new ArrayList<>();
		for (Visitor visitor : visitors(data.amina, data.nikolaou, data.mediator, data.auditor, admin, analyst,
				data.aminaId().toString(), data.weber)) {
			// one sign-in for both languages: every address asks for its language (lang=)
			signIn(visitor, LANGUAGES.get(0));
			List<Page> pages = null;
			for (String lang : LANGUAGES) {
				pages = visit(visitor, lang, pages, page -> inLayout(lang, viewport -> {
					String name = visitor.role() + "-" + page.name() + "-" + lang + "-" + viewport;
					browser.fullPageScreenshot(name);
					shots.add(name);
					checkAccessibility(name, basics, violations);
				}));
			}
		}
		for (String lang : LANGUAGES) {
			showErasedRecord(lang);
			inLayout(lang, viewport -> {
				String name = "migrant-my-erased-" + lang + "-" + viewport;
				browser.fullPageScreenshot(name);
				shots.add(name);
				checkAccessibility(name, basics, violations);
			});
		}
		assertThat(shots).as("screenshots kept").hasSizeGreaterThan(60);
		assertThat(basics).as("accessibility basics missing, by page").isEmpty();
		assumeTrue(PortalBrowser.axeInstalled(), "axe-core is not installed (npm missing when Maven built): "
				+ "screenshots kept, accessibility not checked");
		assertThat(violations).as("serious or critical axe-core violations, by page").isEmpty();
	}

	/** The check above can fail: on a page with an unlabelled field and no language, axe-core reports both. */
	@Test
	void axeCoreReportsWhatIsWrongOnAPageMadeWrong() {
		assumeTrue(PortalBrowser.axeInstalled(), "axe-core is not installed (npm missing when Maven built)");
		browser.viewport(PortalBrowser.DESKTOP);
		browser.driver().get("data:text/html,<title>Wrong</title><main><h1>Wrong</h1><input type=text></main>");
		assertThat(browser.axeViolations()).extracting(PortalBrowser.AxeViolation::rule)
			.contains("label", "html-has-lang");
	}

	@Test
	void noPageScrollsSidewaysOnA360PixelPhoneWithTheLongestValuesAllowed() {
		Map<String, String> overflowing = new LinkedHashMap<>();
		browser.viewport(NARROW_PHONE);
		// The clinician opens emergency access with the longest justification: the person's notifications, her
		// access log and the auditor's table show it.
		browser.signIn(longest.clinician, PortalTestData.PASSWORD,
				"/portal/clinician/persons/" + longest.person.id() + "/emergency");
		browser.find(By.id("justification")).sendKeys(PortalLongestValues.text("Unconscious after a road accident ",
				1000));
		submit(By.cssSelector("#emergency-form button[type=submit]"));
		for (Visitor visitor : visitors(longest.migrant, longest.clinician, longest.mediator, longest.auditor, admin, analyst,
				longest.person.id().toString(), longest.clinician)) {
			signIn(visitor, LANGUAGES.get(0));
			for (String lang : LANGUAGES) {
				visit(visitor, lang, null, page -> {
					String name = "longest-" + visitor.role() + "-" + page.name() + "-" + lang + "-360";
					long overflow = browser.horizontalOverflow();
					if (overflow > 0) {
						// the page that scrolls sideways is kept as a screenshot, to see where
						browser.fullPageScreenshot(name);
						overflowing.put(name + " (" + browser.driver().getCurrentUrl() + ")",
								overflow + " px too wide; widest: " + widest());
					}
				});
			}
		}
		assertThat(overflowing).as("pages wider than a 360-pixel phone").isEmpty();
	}

	/**
	 * The roles and their pages for one cast: the pages each links to are followed from these; pages only a form
	 * reaches (a share code shown) are reached by the form.
	 */
	private List<Visitor> visitors(String migrant, String clinician, String mediator, String auditor, String admin,
			String analyst, String personId, String grantee) {
		String person = "/portal/clinician/persons/" + personId;
		return List.of(
				new Visitor("clinician", clinician, List.of(new Page("home", "/portal/clinician"),
						new Page("persons", person)), List.of()),
				new Visitor("mediator", mediator, List.of(new Page("home", "/portal/mediator"),
						new Page("persons", "/portal/mediator/persons/" + personId),
						new Page("persons-chosen", "/portal/mediator/persons/" + personId + "?kind=USER&value=" + grantee)),
						List.of()),
				new Visitor("migrant", migrant, List.of(new Page("home", "/portal/my"),
						new Page("consents-new-search", "/portal/my/consents/new?search=" + grantee.substring(0, 5)),
						new Page("consents-new-chosen", "/portal/my/consents/new?kind=USER&value=" + grantee),
						new Page("denied", "/portal/audit"), new Page("not-found", "/portal/no-such-page")),
						List.of(this::showShareCode)),
				new Visitor("auditor", auditor, List.of(new Page("home", "/portal/audit"),
						new Page("home-personId", "/portal/audit?personId=" + personId)), List.of()),
				new Visitor("admin", admin, List.of(new Page("home", "/portal")), List.of()),
				new Visitor("analyst", analyst, List.of(new Page("home", "/portal/statistics"), new Page("figures",
						"/portal/statistics?indicator=VACCINATED&subject=MEASLES&groupBy=AGE_BAND&homeJurisdiction=IS")),
						List.of()),
				new Visitor("anonymous", null, List.of(new Page("welcome", "/portal/welcome"),
						new Page("sign-in", "/login"), new Page("sign-in-failed", "/login?error"),
						new Page("signed-out", "/portal/welcome?signedOut")), List.of()));
	}

	/**
	 * The page on screen, which is in {@code lang}, laid out in that language's viewport ({@link #LAYOUTS}, see
	 * {@link PortalBrowser#eachViewport}), then {@code check} with the viewport's name.
	 */
	private void inLayout(String lang, Consumer<String> check) {
		assertThat(browser.find(By.tagName("html")).getAttribute("lang")).as("the page's language").isEqualTo(lang);
		browser.eachViewport(List.of(LAYOUTS.get(lang)), check);
	}

	/** Signs the visitor in (or out, before sign-in pages), in the language. */
	private void signIn(Visitor visitor, String lang) {
		if (visitor.user() != null) {
			browser.signIn(visitor.user(), PortalTestData.PASSWORD, withLanguage(visitor.start().get(0).path(), lang));
		}
		else {
			browser.driver().manage().deleteAllCookies();
		}
	}

	/**
	 * Checks each of the visitor's pages: those found from the starting pages the first time ({@code pages} null),
	 * the same again later; then those only a form reaches. Answers the pages found.
	 */
	private List<Page> visit(Visitor visitor, String lang, List<Page> pages, Consumer<Page> check) {
		List<Page> visited;
		if (pages == null) {
			visited = crawl(visitor, lang, check);
		}
		else {
			for (Page page : pages) {
				open(page, lang);
				check.accept(page);
			}
			visited = pages;
		}
		for (Consumer<String> form : visitor.formPages()) {
			form.accept(lang);
			check.accept(new Page(pageName(browser.driver().getCurrentUrl()) + "-shown", ""));
		}
		return visited;
	}

	/**
	 * The accessibility basics the page on screen lacks, and axe-core's serious and critical violations of it (none
	 * without axe), kept under its name.
	 */
	private void checkAccessibility(String name, Map<String, List<String>> basics,
			Map<String, List<PortalBrowser.AxeViolation>> violations) {
		String where = name + " (" + browser.driver().getCurrentUrl() + ")";
		List<String> missing = browser.accessibilityProblems();
		if (!missing.isEmpty()) {
			basics.put(where, missing);
		}
		if (PortalBrowser.axeInstalled()) {
			List<PortalBrowser.AxeViolation> found = browser.axeViolations();
			if (!found.isEmpty()) {
				violations.put(where, found);
			}
		}
	}

	/**
	 * Visits the starting pages and every portal page they link to (main content and navigation), once each by
	 * address without its values; answers the pages in the order visited.
	 */
	private List<Page> crawl(Visitor visitor, String lang, Consumer<Page> check) {
		Deque<Page> queue = new ArrayDeque<>(visitor.start());
		Set<String> seen = new LinkedHashSet<>();
		visitor.start().forEach(page -> seen.add(key(page.path())));
		List<Page> visited = new ArrayList<>();
		while (!queue.isEmpty() && visited.size() < MAX_PAGES) {
			Page page = queue.poll();
			open(page, lang);
			check.accept(page);
			visited.add(page);
			if (visitor.user() == null) {
				continue;
			}
			for (String link : links()) {
				Page found = new Page(pageName(link), link);
				if (seen.add(key(link))) {
					queue.add(found);
				}
			}
		}
		return visited;
	}

	/** The portal addresses the page links to, without the base, the language, or a page of a list. */
	@SuppressWarnings("unchecked")
	private List<String> links() {
		List<String> hrefs = (List<String>) ((JavascriptExecutor) browser.driver()).executeScript("""
				return Array.from(document.querySelectorAll('main a[href], nav.main-nav a[href]'), a => a.href);
				""");
		List<String> links = new ArrayList<>();
		for (String href : hrefs) {
			URI uri = URI.create(href);
			if (!href.startsWith(browser.url("/portal")) || uri.getPath().contains("logout")
					|| uri.getPath().endsWith(".csv")) {
				continue;
			}
			String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
			List<String> kept = new ArrayList<>();
			for (String parameter : query.split("&")) {
				if (!parameter.isEmpty() && !parameter.startsWith("lang=") && !parameter.startsWith("after=")) {
					kept.add(parameter);
				}
			}
			links.add(uri.getRawPath() + (kept.isEmpty() ? "" : "?" + String.join("&", kept)));
		}
		return links;
	}

	/** One page per address and set of parameter names: the values (which person, which requester) do not count. */
	private static String key(String link) {
		URI uri = URI.create(link);
		Set<String> names = new TreeSet<>();
		if (uri.getRawQuery() != null) {
			for (String parameter : uri.getRawQuery().split("&")) {
				names.add(parameter.split("=")[0]);
			}
		}
		return pageName(uri.getRawPath()) + names;
	}

	/**
	 * A page's name from its address, without the role's section: "/portal/clinician/persons/(id)/entries/allergy" is
	 * persons-entries-allergy, "/portal/audit?emergency=true" is home-emergency.
	 */
	static String pageName(String address) {
		URI uri = URI.create(address);
		String path = uri.getRawPath().replaceFirst("^/portal/?", "").replaceFirst("^(my|clinician|mediator|audit)/?", "");
		StringBuilder name = new StringBuilder();
		for (String segment : path.split("/")) {
			if (!segment.isEmpty() && !UUID.matcher(segment).matches()) {
				name.append(name.isEmpty() ? "" : "-").append(segment);
			}
		}
		if (name.isEmpty()) {
			name.append("home");
		}
		if (uri.getRawQuery() != null) {
			for (String parameter : uri.getRawQuery().split("&")) {
				String parameterName = parameter.split("=")[0];
				if (!parameterName.equals("lang")) {
					name.append('-').append(parameterName);
				}
			}
		}
		return name.toString();
	}

	private void open(Page page, String lang) {
		browser.open(withLanguage(page.path(), lang));
		browser.waitFor(By.tagName("h1"));
	}

	private static String withLanguage(String path, String lang) {
		return path + (path.contains("?") ? "&" : "?") + "lang=" + lang;
	}

	/** The share code page after the form: a code, its QR code and its countdown. */
	private void showShareCode(String lang) {
		open(new Page("share-code", "/portal/my/share-code"), lang);
		browser.find(By.id("categories-ALLERGIES")).click();
		browser.find(By.cssSelector("#share-form button[type=submit]")).click();
		browser.waitFor(By.id("share-code"));
	}

	/** The page a person sees once her record is erased: a person made for it erases hers. */
	private void showErasedRecord(String lang) {
		Person person = records.register(Registration.by(data.registrar(), PortalTestData.GR, new IdentityDetails(
				"Leyla", "Aziz", LocalDate.of(1999, 3, 3), false, IdentityDetails.Sex.FEMALE, "AF", List.of("fa"), null),
				"test", null));
		String user = "leyla." + lang + "." + data.suffix;
		accounts.createUserIfAbsent(NewUser.migrant(user, PortalTestData.PASSWORD, "Leyla", person.id(),
				PortalTestData.GR));
		browser.signIn(user, PortalTestData.PASSWORD, withLanguage("/portal/my/erase", lang));
		browser.find(By.id("understood")).click();
		submit(By.cssSelector("#erase-form button[type=submit]"));
	}

	/** Clicks the button and waits for the page the form leads to. */
	private void submit(By button) {
		org.openqa.selenium.WebElement html = browser.find(By.tagName("html"));
		browser.find(button).click();
		browser.waitUntilGone(html);
		browser.waitFor(By.tagName("h1"));
	}

	/** The elements that reach beyond the viewport's edges, widest first: where a horizontal scroll comes from. */
	private String widest() {
		return String.valueOf(((JavascriptExecutor) browser.driver()).executeScript("""
				const width = document.documentElement.clientWidth;
				const out = [];
				document.querySelectorAll('body *').forEach(e => {
				  const r = e.getBoundingClientRect();
				  if (r.right > width + 0.5 || r.left < -0.5) {
				    out.push([r.width, e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
				      + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().replace(/ +/g, '.') : '')
				      + ' ' + Math.round(r.left) + '..' + Math.round(r.right)]);
				  }
				});
				out.sort((a, b) => b[0] - a[0]);
				return out.slice(0, 4).map(x => x[1]).join(', ');
				"""));
	}
}
