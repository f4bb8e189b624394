package org.carnet.consent;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

import org.carnet.core.BadInput;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which accesses to their record each person is told about ({@link NotificationPreference}); changed by the person
 * alone. Until they choose, {@link NotificationPreference#DEFAULT} applies.
 */
@Service
public class NotificationPreferences {

	private final NotificationPreferenceStore store;

	private final Clock clock;

	NotificationPreferences(NotificationPreferenceStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	/** The person's choice, or the default when they never chose. */
	@Transactional(readOnly = true)
	public NotificationPreference of(PersonId person) {
		return store.find(person).orElse(NotificationPreference.DEFAULT);
	}

	/**
	 * The person sets their choice (role MIGRANT, their own record only; anyone else is refused and nothing is
	 * written) and gets back what is stored.
	 */
	@Transactional
	public NotificationPreference set(Requester by, PersonId person, NotificationPreference preference) {
		Grants.requirePerson(by, person);
		if (preference == null) {
			throw new BadInput("preference", "is required");
		}
		store.save(person, preference, clock.instant().truncatedTo(ChronoUnit.MICROS), by.subject());
		return store.find(person).orElseThrow();
	}
}
