package org.carnet.identity;

import java.time.Duration;

import org.carnet.core.Forbidden;

/** Too many wrong activation attempts: claiming is refused until the block ends (HTTP 429 with Retry-After). */
public class ClaimThrottled extends Forbidden {

	private final Duration retryAfter;

	ClaimThrottled(Duration retryAfter) {
		super("Too many wrong attempts; try again in " + wait(retryAfter));
		this.retryAfter = retryAfter;
	}

	/** How long to wait before trying again. */
	public Duration retryAfter() {
		return retryAfter;
	}

	private static String wait(Duration retryAfter) {
		long seconds = Math.max(1, retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0));
		return seconds < 120 ? seconds + " seconds" : ((seconds + 59) / 60) + " minutes";
	}
}
