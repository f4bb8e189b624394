package org.carnet.identity;

import java.time.Duration;
import java.util.Collection;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * The API's token decoder: a token's signature is verified and its claims parsed once, then kept for a few minutes
 * by the token's exact text; its claims are validated on every request (issuer, audience, expiry with the clock
 * skew, the account still open), so a cached token expires, and an erased person's token stops working, exactly when
 * an uncached one would. A client sends the same token with every request for its whole lifetime: verifying its RSA
 * signature and parsing its JSON each time was a twentieth of a whole-record read's CPU.
 * <p>
 * Only tokens whose signature verified are kept (a stream of forged or malformed tokens fills nothing), at most
 * {@value #MAX_TOKENS} of them; the key is the whole token, signature included, so a kept entry answers only for the
 * very token that was verified.
 */
final class VerifiedTokens implements JwtDecoder {

	static final int MAX_TOKENS = 10_000;

	private final JwtDecoder verifier;

	private final OAuth2TokenValidator<Jwt> validator;

	private final Cache<String, Jwt> verified;

	/**
	 * @param verifier checks the signature and parses the claims, and validates nothing
	 * @param validator the claims' rules, checked on every decode
	 * @param keep how long a verified token is kept (a little less than tokens live, or less)
	 */
	VerifiedTokens(JwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, Duration keep) {
		this.verifier = verifier;
		this.validator = validator;
		this.verified = Caffeine.newBuilder().maximumSize(MAX_TOKENS).expireAfterWrite(keep).build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt jwt = verified.getIfPresent(token);
		if (jwt == null) {
			jwt = verifier.decode(token);
			validate(jwt);
			verified.put(token, jwt);
			return jwt;
		}
		validate(jwt);
		return jwt;
	}

	private void validate(Jwt jwt) {
		OAuth2TokenValidatorResult result = validator.validate(jwt);
		if (result.hasErrors()) {
			Collection<OAuth2Error> errors = result.getErrors();
			String description = errors.stream()
				.map(OAuth2Error::getDescription)
				.filter(text -> text != null && !text.isEmpty())
				.findFirst()
				.orElse("Unable to validate Jwt");
			throw new JwtValidationException("An error occurred while attempting to decode the Jwt: " + description,
					errors);
		}
	}
}
