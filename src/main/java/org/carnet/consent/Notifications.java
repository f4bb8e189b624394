package org.carnet.consent;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.carnet.core.Jurisdiction;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What persons are told about their record: emergency accesses, consent requests, redeemed share codes. */
@Service
public class Notifications {

	private final NotificationStore store;

	private final Clock clock;

	Notifications(NotificationStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	/** The person's notifications, newest first. */
	@Transactional(readOnly = true)
	public List<Notification> notifications(PersonId person) {
		return store.forPerson(person);
	}

	/** The person marks one of their notifications read. */
	@Transactional
	public void markRead(Requester person, NotificationId id) {
		PersonId own = person.personId().filter(p -> person.has(Role.MIGRANT))
			.orElseThrow(() -> new NotFound("No such notification"));
		if (!store.markRead(own, id, clock.instant().truncatedTo(ChronoUnit.MICROS))) {
			throw new NotFound("No such notification");
		}
	}

	/** Tells the person about something Carnet itself did (actor {@code carnet}), inside the caller's transaction. */
	void tellSystem(PersonId person, NotificationKind kind, UUID reference, Instant at) {
		store.insert(new Notification(NotificationId.random(), person, kind, "carnet", Optional.empty(),
				Optional.ofNullable(reference), at, Optional.empty(), Optional.empty()));
	}

	/** Tells the person (inside the caller's transaction, so the notice exists exactly when the fact does). */
	void tell(PersonId person, NotificationKind kind, Requester actor, UUID reference, Instant at) {
		Optional<Jurisdiction> from = actor.jurisdiction();
		store.insert(new Notification(NotificationId.random(), person, kind, actor.subject(), from,
				Optional.ofNullable(reference), at, Optional.empty(), Optional.empty()));
	}
}
