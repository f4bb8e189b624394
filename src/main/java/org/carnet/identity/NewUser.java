package org.carnet.identity;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;

/**
 * An account to create (demo seeding, tests, administrators). Build it with {@link #staff}, {@link #migrant} or
 * {@link #admin}.
 *
 * @param password the raw password; only its hash is stored
 * @param organisation the organisation id, required for clinicians, mediators and auditors
 * @param person the person's record, required for migrants
 * @param homeJurisdiction for migrants: where their record resides, put in their tokens as {@code jurisdiction}
 */
public record NewUser(String username, String password, String displayName, Set<Role> roles,
		Optional<String> organisation, Optional<PersonId> person, Optional<Jurisdiction> homeJurisdiction) {

	public NewUser {
		Objects.requireNonNull(username, "username");
		Objects.requireNonNull(password, "password");
		Objects.requireNonNull(displayName, "displayName");
		roles = Set.copyOf(roles);
		Objects.requireNonNull(organisation, "organisation");
		Objects.requireNonNull(person, "person");
		Objects.requireNonNull(homeJurisdiction, "homeJurisdiction");
	}

	/** A clinician, mediator or auditor (or several of these roles) acting for an organisation. */
	public static NewUser staff(String username, String password, String displayName, String organisation,
			Role... roles) {
		return new NewUser(username, password, displayName, Set.of(roles), Optional.of(organisation),
				Optional.empty(), Optional.empty());
	}

	/** A migrant bound to their own record. */
	public static NewUser migrant(String username, String password, String displayName, PersonId person,
			Jurisdiction homeJurisdiction) {
		return new NewUser(username, password, displayName, Set.of(Role.MIGRANT), Optional.empty(),
				Optional.of(person), Optional.ofNullable(homeJurisdiction));
	}

	/** An administrator: manages accounts, organisations and clients, never reads health data. */
	public static NewUser admin(String username, String password, String displayName) {
		return new NewUser(username, password, displayName, Set.of(Role.ADMIN), Optional.empty(), Optional.empty(),
				Optional.empty());
	}
}
