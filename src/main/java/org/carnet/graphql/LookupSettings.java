package org.carnet.graphql;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds on look-ups of persons by id or PHR number ({@code person}, {@code personByPhrNumber}, each id of
 * {@code persons}), so that PHR numbers cannot be enumerated.
 *
 * @param maxPerRequest {@code carnet.graphql.lookups.max-per-request}: most look-ups one document may make, aliases
 * and list ids counted (default 100, the longest {@code persons} list)
 * @param perMinute {@code carnet.graphql.lookups.per-minute}: look-ups a requester may make per minute, sustained, on
 * each replica (default 600)
 * @param burst {@code carnet.graphql.lookups.burst}: look-ups a requester may make at once after a quiet while
 * (default 300; at least {@code max-per-request})
 */
@ConfigurationProperties("carnet.graphql.lookups")
record LookupSettings(@DefaultValue("100") int maxPerRequest, @DefaultValue("600") int perMinute,
		@DefaultValue("300") int burst) {

	LookupSettings {
		if (maxPerRequest < 1) {
			throw new IllegalArgumentException(
					"carnet.graphql.lookups.max-per-request must be at least 1, was " + maxPerRequest);
		}
		if (perMinute < 1) {
			throw new IllegalArgumentException("carnet.graphql.lookups.per-minute must be at least 1, was " + perMinute);
		}
		if (burst < maxPerRequest) {
			throw new IllegalArgumentException("carnet.graphql.lookups.burst (" + burst
					+ ") must be at least carnet.graphql.lookups.max-per-request (" + maxPerRequest + ")");
		}
	}
}
