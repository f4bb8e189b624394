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

/** Builds the {@link Requester} from the access token's claims. */
public final class Requesters {

	private Requesters() {
	}

	public static Requester current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken token) {
			return from(token.getToken());
		}
		throw new AuthenticationCredentialsNotFoundException("No access token");
	}

	public static Requester from(Jwt jwt) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		List<String> names = jwt.getClaimAsStringList("roles");
		if (names != null) {
			for (String name : names) {
				try {
					roles.add(Role.valueOf(name));
				}
				catch (IllegalArgumentException ignored) {
					// a role this version does not know grants nothing
				}
			}
		}
		String jurisdiction = jwt.getClaimAsString("jurisdiction");
		String personId = jwt.getClaimAsString("person_id");
		List<String> audience = jwt.getAudience();
		return new Requester(jwt.getSubject(), roles, Optional.ofNullable(jwt.getClaimAsString("organisation")),
				Optional.ofNullable(jurisdiction).filter(Jurisdiction::isKnown).map(Jurisdiction::of),
				Optional.ofNullable(personId).map(id -> PersonId.parse(id, "person_id")),
				audience == null || audience.isEmpty() ? "" : audience.get(0));
	}
}
