package org.carnet.consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.carnet.core.ActingFor;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;

/**
 * The consent decision as a pure function over facts already loaded: no database, no clock. Rules, in order:
 * <ol>
 * <li>Auditors, administrators and public-health analysts never read or write a category, whatever is granted (checked first, so that a
 * token with such a role is never served health data by any other rule).</li>
 * <li>A guardian or proxy acting for the person reads everything of that person's record when their
 * authorisation covers reading, writes nothing, and reaches no one else's record.</li>
 * <li>The person (role MIGRANT, their own record) reads and writes everything.</li>
 * <li>Only clinicians and mediators go further; mediators only for CARE_COORDINATION.</li>
 * <li>An active grant naming the requester, the category, the purpose, the requester's jurisdiction and covering
 * the access allows; all such grants are reported. It opens the category in full when any of them gives it in full,
 * else only its coarse view.</li>
 * <li>Otherwise a clinician asking to read for EMERGENCY with an open emergency access of their own reads the
 * emergency data set, never {@link ConsentPolicy#NEVER_BY_BREAK_GLASS}.</li>
 * <li>Everything else is denied, with the most telling reason.</li>
 * </ol>
 */
final class ConsentRules {

	private ConsentRules() {
	}

	/** The decision when the requester's role and identity alone settle it; empty when grants must be looked at. */
	static Optional<ConsentDecision> byRoleAlone(Requester requester, PersonId person, Access access,
			Purpose purpose) {
		if (requester.has(Role.AUDITOR) || requester.has(Role.ADMIN) || requester.has(Role.PUBLIC_HEALTH_ANALYST)) {
			return Optional.of(ConsentDecision.deny(DenyReason.ROLE_NEVER_ALLOWED));
		}
		if (requester.actingFor().isPresent()) {
			ActingFor capacity = requester.actingFor().get();
			if (!capacity.person().equals(person)) {
				return Optional.of(ConsentDecision.deny(DenyReason.ROLE_NEVER_ALLOWED));
			}
			if (access != Access.READ) {
				return Optional.of(ConsentDecision.deny(DenyReason.REPRESENTATIVE_DOES_NOT_WRITE));
			}
			return Optional.of(capacity.readRecord() ? ConsentDecision.byRepresentation(capacity.representation())
					: ConsentDecision.deny(DenyReason.REPRESENTATION_SCOPE));
		}
		if (requester.has(Role.MIGRANT) && requester.is(person)) {
			return Optional.of(ConsentDecision.self());
		}
		if (requester.has(Role.CLINICIAN)) {
			return Optional.empty();
		}
		if (requester.has(Role.MEDIATOR)) {
			return purpose == Purpose.CARE_COORDINATION ? Optional.empty()
					: Optional.of(ConsentDecision.deny(DenyReason.PURPOSE_NOT_ALLOWED_FOR_ROLE));
		}
		return Optional.of(ConsentDecision.deny(DenyReason.ROLE_NEVER_ALLOWED));
	}

	static ConsentDecision decide(Requester requester, PersonId person, Category category, Access access,
			Purpose purpose, Instant time, ConsentFacts facts) {
		Optional<ConsentDecision> settled = byRoleAlone(requester, person, access, purpose);
		if (settled.isPresent()) {
			return settled.get();
		}
		Jurisdiction actingFrom = requester.jurisdiction().orElse(null);
		List<GrantId> used = null;
		boolean full = false;
		DenyReason closest = null;
		for (ConsentGrant grant : facts.grants()) {
			if (!grant.person().equals(person) || !grant.categories().contains(category)
					|| !grant.grantee().names(requester)) {
				continue;
			}
			DenyReason miss = firstMiss(grant, actingFrom, access, purpose, time);
			if (miss == null) {
				if (used == null) {
					used = new ArrayList<>(2);
				}
				used.add(grant.id());
				full |= !grant.coarseCategories().contains(category);
			}
			else if (closest == null || miss.ordinal() > closest.ordinal()) {
				closest = miss;
			}
		}
		if (used != null) {
			return ConsentDecision.byGrants(used, full ? ConsentDecision.Level.FULL : ConsentDecision.Level.COARSE);
		}
		if (purpose == Purpose.EMERGENCY && requester.has(Role.CLINICIAN) && actingFrom != null) {
			for (EmergencyAccess emergency : facts.emergencyAccesses()) {
				if (!emergency.person().equals(person) || !emergency.clinician().equals(requester.subject())
						|| !emergency.jurisdiction().equals(actingFrom) || !emergency.isOpenAt(time)) {
					continue;
				}
				if (access != Access.READ || !emergency.categories().contains(category)
						|| ConsentPolicy.NEVER_BY_BREAK_GLASS.contains(category)) {
					closest = DenyReason.NOT_IN_EMERGENCY_SET;
					continue;
				}
				return ConsentDecision.byBreakGlass(emergency.id());
			}
		}
		return ConsentDecision.deny(closest == null ? DenyReason.NO_GRANT : closest);
	}

	/** The first check a grant naming the requester and category fails, or {@code null} when it allows. */
	private static DenyReason firstMiss(ConsentGrant grant, Jurisdiction actingFrom, Access access, Purpose purpose,
			Instant time) {
		switch (grant.statusAt(time)) {
			case REVOKED:
				return DenyReason.REVOKED;
			case EXPIRED:
				return DenyReason.EXPIRED;
			case NOT_YET_VALID:
				return DenyReason.NOT_YET_VALID;
			default:
				break;
		}
		if (!grant.purposes().contains(purpose)) {
			return DenyReason.PURPOSE_NOT_GRANTED;
		}
		if (actingFrom == null || !grant.jurisdictions().contains(actingFrom)) {
			return DenyReason.JURISDICTION_NOT_GRANTED;
		}
		if (!grant.access().covers(access)) {
			return DenyReason.ACCESS_NOT_GRANTED;
		}
		return null;
	}
}
