package org.carnet.record;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long what authorises an administrator's erasure stays valid.
 *
 * @param requestLifetime {@code carnet.erasure.request-lifetime}: a person's recorded erasure request (default 30d)
 * @param proposalLifetime {@code carnet.erasure.proposal-lifetime}: an administrator's proposal awaiting a second
 * administrator's approval (default 7d)
 */
@ConfigurationProperties("carnet.erasure")
record ErasureSettings(@DefaultValue("30d") Duration requestLifetime, @DefaultValue("7d") Duration proposalLifetime) {

	ErasureSettings {
		if (requestLifetime.isNegative() || requestLifetime.isZero() || requestLifetime.toDays() > 365) {
			throw new IllegalArgumentException("carnet.erasure.request-lifetime must be positive and at most 365d");
		}
		if (proposalLifetime.isNegative() || proposalLifetime.isZero() || proposalLifetime.toDays() > 90) {
			throw new IllegalArgumentException("carnet.erasure.proposal-lifetime must be positive and at most 90d");
		}
	}
}
