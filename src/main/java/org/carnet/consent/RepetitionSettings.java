package org.carnet.consent;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often one requester may do something that notifies a person ({@code carnet.consent.repetition.*}). Within
 * {@code window}, counted from the requester's own recent openings and requests (from the database, so it holds
 * across replicas and restarts):
 *
 * @param breakGlassPerWindow emergency openings one clinician may make (default 10: an emergency department's busy
 * hour; re-opening for a person whose access is still open does not count, it returns the open one)
 * @param consentRequestsPerWindow consent requests one clinician or mediator may send (default 30)
 * @param window the sliding window of both (default 1h)
 */
@ConfigurationProperties("carnet.consent.repetition")
record RepetitionSettings(@DefaultValue("10") int breakGlassPerWindow, @DefaultValue("30") int consentRequestsPerWindow,
		@DefaultValue("1h") Duration window) {

	RepetitionSettings {
		if (breakGlassPerWindow < 1) {
			throw new IllegalArgumentException(
					"carnet.consent.repetition.break-glass-per-window must be at least 1, was " + breakGlassPerWindow);
		}
		if (consentRequestsPerWindow < 1) {
			throw new IllegalArgumentException("carnet.consent.repetition.consent-requests-per-window must be at "
					+ "least 1, was " + consentRequestsPerWindow);
		}
		if (window == null || window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("carnet.consent.repetition.window must be positive");
		}
	}
}
