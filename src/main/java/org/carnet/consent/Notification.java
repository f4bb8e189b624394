package org.carnet.consent;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;

/**
 * Something the person is told about their record; ids and names only, never a health value.
 *
 * @param id its id
 * @param person who is told
 * @param kind what happened
 * @param actor the subject of who did it
 * @param actorJurisdiction the country they acted from
 * @param reference what it is about: the emergency access, consent request or grant
 * @param createdAt when
 * @param readAt when the person marked it read
 */
public record Notification(NotificationId id, PersonId person, NotificationKind kind, String actor,
		Optional<Jurisdiction> actorJurisdiction, Optional<UUID> reference, Instant createdAt,
		Optional<Instant> readAt) {
}
