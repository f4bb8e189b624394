package org.carnet.portal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver: never a downloaded browser. Tests are skipped (with
 * the reason) where Chromium is not installed ({@code apt-get install chromium chromium-driver}, as {@code .ci/run}
 * does). One browser per test class; each sign-in starts from empty cookies.
 */
final class PortalBrowser implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private final WebDriver driver;

	private final Path profile;

	private final String base;

	private PortalBrowser(WebDriver driver, Path profile, String base) {
		this.driver = driver;
		this.profile = profile;
		this.base = base;
	}

	/** A fresh headless Chromium for the application on {@code port}, or the test is skipped when there is none. */
	static PortalBrowser start(int port) {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Browser tests skipped: Debian's chromium and chromium-driver are not installed "
						+ "(apt-get install -y chromium chromium-driver)");
		Path profile;
		try {
			profile = Files.createTempDirectory("carnet-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-default-apps", "--no-first-run", "--disable-extensions", "--window-size=1024,1400",
				"--lang=en-GB", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		WebDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
		// The application runs on the loopback address: its portal redirect URI accepts any port there.
		return new PortalBrowser(driver, profile, "http://127.0.0.1:" + port);
	}

	WebDriver driver() {
		return driver;
	}

	/** A phone's viewport (390 x 844 CSS pixels, as the phones). */
	static final org.openqa.selenium.Dimension PHONE = new org.openqa.selenium.Dimension(390, 844);

	/** A desktop viewport. */
	static final org.openqa.selenium.Dimension DESKTOP = new org.openqa.selenium.Dimension(1280, 900);

	/** The viewport the page is laid out in (the window's inner size), e.g. {@link #PHONE} or {@link #DESKTOP}. */
	void viewport(org.openqa.selenium.Dimension size) {
		((org.openqa.selenium.chromium.HasCdp) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
				java.util.Map.of("width", size.getWidth(), "height", size.getHeight(), "deviceScaleFactor", 1,
						"mobile", size.getWidth() < 600));
	}

	/** How many CSS pixels the page is wider than its viewport (0 when there is no horizontal scroll). */
	long horizontalOverflow() {
		Object overflow = ((JavascriptExecutor) driver).executeScript(
				"return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
						+ " - document.documentElement.clientWidth;");
		return ((Number) overflow).longValue();
	}

	String url(String path) {
		return base + path;
	}

	void open(String path) {
		driver.get(url(path));
	}

	/** Signs in from a clean browser: the page asked for leads to the sign-in form, then back to the page. */
	void signIn(String username, String password, String path) {
		driver.manage().deleteAllCookies();
		open(path);
		waitFor(By.name("username"));
		driver.findElement(By.name("username")).sendKeys(username);
		driver.findElement(By.name("password")).sendKeys(password);
		driver.findElement(By.cssSelector("button[type=submit], input[type=submit]")).click();
		new WebDriverWait(driver, Duration.ofSeconds(30))
			.until(d -> d.getCurrentUrl().contains("/portal") && !d.getCurrentUrl().contains("/login"));
		waitFor(By.tagName("main"));
	}

	void signOut() {
		driver.findElement(By.cssSelector("form.sign-out button")).click();
		new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("/portal/welcome"));
	}

	WebElement waitFor(By by) {
		try {
			return new WebDriverWait(driver, Duration.ofSeconds(30))
				.until(ExpectedConditions.visibilityOfElementLocated(by));
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			throw new AssertionError("No " + by + " on " + driver.getCurrentUrl() + ", which says:\n"
					+ driver.findElement(By.tagName("body")).getText(), ex);
		}
	}

	/** The element, or a failure that says where the browser was and what the page said. */
	WebElement find(By by) {
		try {
			return driver.findElement(by);
		}
		catch (org.openqa.selenium.NoSuchElementException ex) {
			throw new AssertionError("No " + by + " on " + driver.getCurrentUrl() + ", which says:\n"
					+ driver.findElement(By.tagName("body")).getText() + "\n--- source:\n" + driver.getPageSource(),
					ex);
		}
	}

	/** The element's text as read, without the Unicode isolates around names (U+2068, U+2069). */
	String text(By by) {
		return find(by).getText().replace("\u2068", "").replace("\u2069", "");
	}

	private static final String ACCESSIBILITY_CHECK = """
			const problems = [];
			if (!document.documentElement.lang) { problems.push('html without lang'); }
			if (!document.documentElement.dir) { problems.push('html without dir'); }
			if (!document.title.trim()) { problems.push('empty title'); }
			const headings = document.querySelectorAll('h1');
			if (headings.length !== 1) { problems.push(headings.length + ' h1 elements'); }
			if (!document.querySelector('main')) { problems.push('no main landmark'); }
			document.querySelectorAll('input:not([type=hidden]), select, textarea').forEach(field => {
			  const labelled = (field.id && document.querySelector('label[for="' + field.id + '"]'))
			      || field.closest('label') || field.getAttribute('aria-label') || field.getAttribute('aria-labelledby');
			  if (!labelled) { problems.push('unlabelled ' + field.tagName + ' ' + (field.name || field.id)); }
			});
			document.querySelectorAll('img').forEach(img => {
			  if (!img.getAttribute('alt')) { problems.push('image without alt text'); }
			});
			document.querySelectorAll('button, a').forEach(control => {
			  if (!control.textContent.trim() && !control.getAttribute('aria-label')) {
			    problems.push('control without text: ' + control.outerHTML.substring(0, 80));
			  }
			});
			const ids = {};
			document.querySelectorAll('[id]').forEach(element => {
			  if (ids[element.id]) { problems.push('duplicate id ' + element.id); }
			  ids[element.id] = true;
			});
			return problems;
			""";

	/**
	 * Accessibility basics of the page on screen: language and direction, one main heading and landmark, every
	 * field labelled, every image described, every control named, no duplicate ids.
	 */
	List<String> accessibilityProblems() {
		Object problems = ((JavascriptExecutor) driver).executeScript(ACCESSIBILITY_CHECK);
		List<String> found = new ArrayList<>();
		if (problems instanceof List<?> list) {
			list.forEach(problem -> found.add(String.valueOf(problem)));
		}
		return found;
	}

	/** Saves a screenshot under {@code target/portal-screenshots/} (a test artefact) and answers its path. */
	Path screenshot(String name) {
		try {
			Path directory = Path.of("target", "portal-screenshots");
			Files.createDirectories(directory);
			File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
			Path target = directory.resolve(name + ".png");
			Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			driver.quit();
		}
		finally {
			try (Stream<Path> files = Files.walk(profile)) {
				files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
			catch (IOException ex) {
				// A leftover temporary profile is harmless.
			}
		}
	}
}
