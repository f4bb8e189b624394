package org.carnet.graphql;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.Jurisdiction;
import org.carnet.core.Role;
import org.carnet.identity.Account;
import org.carnet.identity.Accounts;
import org.carnet.identity.ClinicClient;
import org.carnet.identity.NewUser;
import org.carnet.identity.Organisation;
import org.carnet.identity.Requesters;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * Administration: organisations, staff accounts and clinic clients. {@link Accounts} refuses every requester without
 * the role ADMIN (a FORBIDDEN error); administrators never reach health data through it.
 */
@Controller
class AdminController {

	private final Accounts accounts;

	AdminController(Accounts accounts) {
		this.accounts = accounts;
	}

	record CreateOrganisationInput(String id, String name, Jurisdiction jurisdiction) {
	}

	record CreateUserInput(String username, String password, String displayName, List<Role> roles,
			String organisationId) {

		@Override
		public String toString() {
			return "CreateUserInput[username=" + username + ", roles=" + roles + "]";
		}
	}

	record RegisterClinicClientInput(String organisationId, String name) {
	}

	@MutationMapping
	Organisation createOrganisation(@Argument CreateOrganisationInput input) {
		return accounts.createOrganisation(Requesters.current(), input.id(), input.name(), input.jurisdiction());
	}

	@MutationMapping
	Account createUser(@Argument CreateUserInput input) {
		NewUser user = new NewUser(input.username(), input.password(), input.displayName(), Set.copyOf(input.roles()),
				Optional.ofNullable(input.organisationId()), Optional.empty(), Optional.empty());
		return accounts.createUser(Requesters.current(), user);
	}

	@MutationMapping
	ClinicClient registerClinicClient(@Argument RegisterClinicClientInput input) {
		return accounts.registerClinicClient(Requesters.current(), input.organisationId(), input.name());
	}

	@SchemaMapping(typeName = "Account", field = "roles")
	List<Role> roles(Account account) {
		return account.roles().stream().sorted().toList();
	}

	@SchemaMapping(typeName = "Account", field = "organisation")
	Organisation organisation(Account account) {
		return account.organisation().flatMap(accounts::organisation).orElse(null);
	}
}
