package org.carnet.identity;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * An access token is a signed statement that outlives the account it names: accepted only while its subject is an
 * open account (or an OAuth2 client, for a clinic system's token). A closed account's tokens, e.g. after its record
 * was erased, stop working at once instead of at their expiry. One primary-key look-up per request.
 */
final class OpenAccountTokens implements OAuth2TokenValidator<Jwt> {

	static final String DESCRIPTION = "The account this token was issued to is closed";

	private final Users users;

	OpenAccountTokens(Users users) {
		this.users = users;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		if (users.mayUseTokens(token.getSubject())) {
			return OAuth2TokenValidatorResult.success();
		}
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, DESCRIPTION, null));
	}
}
