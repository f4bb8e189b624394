package org.carnet.portal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The portal's browser tests: the test run's Chromium, as a clean browser for each test class (see
 * {@link PortalBrowser#start}).
 */
@ExtendWith(PortalBrowser.Shared.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PortalBrowserTestBase extends PortalTestBase {

	PortalBrowser browser;

	@BeforeAll
	void startBrowser() {
		browser = PortalBrowser.start(port);
	}

	@AfterAll
	void stopBrowser() {
		if (browser != null) {
			browser.close();
		}
	}
}
