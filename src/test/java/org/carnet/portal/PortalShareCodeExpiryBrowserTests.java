package org.carnet.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.stream.Stream;

import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.SettableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A share code leaves the screen when it expires, in Chromium: the code and its QR code disappear at the expiry
 * the server stored (the page counts down the seconds it was given), and a page asked for afterwards shows neither.
 * The consent policy here lets codes live one minute (its shortest), in a policy folder of this test's own; the
 * rest of the rules are the project's. The application's clock is this test's: it stands still while the codes are
 * made, then runs from a few seconds before their expiry, so the pages count down those last seconds for real
 * instead of the whole minute.
 */
@CarnetIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalShareCodeExpiryBrowserTests extends PortalBrowserTestBase {

	@DynamicPropertySource
	static void oneMinuteShareCodes(DynamicPropertyRegistry properties) {
		properties.add("carnet.policies.dir", PortalShareCodeExpiryBrowserTests::policies);
	}

	private static Path policies;

	/** The project's consent policies, with share codes living one minute. */
	static synchronized String policies() {
		if (policies == null) {
			try {
				Path folder = Files.createTempDirectory("carnet-policies-");
				Path consent = Files.createDirectories(folder.resolve("consent"));
				try (Stream<Path> files = Files.list(Path.of("policies", "consent"))) {
					for (Path file : files.toList()) {
						String text = Files.readString(file);
						if (file.getFileName().toString().equals("default.yaml")) {
							assertThat(text).contains("lifetime: 15m");
							text = text.replace("lifetime: 15m", "lifetime: 1m");
						}
						Files.writeString(consent.resolve(file.getFileName()), text);
					}
				}
				policies = folder;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return policies.toString();
	}

	/** The share codes' lifetime in the policies above. */
	private static final Duration LIFETIME = Duration.ofMinutes(1);

	/** How long before the stored expiry the pages are sent again: the time the page then counts down for real. */
	private static final Duration BEFORE_EXPIRY = Duration.ofSeconds(8);

	/** The application's clock, which this test stops while it makes the codes and then moves near their expiry. */
	@TestConfiguration(proxyBeanMethods = false)
	static class SettableClockConfiguration {

		@Bean
		@Primary
		SettableClock settableClock() {
			return new SettableClock();
		}
	}

	@Autowired
	SettableClock clock;

	@Autowired
	MessageSource messages;

	@AfterAll
	void systemClockAgain() {
		clock.reset();
	}

	@Test
	void anExpiredCodeAndItsQrCodeLeaveTheScreenAndDoNotComeBack() throws InterruptedException {
		PortalTestData data = newCast();
		browser.viewport(PortalBrowser.DESKTOP);
		browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/share-code");
		// Both codes are made at the same instant of the application's clock: both expire one lifetime later.
		Instant made = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		clock.stopAt(made);

		// On a desktop, in English
		String english = browser.driver().getWindowHandle();
		String first = makeCode("en", "ALLERGIES");
		assertThat(browser.find(By.id("share-code-qr")).isDisplayed()).isTrue();
		String left = browser.text(By.cssSelector("#share-code-live .countdown"));
		String words = message("my.share.left", "en").replace("{0}", "");
		assertThat(left).startsWith(words);
		assertThat(left.substring(words.length())).matches("[01]:[0-9]{2}");
		// back and "Make a code" again with the same choices: the same code, not a second one
		browser.driver().navigate().back();
		browser.waitFor(By.id("share-form"));
		if (!browser.find(By.id("categories-ALLERGIES")).isSelected()) {
			browser.find(By.id("categories-ALLERGIES")).click();
		}
		browser.find(By.cssSelector("#share-form button[type=submit]")).click();
		assertThat(browser.waitFor(By.id("share-code")).getText()).isEqualTo(first);

		// On a phone, in Arabic, in another tab of the same browser
		browser.driver().switchTo().newWindow(WindowType.TAB);
		String arabic = browser.driver().getWindowHandle();
		browser.viewport(PortalBrowser.PHONE);
		// (other choices: the same ones would show the English tab's code, which still works)
		String second = makeCode("ar", "VACCINATIONS");
		assertThat(second).isNotEqualTo(first);
		// shown again while it works (the page is the person's own, kept on the server, never in the address)
		browser.driver().navigate().refresh();
		assertThat(browser.waitFor(By.id("share-code")).getText()).isEqualTo(second);
		assertThat(browser.driver().getCurrentUrl()).doesNotContain(second).doesNotContain(first);

		// A few seconds before the stored expiry, each page sent again counts down the seconds the server has left
		// (each in its tab's language: the session's is the one asked for last)
		clock.runFrom(made.plus(LIFETIME).minus(BEFORE_EXPIRY));
		browser.driver().switchTo().window(english);
		showAgainIn("en");
		assertThat(browser.waitFor(By.id("share-code")).getText()).isEqualTo(first);
		assertSecondsLeftAtMost(BEFORE_EXPIRY);
		browser.driver().switchTo().window(arabic);
		showAgainIn("ar");
		assertThat(browser.waitFor(By.id("share-code")).getText()).isEqualTo(second);
		assertSecondsLeftAtMost(BEFORE_EXPIRY);

		// At the stored expiry the page itself takes the code and the QR code away
		browser.waiting(Duration.ofSeconds(30))
			.until(d -> d.findElements(By.id("share-code")).isEmpty());
		assertExpired(second, "ar");
		browser.screenshot("share-code-expired-ar-phone");
		browser.driver().switchTo().window(english);
		browser.waiting(Duration.ofSeconds(30))
			.until(d -> d.findElements(By.id("share-code")).isEmpty());
		assertExpired(first, "en");
		browser.screenshot("share-code-expired-en-desktop");

		// ... and the server does not show it again: the page counts whole seconds, so it may take the code away up to
		// a second before the stored expiry; the server is asked once the clock has reached it
		long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		while (clock.instant().isBefore(made.plus(LIFETIME)) && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(clock.instant()).isAfterOrEqualTo(made.plus(LIFETIME));
		browser.driver().navigate().refresh();
		browser.waitFor(By.id("share-code-over"));
		assertExpired(first, browser.find(By.tagName("html")).getAttribute("lang"));

		// the same choices after expiry make a new code
		browser.find(By.cssSelector("#share-code-over a.button")).click();
		String third = makeCode("en", "ALLERGIES");
		assertThat(third).isNotEqualTo(first).isNotEqualTo(second);
	}

	/** Asks for the page on screen again, in {@code language}. */
	private void showAgainIn(String language) {
		String url = browser.driver().getCurrentUrl();
		String again = url.contains("lang=") ? url.replaceFirst("lang=[^&#]*", "lang=" + language)
				: url + (url.contains("?") ? "&" : "?") + "lang=" + language;
		browser.driver().get(again);
		assertThat(browser.find(By.tagName("html")).getAttribute("lang")).isEqualTo(language);
	}

	/** The page on screen was given at most {@code most} to count down, and still shows the code. */
	private void assertSecondsLeftAtMost(Duration most) {
		String seconds = browser.find(By.id("share-code-live")).getAttribute("data-seconds-left");
		assertThat(Long.parseLong(seconds)).isBetween(1L, most.toSeconds());
	}

	/** Chooses a part of the record, for treatment, and makes a code; answers the code shown. */
	private String makeCode(String language, String category) {
		browser.open("/portal/my/share-code?lang=" + language);
		browser.waitFor(By.id("share-form"));
		browser.find(By.id("categories-" + category)).click();
		browser.find(By.cssSelector("#share-form button[type=submit]")).click();
		String code = browser.waitFor(By.id("share-code")).getText();
		assertThat(code).matches("[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}");
		assertThat(browser.find(By.tagName("html")).getAttribute("lang")).isEqualTo(language);
		assertThat(browser.find(By.id("share-code-over")).isDisplayed()).isFalse();
		return code;
	}

	private void assertExpired(String code, String language) {
		assertThat(browser.driver().findElements(By.id("share-code-qr"))).isEmpty();
		assertThat(browser.driver().findElements(By.cssSelector("img.qr"))).isEmpty();
		assertThat(browser.driver().getPageSource()).doesNotContain(code).doesNotContain("data:image/svg+xml");
		assertThat(browser.find(By.id("share-code-over")).isDisplayed()).isTrue();
		assertThat(browser.text(By.id("share-code-over"))).contains(message("my.share.expired", language));
		assertThat(browser.accessibilityProblems()).isEmpty();
	}

	private String message(String key, String language) {
		return messages.getMessage(key, null, Locale.forLanguageTag(language));
	}
}
