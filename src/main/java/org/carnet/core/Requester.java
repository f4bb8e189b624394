package org.carnet.core;

import java.util.Optional;
import java.util.Set;

/**
 * The authenticated caller, built from the access token: who, in which role, for which organisation, acting from
 * which country, through which client.
 *
 * @param subject the user name (or client id for a client acting on its own)
 * @param roles the roles granted in the token
 * @param organisation the organisation id, absent for migrants
 * @param jurisdiction the country the requester acts from, absent when the token carries none
 * @param personId the requester's own record, for migrants
 * @param clientId the OAuth2 client that obtained the token
 */
public record Requester(String subject, Set<Role> roles, Optional<String> organisation,
		Optional<Jurisdiction> jurisdiction, Optional<PersonId> personId, String clientId) {

	public Requester {
		roles = Set.copyOf(roles);
	}

	public boolean has(Role role) {
		return roles.contains(role);
	}

	/** True when this requester is the data subject of {@code person}. */
	public boolean is(PersonId person) {
		return personId.map(person::equals).orElse(false);
	}
}
