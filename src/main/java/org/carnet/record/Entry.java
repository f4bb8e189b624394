package org.carnet.record;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.record.content.EntryContent;

/**
 * One entry of a person's record, decrypted. Entries are never changed: a correction is a new entry that
 * supersedes the old one.
 *
 * @param recordedBy the subject (user name) who recorded it
 * @param recordedIn the country it was recorded in
 */
public record Entry(UUID id, PersonId person, Section section, Optional<UUID> supersedes, String recordedBy,
		Instant recordedAt, Jurisdiction recordedIn, Source source, EntryContent content) {
}
