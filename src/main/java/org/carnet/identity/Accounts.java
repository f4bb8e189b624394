package org.carnet.identity;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.Ledger;
import org.carnet.core.BadInput;
import org.carnet.core.Forbidden;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Accounts, organisations and clinic clients: what other modules ask of identity. Registration issues an activation
 * code; the person claims their account with it; administrators create organisations, staff and clinic clients.
 */
@Service
public class Accounts {

	private static final Logger log = LoggerFactory.getLogger(Accounts.class);

	/** The subject of changes Carnet makes itself, as in the ledger's other system events. */
	static final String SYSTEM = "carnet";

	/** Staff roles that act for an organisation and take its country as their jurisdiction. */
	private static final Set<Role> ORGANISATION_ROLES = EnumSet.of(Role.CLINICIAN, Role.MEDIATOR, Role.AUDITOR,
			Role.PUBLIC_HEALTH_ANALYST);

	private final UserStore users;

	private final OrganisationStore organisations;

	private final ActivationCodes activationCodes;

	private final ClinicClientStore clinicClients;

	private final PasswordEncoder passwords;

	private final Ledger ledger;

	Accounts(UserStore users, OrganisationStore organisations, ActivationCodes activationCodes, ClinicClientStore clinicClients,
			PasswordEncoder passwords, Ledger ledger) {
		this.ledger = ledger;
		this.users = users;
		this.organisations = organisations;
		this.activationCodes = activationCodes;
		this.clinicClients = clinicClients;
		this.passwords = passwords;
	}

	/**
	 * Issues the one-time activation code printed on a newly registered person's paper record (replacing an unused
	 * earlier one), in the caller's transaction. Only its hash is stored; it expires after
	 * {@code carnet.identity.activation-code-ttl}.
	 */
	public String issueActivationCode(PersonId person, PhrNumber phr) {
		return activationCodes.issue(person, phr, null);
	}

	/** As {@link #issueActivationCode(PersonId, PhrNumber)}; the migrant's tokens will carry the home country. */
	public String issueActivationCode(PersonId person, PhrNumber phr, Jurisdiction homeJurisdiction) {
		return activationCodes.issue(person, phr, homeJurisdiction);
	}

	/**
	 * Creates the migrant's account bound to the record with this PHR number, when the activation code matches.
	 * Wrong codes are throttled per number, per client address and in total ({@link ClaimThrottled}); every failure
	 * is a {@link BadInput} naming the field, the same for an unknown number as for a wrong code.
	 */
	public Account claim(PhrNumber phr, String activationCode, String username, String password) {
		return activationCodes.claim(phr, activationCode, username, password, currentClientAddress());
	}

	Account claim(PhrNumber phr, String activationCode, String username, String password, String address) {
		return activationCodes.claim(phr, activationCode, username, password, address);
	}

	/**
	 * Creates the organisation unless one with this id exists (which is left unchanged). For seeding and tests; a
	 * creation is recorded in the access ledger as done by Carnet itself, in the same transaction.
	 */
	@Transactional
	public void createOrganisationIfAbsent(String id, String name, Jurisdiction jurisdiction) {
		if (organisations.createIfAbsent(id, name, jurisdiction)) {
			ledger.appendInTransaction(bySystem(AccessAction.ORGANISATION_CREATED, "seed")
				.withTarget(AccessEvent.organisationTarget(id)));
		}
	}

	/**
	 * Creates the user unless the user name is taken (that user is left unchanged). For seeding and tests; a
	 * creation is recorded in the access ledger as done by Carnet itself, in the same transaction.
	 */
	@Transactional
	public void createUserIfAbsent(NewUser user) {
		createUserIfAbsent(user, "seed");
	}

	/** As {@link #createUserIfAbsent(NewUser)}, naming the entry point in the event ({@code operation}). */
	@Transactional
	void createUserIfAbsent(NewUser user, String operation) {
		UserStore.StoredUser stored = validated(user);
		Credentials.checkStorable(user.password());
		if (users.insert(hashed(stored, user.password()))) {
			ledger.appendInTransaction(bySystem(AccessAction.USER_CREATED, operation)
				.withTarget(AccessEvent.userTarget(stored.username())));
			log.info("Created user {} with roles {}", stored.username(), stored.roles());
		}
	}

	/** A draft of a change Carnet itself made (seeding, the first administrator): subject {@value #SYSTEM}. */
	private static AccessEvent bySystem(AccessAction action, String operation) {
		return AccessEvent.bySubject(SYSTEM, null, action, AccessOutcome.SUCCESS).withOperation(operation, null);
	}

	/** The name to show for a subject: a user's display name, or a clinic system's client name. */
	public Optional<String> displayName(String subject) {
		Optional<String> name = users.find(subject).map(UserStore.StoredUser::displayName);
		return name.isPresent() ? name : clinicClients.name(subject);
	}

	/**
	 * True while the user's account is open: it exists and may sign in. A closed account (its record was erased)
	 * answers false; pages still signed in with it end their session.
	 */
	public boolean isOpen(String username) {
		return users.find(username).map(UserStore.StoredUser::enabled).orElse(false);
	}

	public Optional<Organisation> organisation(String id) {
		return organisations.find(id);
	}

	/** Administrators only: a new organisation; the id must be free. */
	public Organisation createOrganisation(Requester admin, String id, String name, Jurisdiction jurisdiction) {
		requireAdmin(admin);
		if (!organisations.createIfAbsent(id, name, jurisdiction)) {
			throw new BadInput("id", "is already taken by another organisation");
		}
		log.info("Administrator {} created organisation {}", admin.subject(), id);
		return organisations.find(id).orElseThrow();
	}

	/**
	 * Administrators only: a staff account (clinician, mediator, auditor, administrator). Migrants claim their own
	 * account with the activation code on their paper record.
	 */
	@Transactional
	public Account createUser(Requester admin, NewUser user) {
		requireAdmin(admin);
		if (user.roles().contains(Role.MIGRANT)) {
			throw new BadInput("roles",
					"migrants claim their account themselves with the activation code on their paper record");
		}
		UserStore.StoredUser stored = validated(user);
		Credentials.checkChosenPassword(user.password(), stored.username());
		if (!users.insert(hashed(stored, user.password()))) {
			throw new BadInput("username", "is already taken; choose another");
		}
		log.info("Administrator {} created user {} with roles {}", admin.subject(), stored.username(),
				stored.roles());
		return stored.account();
	}

	/** Administrators only: a clinic system's client acting for the organisation; the secret is returned once. */
	public ClinicClient registerClinicClient(Requester admin, String organisationId, String name) {
		requireAdmin(admin);
		Organisation organisation = organisations.find(organisationId)
			.orElseThrow(() -> new BadInput("organisationId", "no such organisation"));
		if (name == null || name.isBlank() || name.length() > 200) {
			throw new BadInput("name", "is required (at most 200 characters)");
		}
		ClinicClient client = clinicClients.register(organisation, name, admin.subject());
		log.info("Administrator {} registered clinic client {} for organisation {}", admin.subject(),
				client.clientId(), organisation.id());
		return client;
	}

	/** True when at least one enabled administrator exists. */
	boolean hasAdministrator() {
		return users.anyEnabledAdmin();
	}

	private static void requireAdmin(Requester requester) {
		if (requester == null || !requester.has(Role.ADMIN)) {
			throw new Forbidden("Only an administrator may manage accounts, organisations and clients");
		}
	}

	/** Checks the combination of roles, organisation and record, and returns the user to store (without hash). */
	private UserStore.StoredUser validated(NewUser user) {
		String username = Credentials.username(user.username());
		String displayName = Credentials.displayName(user.displayName());
		Set<Role> roles = user.roles();
		if (roles.isEmpty()) {
			throw new BadInput("roles", "at least one role is required");
		}
		if (roles.contains(Role.MIGRANT)) {
			if (roles.size() > 1) {
				throw new BadInput("roles", "a migrant's account has no other role");
			}
			if (user.person().isEmpty()) {
				throw new BadInput("personId", "a migrant's account is bound to their record");
			}
			if (user.organisation().isPresent()) {
				throw new BadInput("organisationId", "a migrant's account belongs to no organisation");
			}
		}
		else {
			if (roles.contains(Role.ADMIN) && roles.size() > 1) {
				throw new BadInput("roles", "an administrator has no other role: administrators never read health data");
			}
			if (roles.contains(Role.PUBLIC_HEALTH_ANALYST) && roles.size() > 1) {
				// an analyst who is also a clinician would read records and aggregates under one account
				throw new BadInput("roles", "a public-health analyst has no other role: analysts never read a record");
			}
			if (user.person().isPresent() || user.homeJurisdiction().isPresent()) {
				throw new BadInput("personId", "only a migrant's account is bound to a record");
			}
			boolean needsOrganisation = roles.stream().anyMatch(ORGANISATION_ROLES::contains);
			if (needsOrganisation && user.organisation().isEmpty()) {
				throw new BadInput("organisationId", "clinicians, mediators, auditors and public-health analysts act for an "
						+ "organisation");
			}
		}
		if (user.organisation().isPresent() && organisations.find(user.organisation().get()).isEmpty()) {
			throw new BadInput("organisationId", "no such organisation");
		}
		return new UserStore.StoredUser(username, null, displayName, roles, user.organisation().orElse(null),
				user.person().orElse(null), user.homeJurisdiction().orElse(null), true);
	}

	private UserStore.StoredUser hashed(UserStore.StoredUser user, String password) {
		return new UserStore.StoredUser(user.username(), passwords.encode(password), user.displayName(), user.roles(),
				user.organisation(), user.person(), user.homeJurisdiction(), true);
	}

	private static String currentClientAddress() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes instanceof ServletRequestAttributes servlet) {
			HttpServletRequest request = servlet.getRequest();
			return request.getRemoteAddr();
		}
		return null;
	}
}
