package org.carnet.consent;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;

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
 * @param accesses for {@link NotificationKind#RECORD_ACCESSED}: the accesses it stands for
 */
public record Notification(NotificationId id, PersonId person, NotificationKind kind, String actor,
		Optional<Jurisdiction> actorJurisdiction, Optional<UUID> reference, Instant createdAt,
		Optional<Instant> readAt, Optional<Accesses> accesses) {

	public Notification {
		accesses = accesses == null ? Optional.empty() : accesses;
	}

	/**
	 * The accesses one {@link NotificationKind#RECORD_ACCESSED} notification stands for: one requester, acting from
	 * one country for one purpose, within one hour (from {@link Notification#createdAt()}, the first of them).
	 *
	 * @param organisation the requester's organisation id, when they act for one
	 * @param purpose the purpose they stated
	 * @param crossBorder true when they acted from another country than the record's home country
	 * @param emergency true for an emergency access (purpose EMERGENCY)
	 * @param categories the consent categories served (names of parts of the record, never their contents)
	 * @param count how many accesses
	 * @param lastAt when the latest of them happened
	 */
	public record Accesses(Optional<String> organisation, Purpose purpose, boolean crossBorder, boolean emergency,
			Set<Category> categories, int count, Instant lastAt) {

		public Accesses {
			organisation = organisation == null ? Optional.empty() : organisation;
			categories = Set.copyOf(categories);
		}
	}
}
