package org.carnet.portal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal in a real browser (Debian's headless Chromium): the whole story of issue 6, the Arabic page, and the
 * sign-in redirect. One browser for the class; each user signs in from empty cookies.
 */
@CarnetIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalBrowserIntegrationTests extends PortalBrowserTestBase {

	@BeforeAll
	void createCast() {
		newCast();
	}

	@Test
	void aPageWithoutSignInLeadsToTheSignInForm() {
		browser.driver().manage().deleteAllCookies();
		browser.open("/portal/my/record");
		browser.waitFor(By.name("username"));
		assertThat(browser.driver().getCurrentUrl()).endsWith("/login");
		assertThat(browser.driver().getPageSource()).doesNotContain(PortalTestData.ALLERGY);
	}

	@Test
	void theArabicPageIsWrittenRightToLeft() {
		// The language is chosen on the sign-in form and kept from then on.
		browser.driver().manage().deleteAllCookies();
		browser.open("/login?lang=ar");
		assertThat(browser.find(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
		assertThat(browser.text(By.tagName("h1"))).isEqualTo("تسجيل الدخول إلى كارنيه");
		assertAccessible();
		browser.screenshot("arabic-sign-in");
		browser.find(By.name("username")).sendKeys(data.amina);
		browser.find(By.name("password")).sendKeys(PortalTestData.PASSWORD);
		browser.find(By.cssSelector("#sign-in-form button[type=submit]")).click();
		browser.waiting(Duration.ofSeconds(30))
			.until(d -> d.getCurrentUrl().contains("/portal/my"));
		browser.open("/portal/my/record");
		WebElement html = browser.find(By.tagName("html"));
		assertThat(html.getAttribute("dir")).isEqualTo("rtl");
		assertThat(html.getAttribute("lang")).isEqualTo("ar");
		assertThat(browser.text(By.tagName("h1"))).isEqualTo("سجلي الصحي");
		// The record itself is rendered: her allergy, with the section title in Arabic.
		assertThat(browser.text(By.id("section-allergies"))).contains(PortalTestData.ALLERGY).contains("الحساسية");
		assertAccessible();
		Path screenshot = browser.screenshot("arabic-record");
		assertThat(screenshot).exists();
		assertThat(sizeOf(screenshot)).isGreaterThan(10_000);
		// The choice is remembered for the next page, without the parameter.
		browser.open("/portal/my/consents");
		assertThat(browser.find(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
		browser.open("/portal/my/record?lang=en");
		assertThat(browser.find(By.tagName("html")).getAttribute("dir")).isEqualTo("ltr");
		browser.signOut();
	}

	/**
	 * Issue 6's story: Amina grants Dr Weber her allergies for one day; he sees them and "not shared" for mental
	 * health; she revokes; he sees "not shared" for allergies too; her access log shows his reads from Germany; the
	 * auditor sees the same events.
	 */
	@Test
	void aminaGrantsAndRevokesAndEveryReadIsInHerLogAndTheAuditorsView() {
		// Amina gives Dr Weber her allergies, for treatment, for one day.
		browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/consents/new");
		// she finds him by his user name (or his name), chooses him from what the server found, then the rest
		browser.find(By.id("search")).sendKeys(data.weber);
		browser.find(By.cssSelector("#grantee-search button[type=submit]")).click();
		browser.waitFor(By.id("grantee-candidates"));
		assertThat(browser.text(By.id("grantee-candidates"))).contains("Dr Jonas Weber, Klinikum Nord (Germany)");
		browser.find(By.xpath("//input[@name='value' and @value='" + data.weber + "']/../button")).click();
		browser.waitFor(By.id("grant-form"));
		assertThat(browser.text(By.id("grant-form"))).contains("Dr Jonas Weber");
		new Select(browser.find(By.id("country"))).selectByValue("DE");
		assertAccessible();
		browser.find(By.id("categories-ALLERGIES")).click();
		new Select(browser.find(By.id("days"))).selectByValue("1");
		browser.find(By.cssSelector("#grant-form button[type=submit]")).click();
		browser.waitFor(By.id("current-grants"));
		assertAccessible();
		browser.screenshot("consents");
		assertThat(weberGrants()).singleElement()
			.satisfies(grant -> assertThat(visible(grant)).contains("Dr Jonas Weber (Germany) can see your allergies "
					+ "for treatment until"));
		browser.signOut();

		// Dr Weber finds her by her PHR number: allergies are there, mental health is not shared.
		openAsWeber();
		assertThat(browser.text(By.id("section-allergies"))).contains(PortalTestData.ALLERGY);
		assertThat(browser.text(By.id("not-shared"))).contains("Not shared with you").contains("mental health");
		assertThat(browser.driver().getPageSource()).doesNotContain(PortalTestData.MENTAL_HEALTH_SUMMARY);
		assertThat(browser.driver().getCurrentUrl()).doesNotContain(data.aminaPhrNumber());
		assertAccessible();
		browser.screenshot("clinician-record");
		browser.signOut();

		// Amina stops sharing, after saying yes once more.
		browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/consents");
		weberGrants().get(0).findElement(By.cssSelector("a.danger")).click();
		browser.find(By.id("confirm-yes")).click();
		browser.waitFor(By.cssSelector("p.notice"));
		assertThat(weberGrants()).isEmpty();
		assertThat(browser.text(By.id("past-grants"))).contains("Dr Jonas Weber");
		browser.signOut();

		// Dr Weber sees nothing of her allergies any more.
		openAsWeber();
		assertThat(browser.text(By.id("not-shared"))).contains("Not shared with you").contains("allergies");
		assertThat(browser.driver().findElements(By.id("section-allergies"))).isEmpty();
		assertThat(browser.driver().getPageSource()).doesNotContain(PortalTestData.ALLERGY);
		browser.signOut();

		// Amina's access log: Dr Weber's reads, from Germany.
		browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/access-log");
		List<String> weberReads = browser.driver()
			.findElements(By.cssSelector("#access-log li"))
			.stream()
			.map(PortalBrowserIntegrationTests::visible)
			.filter(text -> text.contains("Dr Jonas Weber") && text.contains("looked at your record"))
			.toList();
		assertThat(weberReads).hasSizeGreaterThanOrEqualTo(2).allSatisfy(text -> assertThat(text).contains("Germany"));
		assertThat(weberReads).anySatisfy(text -> assertThat(text).contains("allergies"));
		assertAccessible();
		browser.screenshot("access-log");
		browser.signOut();

		// The auditor sees the same reads in the ledger.
		browser.signIn(data.auditor, PortalTestData.PASSWORD,
				"/portal/audit?personId=" + data.aminaId() + "&requester=" + data.weber);
		List<WebElement> rows = browser.driver().findElements(By.cssSelector("#audit-events tbody tr"));
		assertThat(rows).hasSizeGreaterThanOrEqualTo(weberReads.size());
		assertThat(rows).allSatisfy(row -> assertThat(visible(row)).contains("Dr Jonas Weber").contains("Germany"));
		assertThat(rows).anySatisfy(row -> assertThat(visible(row)).contains("allergies"));
		assertAccessible();
		browser.screenshot("auditor-events");
		browser.signOut();
	}

	/**
	 * The printable summary as Chromium prints it (print media, a viewport as wide as A4's printable width: 210 mm
	 * less the 12 mm margins each side, 186 mm or 703 CSS pixels): two languages side by side (English beside Greek,
	 * the destination's language; Arabic beside English), each column in its own direction, allergies first, the QR
	 * code, nothing of the screen's header, and nothing wider than the paper.
	 * Screenshots and PDFs are kept: {@code target/portal-screenshots/print-en-el.*} and {@code print-ar-en.*}.
	 */
	@Test
	void thePrintableSummaryFitsA4InBothDirections() {
		browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/summary/print?lang=en&second=el");
		// on screen first: the choice of the second language and the print button, usable by everyone
		assertThat(browser.find(By.cssSelector("[data-print]")).isDisplayed()).isTrue();
		assertAccessible();
		HasCdp cdp = (HasCdp) browser.driver();
		try {
			cdp.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
			browser.viewport(new org.openqa.selenium.Dimension(703, 1000));
			checkPrint("en", "ltr", "el", "ltr", "print-en-el");
			browser.open("/portal/my/summary/print?lang=ar&second=en");
			checkPrint("ar", "rtl", "en", "ltr", "print-ar-en");
		}
		finally {
			cdp.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
			cdp.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
		}
		browser.open("/portal/my/record?lang=en");
		browser.signOut();
	}

	private void checkPrint(String first, String firstDir, String second, String secondDir, String name) {
		browser.waitFor(By.id("print-summary"));
		assertThat(browser.find(By.tagName("html")).getAttribute("dir")).isEqualTo(firstDir);
		List<WebElement> columns = browser.driver().findElements(By.cssSelector(".print-column"));
		assertThat(columns).hasSize(2);
		assertThat(List.of(columns.get(0).getAttribute("lang"), columns.get(0).getAttribute("dir"),
				columns.get(1).getAttribute("lang"), columns.get(1).getAttribute("dir")))
			.containsExactly(first, firstDir, second, secondDir);
		for (WebElement column : columns) {
			assertThat(column.findElements(By.cssSelector(".print-section")).get(0).getAttribute("data-section"))
				.isEqualTo("allergies");
			assertThat(visible(column)).contains(PortalTestData.ALLERGY).contains(data.aminaPhrNumber());
		}
		// side by side, the person's language at the start of the line: left in English, right in Arabic
		int left0 = columns.get(0).getRect().getX();
		int left1 = columns.get(1).getRect().getX();
		assertThat(firstDir.equals("rtl") ? left0 > left1 : left0 < left1).as("column order").isTrue();
		assertThat(columns.get(0).getRect().getY()).isEqualTo(columns.get(1).getRect().getY());
		assertThat(browser.find(By.id("print-qr")).getRect().getWidth()).isGreaterThan(50);
		assertThat(browser.driver().findElements(By.cssSelector("header.top, #print-controls, footer.foot"))
			.stream()
			.filter(WebElement::isDisplayed)).as("screen-only parts on paper").isEmpty();
		assertThat(browser.horizontalOverflow()).as("page wider than A4").isLessThanOrEqualTo(0);
		Object outside = ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("""
				var width = document.documentElement.clientWidth, out = [];
				document.querySelectorAll('main *').forEach(function (e) {
				  var r = e.getBoundingClientRect();
				  if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5)) {
				    out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
				  }
				});
				return out;""");
		assertThat((List<?>) outside).as("elements beyond the paper's edge").isEmpty();
		assertThat(browser.screenshot(name)).exists();
		Map<String, Object> pdf = ((HasCdp) browser.driver()).executeCdpCommand("Page.printToPDF",
				Map.of("preferCSSPageSize", true, "printBackground", false));
		byte[] bytes = java.util.Base64.getDecoder().decode((String) pdf.get("data"));
		assertThat(new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
		try {
			Files.write(Path.of("target", "portal-screenshots", name + ".pdf"), bytes);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** Amina's current grants that name Dr Weber. */
	private List<WebElement> weberGrants() {
		return browser.driver()
			.findElements(By.cssSelector("#current-grants li"))
			.stream()
			.filter(grant -> visible(grant).contains("Dr Jonas Weber"))
			.toList();
	}

	private void assertAccessible() {
		assertThat(browser.accessibilityProblems()).as("accessibility of " + browser.driver().getCurrentUrl())
			.isEmpty();
	}

	private void openAsWeber() {
		browser.signIn(data.weber, PortalTestData.PASSWORD, "/portal/clinician");
		browser.find(By.id("phrNumber")).sendKeys(data.aminaPhrNumber());
		browser.find(By.cssSelector("#find-form button[type=submit]")).click();
		browser.waiting(Duration.ofSeconds(30))
			.until(d -> d.getCurrentUrl().contains("/portal/clinician/persons/"));
		browser.waitFor(By.id("who"));
	}

	private static long sizeOf(Path file) {
		try {
			return Files.size(file);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** An element's text as read: names inside sentences sit between Unicode isolates (U+2068, U+2069). */
	private static String visible(WebElement element) {
		return element.getText().replace("\u2068", "").replace("\u2069", "");
	}
}
