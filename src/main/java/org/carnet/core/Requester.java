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
 * @param actingFor when the user acts for another person (guardian or proxy): that capacity; {@code personId} is then
 * the person acted for and {@code roles} only {@link Role#MIGRANT}, see {@link #actingFor(ActingFor)}
 */
public record Requester(String subject, Set<Role> roles, Optional<String> organisation,
		Optional<Jurisdiction> jurisdiction, Optional<PersonId> personId, String clientId,
		Optional<ActingFor> actingFor) {

	public Requester {
		roles = Set.copyOf(roles);
		actingFor = actingFor == null ? Optional.empty() : actingFor;
	}

	/** A requester acting as themself. */
	public Requester(String subject, Set<Role> roles, Optional<String> organisation, Optional<Jurisdiction> jurisdiction,
			Optional<PersonId> personId, String clientId) {
		this(subject, roles, organisation, jurisdiction, personId, clientId, Optional.empty());
	}

	/**
	 * This user acting for the person of {@code capacity}: the same user name, country and client, in the person's
	 * place (role {@link Role#MIGRANT}, their record, no organisation), limited to the capacity's rights by every check
	 * that asks {@link #mayReadOwnRecord()} or {@link #mayManageConsent()}. The audit trail names the user and the
	 * capacity ({@link ActingFor#label()}).
	 */
	public Requester actingFor(ActingFor capacity) {
		if (actingFor.isPresent()) {
			throw new IllegalStateException("A requester already acting for someone cannot act for another");
		}
		return new Requester(subject, Set.of(Role.MIGRANT), Optional.empty(), jurisdiction,
				Optional.of(capacity.person()), clientId, Optional.of(capacity));
	}

	/** True when the user acts for someone else (guardian or proxy) rather than as themself. */
	public boolean representing() {
		return actingFor.isPresent();
	}

	/** May this requester, as the person of their own record, read it: always, unless a capacity says otherwise. */
	public boolean mayReadOwnRecord() {
		return actingFor.map(ActingFor::readRecord).orElse(true);
	}

	/**
	 * May this requester, as the person of their own record, change its consent: always, unless a capacity says
	 * otherwise.
	 */
	public boolean mayManageConsent() {
		return actingFor.map(ActingFor::manageConsent).orElse(true);
	}

	public boolean has(Role role) {
		return roles.contains(role);
	}

	/** True when this requester is the data subject of {@code person}. */
	public boolean is(PersonId person) {
		return personId.map(person::equals).orElse(false);
	}
}
