package org.carnet.identity;

import org.carnet.audit.AccessAction;
import org.carnet.core.PhrNumber;

import org.springframework.stereotype.Component;

/**
 * Throttles account claims ({@link GuessThrottle}, kind "claim"): per PHR number and source, per source, per PHR
 * number across sources. An attempt is reserved before its code is checked, so concurrent wrong claims never exceed
 * a limit; the block of the per-number rule is short, so that a distant guesser cannot keep the owner out for long.
 * Whether the PHR number exists plays no part. Wrong codes and refused attempts are written to the ledger through
 * {@link FailureTally}, once per source and window plus a summary: nobody is signed in to attribute them to.
 */
@Component
class ClaimAttempts {

	private static final String KIND = "claim";

	private final GuessThrottle throttle;

	private final FailureTally tally;

	ClaimAttempts(GuessThrottle throttle, FailureTally tally) {
		this.throttle = throttle;
		this.tally = tally;
	}

	/** Counts this attempt before its code is checked, or refuses it unchecked with {@link ClaimThrottled}. */
	GuessThrottle.Keys reserve(PhrNumber phr, String address) {
		GuessThrottle.Keys keys = GuessThrottle.keys(KIND, phr.value(), address);
		try {
			throttle.reserve(keys);
		}
		catch (GuessThrottle.Blocked blocked) {
			tally.failed("account claim throttled", keys.source(), AccessAction.DENIED, FailureTally.UNKNOWN);
			throw new ClaimThrottled(blocked.retryAfter());
		}
		return keys;
	}

	/** The code was wrong: the attempt stays counted, and the ledger hears of it (aggregated). */
	void failed(GuessThrottle.Keys keys) {
		tally.failed("account claim", keys.source(), AccessAction.DENIED, FailureTally.UNKNOWN);
	}

	/** The right code: the number's counters start again. */
	void succeeded(GuessThrottle.Keys keys) {
		throttle.succeeded(keys);
	}
}
