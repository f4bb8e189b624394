package org.carnet.identity;

import java.util.Optional;

import org.carnet.core.PersonId;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * An access token is a signed statement that outlives what it states. A token that names a person's record
 * ({@code person_id}) is accepted only while the account bound to that record is open: when the record is erased its
 * account closes (see {@link AccountClosure}) and the token stops working at once, not at its expiry. One
 * primary-key look-up per such request; tokens of staff and clinic systems, which no erasure closes, cost nothing.
 */
final class OpenAccountTokens implements OAuth2TokenValidator<Jwt> {

	static final String DESCRIPTION = "The account this token was issued to is closed";

	private final UserStore users;

	OpenAccountTokens(UserStore users) {
		this.users = users;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		String person = token.getClaimAsString(Requesters.PERSON_ID);
		if (person == null) {
			return OAuth2TokenValidatorResult.success();
		}
		Optional<PersonId> record = parse(person);
		if (record.isPresent() && token.getSubject() != null && users.openFor(token.getSubject(), record.get())) {
			return OAuth2TokenValidatorResult.success();
		}
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, DESCRIPTION, null));
	}

	private static Optional<PersonId> parse(String value) {
		try {
			return Optional.of(new PersonId(java.util.UUID.fromString(value)));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}
}
