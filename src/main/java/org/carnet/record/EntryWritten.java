package org.carnet.record;

import java.util.UUID;

import org.carnet.core.PersonId;

/**
 * An entry was added to a person's record (or corrected one). Published by the record module inside the write's
 * transaction, so that what other modules derive from the record (the person's statistical contribution) follows the
 * write, or the write does not happen. It carries no content: a listener reads what it needs through
 * {@link Records}.
 *
 * @param person whose record
 * @param section the entry's section
 * @param entry the new entry's id
 */
public record EntryWritten(PersonId person, Section section, UUID entry) {
}
