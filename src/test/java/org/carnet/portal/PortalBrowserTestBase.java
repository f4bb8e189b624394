package org.carnet.portal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The portal's browser tests: one Chromium per test class, started before its tests and closed after them. */
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
