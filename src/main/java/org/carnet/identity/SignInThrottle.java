package org.carnet.identity;

import org.carnet.core.Text;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * The password check of the sign-in form, behind the guessing throttle: the attempt is reserved
 * ({@link GuessThrottle}, kind "login") before the password is compared, per user name and source, per source and
 * per user name; a refused attempt never reaches the password check and fails with {@link SignInThrottled}. A user
 * name with control or direction-changing characters is a failed attempt without a database look-up. Failures are
 * audited through {@link LoginAudit}.
 */
class SignInThrottle implements AuthenticationProvider {

	private static final String KIND = "login";

	private final AuthenticationProvider passwords;

	private final GuessThrottle throttle;

	private final ClientAddresses addresses;

	private final LoginAudit audit;

	SignInThrottle(AuthenticationProvider passwords, GuessThrottle throttle, ClientAddresses addresses,
			LoginAudit audit) {
		this.passwords = passwords;
		this.throttle = throttle;
		this.addresses = addresses;
		this.audit = audit;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String typed = authentication.getName();
		boolean acceptable = typed != null && typed.length() <= 200 && Text.problem(typed, false).isEmpty();
		String name = acceptable ? UserStore.normalise(typed) : "";
		GuessThrottle.Keys keys = GuessThrottle.keys(KIND, name, addresses.current());
		try {
			throttle.reserve(keys);
		}
		catch (GuessThrottle.Blocked blocked) {
			audit.throttled(name, keys.source());
			throw new SignInThrottled(blocked.retryAfter());
		}
		if (!acceptable) {
			audit.failed("", keys.source());
			throw new BadCredentialsException("Bad credentials");
		}
		Authentication result;
		try {
			result = passwords.authenticate(authentication);
		}
		catch (AuthenticationException ex) {
			audit.failed(name, keys.source());
			throw ex;
		}
		throttle.succeeded(keys);
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}
}
