package org.carnet.demo;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo users' passwords, from {@code application-demo.yaml} (and the README): {@code carnet.demo.passwords}
 * maps user name to password; {@code carnet.demo.statistics-persons} invented persons count in the analyst's
 * statistics (none unless set).
 */
@ConfigurationProperties("carnet.demo")
record DemoSettings(Map<String, String> passwords, @DefaultValue("0") int statisticsPersons) {

	String password(String username) {
		String password = passwords == null ? null : passwords.get(username);
		if (password == null) {
			throw new IllegalStateException("carnet.demo.passwords." + username + " is not set (application-demo.yaml)");
		}
		return password;
	}
}
