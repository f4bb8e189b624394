package org.carnet.consent;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.carnet.core.ActingFor;
import org.carnet.core.PersonId;

/**
 * Someone who may act for a person: a guardian an authority appointed for a minor, or a proxy the person chose.
 * An immutable fact; revocation is recorded beside it, and a guardianship ends by itself at its end (the person's
 * 18th birthday).
 *
 * @param id the representation's id (in the audit trail as {@code guardian:<id>} or {@code proxy:<id>})
 * @param person the person acted for
 * @param representative the user name of the guardian or proxy
 * @param kind guardian or proxy
 * @param readRecord whether the representative may read the record and its access log
 * @param manageConsent whether the representative may grant, revoke and answer consent
 * @param validFrom from when
 * @param validUntil until when (excluded): for a guardian, the start of the person's 18th birthday (UTC)
 * @param authorityReference the appointing authority's reference of a guardianship (e.g. a court decision number)
 * @param createdBy the administrator who recorded the guardianship, or the person who authorised the proxy
 * @param createdAt when it was recorded
 * @param revokedAt when it was revoked, if it was
 * @param revokedBy who revoked it
 */
public record Representation(UUID id, PersonId person, String representative, ActingFor.Kind kind, boolean readRecord,
		boolean manageConsent, Instant validFrom, Instant validUntil, Optional<String> authorityReference,
		String createdBy, Instant createdAt, Optional<Instant> revokedAt, Optional<String> revokedBy) {

	/** Where a representation stands at an instant. */
	public enum Status {
		ACTIVE, NOT_YET_VALID,
		/** A proxy's period is over. */
		EXPIRED,
		/** A guardianship ended on the person's 18th birthday. */
		ENDED_AT_MAJORITY, REVOKED
	}

	public Status statusAt(Instant time) {
		if (revokedAt.isPresent() && !revokedAt.get().isAfter(time)) {
			return Status.REVOKED;
		}
		if (time.isBefore(validFrom)) {
			return Status.NOT_YET_VALID;
		}
		if (!time.isBefore(validUntil)) {
			return kind == ActingFor.Kind.GUARDIAN ? Status.ENDED_AT_MAJORITY : Status.EXPIRED;
		}
		return Status.ACTIVE;
	}

	/** The capacity this representation gives, for a requester acting for the person. */
	public ActingFor capacity() {
		return new ActingFor(id, kind, person, readRecord, manageConsent);
	}
}
