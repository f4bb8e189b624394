package org.carnet.record;

import java.time.Instant;
import java.util.Optional;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;

/**
 * What remains of an erased record: that it existed, and when and by whom it was erased.
 *
 * @param requestReference for an erasure by an administrator, the reference of the person's recorded request
 */
public record Tombstone(PersonId person, PhrNumber phrNumber, Jurisdiction homeJurisdiction, Instant erasedAt,
		String erasedBy, Optional<String> requestReference) {
}
