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
 * all replicas together (default 600)
 * @param burst {@code carnet.graphql.lookups.burst}: look-ups a requester may make at once after a quiet while
 * (default 300; at least {@code max-per-request})
 * @param reserve {@code carnet.graphql.lookups.reserve}: most look-ups a replica takes ahead for a requester, so that
 * their next requests there cost no statement (default 20; 0 takes none ahead): a requester may make up to this many
 * per replica more than the rate in any stretch of time, and be refused on one replica while up to this many wait on
 * another, for at most 10 s ({@code LookupRate})
 */
@ConfigurationProperties("carnet.graphql.lookups")
record LookupSettings(@DefaultValue("100") int maxPerRequest, @DefaultValue("600") int perMinute,
		@DefaultValue("300") int burst, @DefaultValue("20") int reserve) {

	LookupSettings {
		if (maxPerRequest < 1) {
			throw new IllegalArgumentException(
					"carnet.graphql.lookups.max-per-request must be at least 1, was " + maxPerRequest);
		}
		if (perMinute < 1) {
			throw new IllegalArgumentException("carnet.graphql.lookups.per-minute must be at least 1, was " + perMinute);
		}
		if (reserve < 0) {
			throw new IllegalArgumentException("carnet.graphql.lookups.reserve must be at least 0, was " + reserve);
		}
		if (burst < maxPerRequest) {
			throw new IllegalArgumentException("carnet.graphql.lookups.burst (" + burst
					+ ") must be at least carnet.graphql.lookups.max-per-request (" + maxPerRequest + ")");
		}
	}
}
