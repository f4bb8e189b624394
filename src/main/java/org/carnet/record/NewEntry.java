package org.carnet.record;

import java.util.Optional;
import java.util.UUID;

import org.carnet.core.Jurisdiction;
import org.carnet.record.content.EntryContent;

/**
 * A request to add an entry.
 *
 * @param recordedBy the subject recording it
 * @param recordedIn the country the recorder acts from
 * @param supersedes the entry this one corrects, if any (same person and section, not already superseded)
 */
public record NewEntry(EntryContent content, String recordedBy, Jurisdiction recordedIn, Source source,
		Optional<UUID> supersedes) {
}
