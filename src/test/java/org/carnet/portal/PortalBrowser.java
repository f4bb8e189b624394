package org.carnet.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver: never a downloaded browser. Tests are skipped (with
 * the reason) where Chromium is not installed ({@code apt-get install chromium chromium-driver}, as {@code .ci/run}
 * does). One Chromium serves every browser test class of the test run, started by the first and quit after the last
 * ({@link Shared}); each class gets it in a new tab with no cookies, cache or stored data of the classes before, and
 * each sign-in starts from empty cookies.
 */
final class PortalBrowser implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/** The test run's Chromium, started by the first class that asks for it; null before, or after a failed reset. */
	private static Chromium chromium;

	private final WebDriver driver;

	private final String base;

	private PortalBrowser(WebDriver driver, String base) {
		this.driver = driver;
		this.base = base;
	}

	/**
	 * The test run's headless Chromium for the application on {@code port}, in a new tab, with no cookies, cache or
	 * data any earlier class left; or the test is skipped when there is no Chromium. The test class must use the
	 * {@link Shared} extension, which quits the browser after the last class.
	 */
	static synchronized PortalBrowser start(int port) {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Browser tests skipped: Debian's chromium and chromium-driver are not installed "
						+ "(apt-get install -y chromium chromium-driver)");
		// The application runs on the loopback address: its portal redirect URI accepts any port there.
		String base = "http://127.0.0.1:" + port;
		if (chromium != null) {
			try {
				chromium.clean(base);
			}
			catch (RuntimeException ex) {
				// A browser left in a state it cannot be cleaned from (a crash, a dialog): a new one instead.
				quitShared();
			}
		}
		if (chromium == null) {
			chromium = Chromium.start();
			chromium.origins.add(base);
		}
		return new PortalBrowser(chromium.driver, base);
	}

	/** Quits the test run's Chromium, if started. */
	static synchronized void quitShared() {
		if (chromium != null) {
			Chromium quitting = chromium;
			chromium = null;
			quitting.quit();
		}
	}

	/**
	 * Quits the test run's Chromium once every test class has run: the browser test classes use this extension,
	 * which registers the quitting with JUnit's root context.
	 */
	static final class Shared implements BeforeAllCallback {

		private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Shared.class);

		@Override
		public void beforeAll(ExtensionContext context) {
			context.getRoot()
				.getStore(NAMESPACE)
				.computeIfAbsent(Shared.class, key -> (AutoCloseable) PortalBrowser::quitShared, AutoCloseable.class);
		}
	}

	/** The Chromium process, its driver, its own temporary profile, and the origins the classes have used. */
	private record Chromium(WebDriver driver, Path profile, java.util.Set<String> origins) {

		static Chromium start() {
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
			return new Chromium(driver, profile, new java.util.LinkedHashSet<>());
		}

		/**
		 * As a new browser for the next class: one new tab (no history, no viewport set), the others closed; no
		 * cookies, no cache; nothing stored by the origins used before; the timeouts as started.
		 */
		void clean(String next) {
			String fresh = driver.switchTo().newWindow(WindowType.TAB).getWindowHandle();
			for (String handle : new ArrayList<>(driver.getWindowHandles())) {
				if (!handle.equals(fresh)) {
					driver.switchTo().window(handle);
					driver.close();
				}
			}
			driver.switchTo().window(fresh);
			HasCdp cdp = (HasCdp) driver;
			cdp.executeCdpCommand("Network.clearBrowserCookies", Map.of());
			cdp.executeCdpCommand("Network.clearBrowserCache", Map.of());
			origins.add(next);
			for (String origin : origins) {
				cdp.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
			}
			driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
			driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
			driver.manage().timeouts().implicitlyWait(Duration.ZERO);
		}

		void quit() {
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

	/**
	 * The page on screen laid out in each viewport in turn, as a window resized to it lays it out (the page is not
	 * loaded again: the portal's layout is its style sheet's, and its script does not read the width), then
	 * {@code check} with the viewport's name.
	 */
	void eachViewport(Iterable<Map.Entry<String, org.openqa.selenium.Dimension>> viewports,
			java.util.function.Consumer<String> check) {
		for (Map.Entry<String, org.openqa.selenium.Dimension> viewport : viewports) {
			viewport(viewport.getValue());
			Object width = ((JavascriptExecutor) driver).executeScript("return window.innerWidth;");
			if (((Number) width).intValue() != viewport.getValue().getWidth()) {
				throw new AssertionError("Not laid out for the " + viewport.getKey() + ": " + width + " pixels wide");
			}
			check.accept(viewport.getKey());
		}
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

	/** How often a wait looks again: a page that is there is seen at once, not up to half a second later. */
	static final Duration POLLING = Duration.ofMillis(50);

	/** A wait of at most {@code timeout} for a condition on the page, looked at every {@link #POLLING}. */
	WebDriverWait waiting(Duration timeout) {
		WebDriverWait wait = new WebDriverWait(driver, timeout);
		wait.pollingEvery(POLLING);
		return wait;
	}

	/**
	 * Signs in from a clean browser: the page asked for leads to the sign-in form, then back to the page. The user
	 * name and password are put in their fields at once, as a password manager fills them, not typed key by key (a
	 * tenth of a second each): typing into the form is {@code PortalFormsBrowserTests}'.
	 */
	void signIn(String username, String password, String path) {
		driver.manage().deleteAllCookies();
		open(path);
		waitFor(By.name("username"));
		((JavascriptExecutor) driver).executeScript("""
				document.querySelector('input[name=username]').value = arguments[0];
				document.querySelector('input[name=password]').value = arguments[1];
				""", username, password);
		driver.findElement(By.cssSelector("button[type=submit], input[type=submit]")).click();
		waiting(Duration.ofSeconds(30))
			.until(d -> d.getCurrentUrl().contains("/portal") && !d.getCurrentUrl().contains("/login"));
		waitFor(By.tagName("main"));
	}

	void signOut() {
		driver.findElement(By.cssSelector("form.sign-out button")).click();
		waiting(Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("/portal/welcome"));
	}

	WebElement waitFor(By by) {
		try {
			return waiting(Duration.ofSeconds(30))
				.until(ExpectedConditions.visibilityOfElementLocated(by));
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			throw new AssertionError("No " + by + " on " + driver.getCurrentUrl() + ", which says:\n"
					+ driver.findElement(By.tagName("body")).getText(), ex);
		}
	}

	/**
	 * Waits until {@code element} has left the page (the next page replaced it). Chromium may report a node of a page
	 * being replaced as "not belonging to the document" rather than as stale: both mean it is gone.
	 */
	void waitUntilGone(WebElement element) {
		waiting(Duration.ofSeconds(30)).until(d -> {
			try {
				element.isEnabled();
				return false;
			}
			catch (org.openqa.selenium.WebDriverException gone) {
				return true;
			}
		});
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

	/** Where Maven installs axe-core (npm ci in generate-test-resources, from src/test/axe). */
	static final Path AXE = Path.of("target", "axe", "node_modules", "axe-core", "axe.min.js");

	/** One rule axe-core finds broken on the page, with the elements that break it. */
	record AxeViolation(String rule, String impact, String help, List<String> targets) {

		@Override
		public String toString() {
			return impact + " " + rule + " (" + help + "): " + String.join(" | ", targets);
		}
	}

	/** True when axe-core is installed (Maven's npm ci ran); without it the accessibility checks skip. */
	static boolean axeInstalled() {
		return Files.isRegularFile(AXE);
	}

	private static final String AXE_RUN = """
			const done = arguments[arguments.length - 1];
			axe.run(document, { resultTypes: ['violations'] })
			  .then(result => done(result.violations
			    .filter(v => v.impact === 'serious' || v.impact === 'critical')
			    .map(v => ({ rule: v.id, impact: v.impact, help: v.help,
			      targets: v.nodes.map(n => n.target.join(' ') + ' ' + n.html.substring(0, 160)) }))))
			  .catch(error => done('axe failed: ' + error));
			""";

	private String axeSource;

	/** Whether this class's tab puts axe-core into each page it loads. */
	private boolean axeOnNewPages;

	/**
	 * axe-core's serious and critical violations of the page on screen (its WCAG A/AA rules and best practices),
	 * from a script injected into the page, which the page itself never loads.
	 */
	List<AxeViolation> axeViolations() {
		try {
			if (axeSource == null) {
				axeSource = Files.readString(AXE);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		JavascriptExecutor js = (JavascriptExecutor) driver;
		if (!Boolean.TRUE.equals(js.executeScript("return typeof axe !== 'undefined';"))) {
			js.executeScript(axeSource);
			if (!axeOnNewPages) {
				// and into every page this tab loads from now on, before the page's own scripts: Chromium then
				// compiles it once, not on every page checked (the next class's new tab has none of it)
				((HasCdp) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", axeSource));
				axeOnNewPages = true;
			}
		}
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
		Object result = js.executeAsyncScript(AXE_RUN);
		if (!(result instanceof List<?> violations)) {
			throw new AssertionError(result + " on " + driver.getCurrentUrl());
		}
		List<AxeViolation> found = new ArrayList<>();
		for (Object each : violations) {
			Map<?, ?> violation = (Map<?, ?>) each;
			found.add(new AxeViolation(String.valueOf(violation.get("rule")), String.valueOf(violation.get("impact")),
					String.valueOf(violation.get("help")),
					((List<?>) violation.get("targets")).stream().map(String::valueOf).toList()));
		}
		return found;
	}

	/**
	 * Saves a screenshot of the whole page, as long as it is (up to 8,000 pixels), under
	 * {@code target/portal-screenshots/} and answers its path.
	 */
	Path fullPageScreenshot(String name) {
		HasCdp cdp = (HasCdp) driver;
		Map<String, Object> metrics = cdp.executeCdpCommand("Page.getLayoutMetrics", Map.of());
		Map<?, ?> content = (Map<?, ?>) metrics.get("cssContentSize");
		double width = ((Number) content.get("width")).doubleValue();
		double height = Math.min(((Number) content.get("height")).doubleValue(), 8_000);
		return save(name, cdp.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
				"optimizeForSpeed", true, "captureBeyondViewport", true,
				"clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1))));
	}

	/** Saves a screenshot of the viewport under {@code target/portal-screenshots/} (a test artefact); its path. */
	Path screenshot(String name) {
		return save(name, ((HasCdp) driver).executeCdpCommand("Page.captureScreenshot",
				Map.of("format", "png", "optimizeForSpeed", true)));
	}

	/**
	 * Writes the PNG that Chromium captured. Chromium compresses it fast rather than small ({@code optimizeForSpeed}):
	 * the same pixels in a file about a quarter larger, in about half the time (measured on a full page).
	 */
	private static Path save(String name, Map<String, Object> shot) {
		try {
			Path directory = Path.of("target", "portal-screenshots");
			Files.createDirectories(directory);
			Path target = directory.resolve(name + ".png");
			Files.write(target, Base64.getDecoder().decode((String) shot.get("data")));
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Done with the browser for this class: the next class cleans it ({@link #start}) and the last one's
	 * {@link Shared} extension quits it.
	 */
	@Override
	public void close() {
		// Nothing of this class is kept: the next start opens a new tab and clears what this one left.
	}
}
