package org.carnet.audit;

import java.time.Instant;
import java.util.Set;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;

/**
 * What an auditor looks for in the ledger; every criterion is optional (null or empty: any).
 *
 * @param person the person whose record was touched (a PHR number is resolved to this id by the caller)
 * @param requesterSubject the requester's user name or client id
 * @param organisation the requester's organisation id
 * @param requesterJurisdiction the country the requester acted from
 * @param homeJurisdiction the home country of the record
 * @param crossBorder only cross-border (true) or only domestic (false) events
 * @param emergency only emergency (true: break-glass or EMERGENCY purpose) or only ordinary (false) events
 * @param actions any of these actions
 * @param outcomes any of these outcomes
 * @param from events at or after this instant
 * @param to events before this instant
 * @param purposes any of these purposes of use
 */
public record AuditFilter(PersonId person, String requesterSubject, String organisation,
		Jurisdiction requesterJurisdiction, Jurisdiction homeJurisdiction, Boolean crossBorder, Boolean emergency,
		Set<AccessAction> actions, Set<AccessOutcome> outcomes, Instant from, Instant to, Set<Purpose> purposes) {

	public AuditFilter {
		actions = actions == null ? Set.of() : Set.copyOf(actions);
		outcomes = outcomes == null ? Set.of() : Set.copyOf(outcomes);
		purposes = purposes == null ? Set.of() : Set.copyOf(purposes);
	}

	/** Any purpose. */
	public AuditFilter(PersonId person, String requesterSubject, String organisation,
			Jurisdiction requesterJurisdiction, Jurisdiction homeJurisdiction, Boolean crossBorder, Boolean emergency,
			Set<AccessAction> actions, Set<AccessOutcome> outcomes, Instant from, Instant to) {
		this(person, requesterSubject, organisation, requesterJurisdiction, homeJurisdiction, crossBorder, emergency,
				actions, outcomes, from, to, Set.of());
	}

	/** No criterion: the whole ledger. */
	public static AuditFilter everything() {
		return new AuditFilter(null, null, null, null, null, null, null, Set.of(), Set.of(), null, null);
	}

	/** The events about one person's record. */
	public static AuditFilter person(PersonId person) {
		return new AuditFilter(person, null, null, null, null, null, null, Set.of(), Set.of(), null, null);
	}
}
