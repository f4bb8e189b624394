package org.carnet.graphql.admin;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import graphql.GraphQLContext;
import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.core.Jurisdiction;
import org.carnet.core.Role;
import org.carnet.graphql.AuditTrail;
import org.carnet.graphql.RequestScope;
import org.carnet.identity.Account;
import org.carnet.identity.Accounts;
import org.carnet.identity.ClinicClient;
import org.carnet.identity.NewUser;
import org.carnet.identity.Organisation;

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

	/** What a refused attempt may name as its target: a plausible id, never arbitrary input. */
	private static final Pattern PLAUSIBLE_ID = Pattern.compile("[A-Za-z0-9._@-]{1,100}");

	private final Accounts accounts;

	private final AuditTrail audit;

	AdminController(Accounts accounts, AuditTrail audit) {
		this.accounts = accounts;
		this.audit = audit;
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

	/*
	 * Each change and its event (actor and target, never a display name) commit in one transaction; a refusal (not
	 * an administrator) is recorded as a DENIED event of the same action and nothing is created.
	 */

	@MutationMapping
	Organisation createOrganisation(@Argument CreateOrganisationInput input, GraphQLContext context) {
		RequestScope scope = RequestScope.of(context);
		return audit.change(scope, scope.operation("createOrganisation"), AccessAction.ORGANISATION_CREATED,
				refusal(scope, AccessAction.ORGANISATION_CREATED, input.id(), AccessEvent::organisationTarget),
				() -> accounts.createOrganisation(scope.requester(), input.id(), input.name(), input.jurisdiction()),
				created -> AccessEvent.of(scope.requester(), AccessAction.ORGANISATION_CREATED, AccessOutcome.SUCCESS)
					.withTarget(AccessEvent.organisationTarget(created.id())));
	}

	@MutationMapping
	Account createUser(@Argument CreateUserInput input, GraphQLContext context) {
		RequestScope scope = RequestScope.of(context);
		List<Role> roles = input.roles() == null ? List.of() : input.roles();
		NewUser user = new NewUser(input.username(), input.password(), input.displayName(), Set.copyOf(roles),
				Optional.ofNullable(input.organisationId()), Optional.empty(), Optional.empty());
		return audit.change(scope, scope.operation("createUser"), AccessAction.USER_CREATED,
				refusal(scope, AccessAction.USER_CREATED, input.username(), AccessEvent::userTarget),
				() -> accounts.createUser(scope.requester(), user),
				created -> AccessEvent.of(scope.requester(), AccessAction.USER_CREATED, AccessOutcome.SUCCESS)
					.withTarget(AccessEvent.userTarget(created.username())));
	}

	@MutationMapping
	ClinicClient registerClinicClient(@Argument RegisterClinicClientInput input, GraphQLContext context) {
		RequestScope scope = RequestScope.of(context);
		return audit.change(scope, scope.operation("registerClinicClient"), AccessAction.CLIENT_REGISTERED,
				refusal(scope, AccessAction.CLIENT_REGISTERED, input.organisationId(), AccessEvent::organisationTarget),
				() -> accounts.registerClinicClient(scope.requester(), input.organisationId(), input.name()),
				client -> AccessEvent.of(scope.requester(), AccessAction.CLIENT_REGISTERED, AccessOutcome.SUCCESS)
					.withTarget(AccessEvent.clientTarget(client.clientId())));
	}

	/** The DENIED event of a refused change, naming what it aimed at when that is a plausible id. */
	private static AccessEvent refusal(RequestScope scope, AccessAction action, String id,
			Function<String, String> target) {
		AccessEvent denied = AccessEvent.of(scope.requester(), action, AccessOutcome.DENIED);
		return id != null && PLAUSIBLE_ID.matcher(id).matches() ? denied.withTarget(target.apply(id)) : denied;
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
