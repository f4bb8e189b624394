package org.carnet.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Role;

/**
 * A request for consent the person answers: a clinician's (or mediator's) request for themself, or a mediator's
 * proposal of a grant to someone else. Approval creates exactly the grant described here.
 *
 * @param id its id
 * @param person whose consent is asked
 * @param home the person's home jurisdiction
 * @param kind a request for the requester, or a mediator's proposal
 * @param requestedBy the subject of the requester
 * @param requestedByRole CLINICIAN or MEDIATOR
 * @param requestedByOrganisation the requester's organisation, if any
 * @param requestedByJurisdiction the country the requester acted from
 * @param grantee who the grant would be for
 * @param categories what the grant would open
 * @param access read, or read and write
 * @param purposes for which purposes
 * @param jurisdictions the countries the grantee could act from
 * @param grantDuration how long the grant would last from approval
 * @param reason why, in the requester's words
 * @param createdAt when asked
 * @param expiresAt when it expires unanswered
 * @param answeredAt when the person answered
 * @param approved the person's answer
 * @param grant the grant approval created
 * @param coarseCategories the categories the grant would give only as their coarse view
 */
public record ConsentRequest(ConsentRequestId id, PersonId person, Jurisdiction home, Kind kind, String requestedBy,
		Role requestedByRole, Optional<String> requestedByOrganisation, Jurisdiction requestedByJurisdiction,
		Grantee grantee, Set<Category> categories, Access access, Set<Purpose> purposes,
		Set<Jurisdiction> jurisdictions, Duration grantDuration, String reason, Instant createdAt, Instant expiresAt,
		Optional<Instant> answeredAt, Optional<Boolean> approved, Optional<GrantId> grant,
		Set<Category> coarseCategories) {

	/** Who the grant would be for. */
	public enum Kind {
		/** The requester asks for a grant to themself. */
		FOR_REQUESTER,
		/** A mediator proposes a grant to someone else on the person's behalf. */
		MEDIATOR_PROPOSAL
	}

	public ConsentRequest {
		categories = Collections.unmodifiableSet(EnumSet.copyOf(categories));
		purposes = Collections.unmodifiableSet(EnumSet.copyOf(purposes));
		jurisdictions = Set.copyOf(jurisdictions);
	}

	public ConsentRequestStatus statusAt(Instant time) {
		if (approved.isPresent()) {
			return approved.get() ? ConsentRequestStatus.APPROVED : ConsentRequestStatus.DECLINED;
		}
		return time.isBefore(expiresAt) ? ConsentRequestStatus.PENDING : ConsentRequestStatus.EXPIRED;
	}
}
