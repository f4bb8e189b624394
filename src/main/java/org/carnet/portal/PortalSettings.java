package org.carnet.portal;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the portal ({@code carnet.portal.*}).
 *
 * @param tokenUri where the portal exchanges codes and refresh tokens; empty means this server's own token endpoint
 * on the loopback interface ({@code http://127.0.0.1:<port>/oauth2/token}), which avoids a trip through the load
 * balancer. Set it when the server only speaks HTTPS.
 * @param timeZone the time zone dates and times are shown in; empty means the server's
 * @param pageSize how many access events one page of a log shows
 */
@ConfigurationProperties("carnet.portal")
record PortalSettings(String tokenUri, String timeZone, @DefaultValue("25") int pageSize) {

	PortalSettings {
		if (pageSize < 1 || pageSize > 100) {
			throw new IllegalArgumentException("carnet.portal.page-size must be between 1 and 100");
		}
	}

	ZoneId zone() {
		return timeZone == null || timeZone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(timeZone);
	}
}
