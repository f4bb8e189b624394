package org.carnet.portal;

import java.time.Duration;
import java.util.stream.Stream;

import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing out on a shared phone, in Chromium: after sign-out, "back" shows nothing of the record again, neither on
 * the screen nor in the page's source. Chromium keeps recently left pages in its back-forward cache and, over HTTPS,
 * may restore them despite {@code Cache-Control: no-store}; the sign-out's {@code Clear-Site-Data} empties it
 * (asserted over HTTP in {@link PortalSecurityIntegrationTests}), and a signed-in page brought back from it fetches
 * itself again, which needs a live session. The tests' Chromium, on plain HTTP, never keeps a {@code no-store} page
 * (it fetches it again on "back"), so the page's own part is shown with the events Chromium sends when it does.
 */
@CarnetIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalSignOutBrowserTests extends PortalBrowserTestBase {

	static Stream<Arguments> languagesAndScreens() {
		return Stream.of(Arguments.of("en", PortalBrowser.PHONE), Arguments.of("ar", PortalBrowser.PHONE),
				Arguments.of("en", PortalBrowser.DESKTOP), Arguments.of("ar", PortalBrowser.DESKTOP));
	}

	@ParameterizedTest
	@MethodSource("languagesAndScreens")
	void afterSignOutBackShowsNothingOfTheRecord(String language, Dimension screen) {
		PortalTestData data = newCast();
		browser.viewport(screen);
		browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/record");
		browser.open("/portal/my/record?lang=" + language);
		assertThat(browser.text(By.id("section-allergies"))).contains(PortalTestData.ALLERGY);
		assertThat(browser.find(By.tagName("html")).getAttribute("lang")).isEqualTo(language);

		browser.signOut();
		// the welcome page, still in the person's language (the sign-out forgot the language's cookie too)
		assertThat(browser.find(By.tagName("html")).getAttribute("lang")).isEqualTo(language);
		browser.driver().navigate().back();
		browser.waitFor(By.name("username"));
		// what was on the screen is gone: the page asked for is the sign-in form, and nothing of the record remains
		assertThat(browser.driver().getCurrentUrl()).contains("/login");
		assertThat(browser.driver().getPageSource()).doesNotContain(PortalTestData.ALLERGY)
			.doesNotContain("Hives and facial swelling")
			.doesNotContain(PortalTestData.MENTAL_HEALTH_SUMMARY);
		assertThat(browser.find(By.tagName("body")).getText()).doesNotContain(PortalTestData.ALLERGY);
		browser.screenshot("sign-out-back-" + language + "-" + (screen == PortalBrowser.PHONE ? "phone" : "desktop"));
	}

	@ParameterizedTest
	@MethodSource("languagesAndScreens")
	void aSignedInPageBroughtBackFromTheBackForwardCacheIsEmptiedAndFetchedAgain(String language, Dimension screen) {
		PortalTestData data = newCast();
		browser.viewport(screen);
		browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/record");
		browser.open("/portal/my/record?lang=" + language);
		JavascriptExecutor page = (JavascriptExecutor) browser.driver();
		page.executeScript("window.carnetTestMarker = 1;");
		// as Chromium puts the page away into its back-forward cache: the record leaves the page
		page.executeScript("window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}));");
		assertThat(browser.driver().getPageSource()).doesNotContain(PortalTestData.ALLERGY);
		// as Chromium brings it back: the page is fetched again from the server (the marker is gone with it)
		page.executeScript("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}));");
		browser.waiting(Duration.ofSeconds(30))
			.until(d -> ((JavascriptExecutor) d).executeScript("return window.carnetTestMarker === undefined "
					+ "&& document.readyState === 'complete';").equals(Boolean.TRUE));
		assertThat(browser.waitFor(By.id("section-allergies")).getText()).contains(PortalTestData.ALLERGY);

		// a page of nobody signed in is left as it is
		browser.signOut();
		page.executeScript("window.carnetTestMarker = 2;");
		page.executeScript("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}));");
		assertThat(page.executeScript("return window.carnetTestMarker;")).isEqualTo(2L);
	}
}
