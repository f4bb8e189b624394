package org.carnet.consent;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;

/**
 * A new notification as a {@link NotificationSender} receives it: who did what to the record, when, from where and
 * why, with the names of the parts of the record concerned; never a health value (no entry, no justification text).
 * Delivery is at least once: a sender may see the same {@code id} again after a failure, and should send it once.
 *
 * @param id the notification's id
 * @param person whom to tell
 * @param kind what happened
 * @param requester the user name (subject) of who did it
 * @param requesterName their display name, when the directory knows them
 * @param organisationName the organisation they act for, when any
 * @param country the country they acted from, when known
 * @param at when it happened
 * @param purpose the purpose of use they stated, for an access
 * @param crossBorder true when they acted from another country than the record's home country
 * @param emergency true for an emergency access or an opening of emergency access
 * @param categories for an access, the consent categories served (their names only)
 */
public record NotificationMessage(NotificationId id, PersonId person, NotificationKind kind, String requester,
		Optional<String> requesterName, Optional<String> organisationName, Optional<Jurisdiction> country, Instant at,
		Optional<Purpose> purpose, boolean crossBorder, boolean emergency, Set<Category> categories) {

	public NotificationMessage {
		categories = Set.copyOf(categories);
	}
}
