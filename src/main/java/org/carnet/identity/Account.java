package org.carnet.identity;

import java.util.Optional;
import java.util.Set;

import org.carnet.core.PersonId;
import org.carnet.core.Role;

/**
 * Someone who can sign in: never carries the password or its hash.
 *
 * @param organisation the organisation id, for staff
 * @param person the person's own record, for migrants
 */
public record Account(String username, String displayName, Set<Role> roles, Optional<String> organisation,
		Optional<PersonId> person) {

	public Account {
		roles = Set.copyOf(roles);
	}
}
