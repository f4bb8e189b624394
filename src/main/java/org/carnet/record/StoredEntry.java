package org.carnet.record;

import java.time.Instant;
import java.util.UUID;

import org.carnet.core.PersonId;

/** An entry row as stored: ids, section and times in clear, the rest as ciphertext. */
record StoredEntry(UUID id, PersonId person, Section section, UUID supersedes, String recordedBy, Instant recordedAt,
		byte[] ciphertext) {
}
