package org.carnet.consent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The grantee search a person (or a mediator helping them) uses to pick who to share with.
 *
 * @param searchMinLength {@code carnet.grantees.search-min-length}: the shortest text searched (default 3)
 * @param searchMaxResults {@code carnet.grantees.search-max-results}: the most candidates answered (default 20)
 */
@ConfigurationProperties("carnet.grantees")
record GranteeSettings(@DefaultValue("3") int searchMinLength, @DefaultValue("20") int searchMaxResults) {

	GranteeSettings {
		if (searchMinLength < 2 || searchMinLength > 20) {
			throw new IllegalArgumentException("carnet.grantees.search-min-length must be between 2 and 20");
		}
		if (searchMaxResults < 1 || searchMaxResults > 100) {
			throw new IllegalArgumentException("carnet.grantees.search-max-results must be between 1 and 100");
		}
	}
}
