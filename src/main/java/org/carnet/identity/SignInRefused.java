package org.carnet.identity;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * A refused sign-in as the sign-in page is told of it through the session: the user name as typed and whether a
 * password was typed, never the password itself, and no stack trace. Refusals that lead to a page of their own
 * (throttled, closed) keep their type and are not stored.
 */
final class SignInRefused extends BadCredentialsException {

	private static final long serialVersionUID = 1L;

	/** Stands for a password that was typed (the page tells an empty password from a wrong one). */
	static final String TYPED = "(typed)";

	private SignInRefused() {
		super("The user name or the password is wrong");
	}

	static AuthenticationException withoutPassword(AuthenticationException refusal) {
		if (refusal instanceof SignInThrottled || refusal instanceof DisabledException) {
			return refusal;
		}
		SignInRefused slim = new SignInRefused();
		Authentication typed = refusal.getAuthenticationRequest();
		if (typed != null) {
			Object password = typed.getCredentials();
			slim.setAuthenticationRequest(UsernamePasswordAuthenticationToken.unauthenticated(typed.getName(),
					password == null || password.toString().isEmpty() ? "" : TYPED));
		}
		return slim;
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}
}
