package org.carnet.identity;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/**
 * A sign-in refused unchecked because of too many failed attempts; the sign-in page says so without telling
 * whether the account exists (the throttle counts attempts on unknown names exactly like those on real ones).
 */
class SignInThrottled extends AuthenticationException {

	private final transient Duration retryAfter;

	SignInThrottled(Duration retryAfter) {
		super("Too many sign-in attempts");
		this.retryAfter = retryAfter;
	}

	Duration retryAfter() {
		return retryAfter;
	}
}
