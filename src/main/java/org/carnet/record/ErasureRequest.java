package org.carnet.record;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.carnet.core.PersonId;

/**
 * What authorises an administrator to erase a record: the person's own recorded request, or an administrator's
 * proposal that a different administrator approves. Expires unless carried out.
 *
 * @param requestedBy the person's user name (request) or the proposing administrator's
 * @param reason why, in the words of who asked (optional for the person)
 */
public record ErasureRequest(UUID id, PersonId person, Kind kind, String requestedBy, Optional<String> reason,
		Instant requestedAt, Instant expiresAt, Optional<String> carriedOutBy, Optional<Instant> carriedOutAt) {

	/** Who asked. */
	public enum Kind {
		/** The person asked for their record to be erased (portal or API). */
		PERSON_REQUEST,
		/** An administrator proposed it; a different administrator approves. */
		ADMIN_PROPOSAL
	}

	/** Where it stands. */
	public enum Status {
		PENDING, CARRIED_OUT, EXPIRED
	}

	public Status statusAt(Instant now) {
		if (carriedOutAt.isPresent()) {
			return Status.CARRIED_OUT;
		}
		return now.isBefore(expiresAt) ? Status.PENDING : Status.EXPIRED;
	}
}
