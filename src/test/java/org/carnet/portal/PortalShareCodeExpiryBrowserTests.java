package org.carnet.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;

import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A share code leaves the screen when it expires, in Chromium: the code and its QR code disappear at the expiry
 * the server stored (the page counts down the seconds it was given), and a page asked for afterwards shows neither.
 * The consent policy here lets codes live one minute (its shortest), in a policy folder of this test's own; the
 * rest of the rules are the project's.
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

	@Autowired
	MessageSource messages;

	@Test
	void anExpiredCodeAndItsQrCodeLeaveTheScreenAndDoNotComeBack() {
		PortalTestData data = newCast();
		browser.viewport(PortalBrowser.DESKTOP);
		browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/share-code");

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
		browser.viewport(PortalBrowser.PHONE);
		// (other choices: the same ones would show the English tab's code, which still works)
		String second = makeCode("ar", "VACCINATIONS");
		assertThat(second).isNotEqualTo(first);
		// shown again while it works (the page is the person's own, kept on the server, never in the address)
		browser.driver().navigate().refresh();
		assertThat(browser.waitFor(By.id("share-code")).getText()).isEqualTo(second);
		assertThat(browser.driver().getCurrentUrl()).doesNotContain(second).doesNotContain(first);

		// At the stored expiry the page itself takes the code and the QR code away
		new WebDriverWait(browser.driver(), Duration.ofSeconds(100))
			.until(d -> d.findElements(By.id("share-code")).isEmpty());
		assertExpired(second, "ar");
		browser.screenshot("share-code-expired-ar-phone");
		browser.driver().switchTo().window(english);
		new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
			.until(d -> d.findElements(By.id("share-code")).isEmpty());
		assertExpired(first, "en");
		browser.screenshot("share-code-expired-en-desktop");

		// ... and the server does not show it again
		browser.driver().navigate().refresh();
		browser.waitFor(By.id("share-code-over"));
		assertExpired(first, browser.find(By.tagName("html")).getAttribute("lang"));

		// the same choices after expiry make a new code
		browser.find(By.cssSelector("#share-code-over a.button")).click();
		String third = makeCode("en", "ALLERGIES");
		assertThat(third).isNotEqualTo(first).isNotEqualTo(second);
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
