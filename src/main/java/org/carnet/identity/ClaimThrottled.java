package org.carnet.identity;

import java.time.Duration;

import org.carnet.core.Forbidden;

/** Too many wrong activation attempts: claiming is refused until the window ends (HTTP 429). */
public class ClaimThrottled extends Forbidden {

	private final Duration retryAfter;

	ClaimThrottled(Duration retryAfter) {
		super("Too many wrong attempts; try again in " + Math.max(1, retryAfter.toMinutes()) + " minutes");
		this.retryAfter = retryAfter;
	}

	/** How long to wait before trying again. */
	public Duration retryAfter() {
		return retryAfter;
	}
}
