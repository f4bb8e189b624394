package org.carnet.identity;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The {@link Requester} of the current request, from the claims of its validated access token. */
public final class Requesters {

	static final String ROLES = "roles";

	static final String ORGANISATION = "organisation";

	static final String JURISDICTION = "jurisdiction";

	static final String PERSON_ID = "person_id";

	private Requesters() {
	}

	/**
	 * The requester authenticated on this thread.
	 *
	 * @throws AuthenticationCredentialsNotFoundException when the request carries no access token
	 */
	public static Requester current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken token && token.isAuthenticated()) {
			return from(token.getToken());
		}
		throw new AuthenticationCredentialsNotFoundException("Sign in first: this needs an access token");
	}

	/**
	 * The requester described by a validated token. Role names Carnet does not know are ignored, and so are
	 * malformed jurisdiction and person claims: a requester never gets more than the token clearly states.
	 */
	public static Requester from(Jwt jwt) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		List<String> names = jwt.getClaimAsStringList(ROLES);
		if (names != null) {
			for (String name : names) {
				for (Role role : Role.values()) {
					if (role.name().equals(name)) {
						roles.add(role);
					}
				}
			}
		}
		Optional<String> organisation = Optional.ofNullable(jwt.getClaimAsString(ORGANISATION));
		String code = jwt.getClaimAsString(JURISDICTION);
		Optional<Jurisdiction> jurisdiction = Jurisdiction.isKnown(code) ? Optional.of(Jurisdiction.of(code))
				: Optional.empty();
		return new Requester(jwt.getSubject(), roles, organisation, jurisdiction, personId(jwt), clientId(jwt));
	}

	private static Optional<PersonId> personId(Jwt jwt) {
		String value = jwt.getClaimAsString(PERSON_ID);
		if (value == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(new PersonId(java.util.UUID.fromString(value)));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/** The client the token was issued to: {@code azp} when present, else the audience (a single client id). */
	private static String clientId(Jwt jwt) {
		String authorizedParty = jwt.getClaimAsString("azp");
		if (authorizedParty != null) {
			return authorizedParty;
		}
		List<String> audience = jwt.getAudience();
		return audience == null || audience.isEmpty() ? null : audience.get(0);
	}
}
