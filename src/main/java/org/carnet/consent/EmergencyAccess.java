package org.carnet.consent;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;

/**
 * An emergency access (break-glass) a clinician opened without a grant: an immutable fact. It lets that clinician,
 * acting from that jurisdiction, read the emergency data set for the purpose EMERGENCY until it expires.
 *
 * @param id its id
 * @param person whose record
 * @param home the person's home jurisdiction (whose policy set the duration and data set)
 * @param clinician the subject of the clinician who opened it
 * @param organisation the clinician's organisation, if any
 * @param jurisdiction the country the clinician acted from
 * @param justification why, in the clinician's words
 * @param categories the emergency data set it opens
 * @param openedAt when it was opened
 * @param expiresAt when it closes (exclusive)
 */
public record EmergencyAccess(EmergencyAccessId id, PersonId person, Jurisdiction home, String clinician,
		Optional<String> organisation, Jurisdiction jurisdiction, String justification, Set<Category> categories,
		Instant openedAt, Instant expiresAt) {

	public EmergencyAccess {
		categories = Collections.unmodifiableSet(categories.isEmpty() ? EnumSet.noneOf(Category.class)
				: EnumSet.copyOf(categories));
	}

	public boolean isOpenAt(Instant time) {
		return !time.isBefore(openedAt) && time.isBefore(expiresAt);
	}
}
