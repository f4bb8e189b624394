package org.carnet.consent;

import java.util.Set;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;

/**
 * A person opted in to statistics, changed their categories, or withdrew (also by the erasure of their record).
 * Published by the consent module inside the change's transaction, so that what statistics hold for the person
 * follows the agreement, or the change does not happen.
 *
 * @param person whose record
 * @param homeJurisdiction where the record is held
 * @param categories the categories that count from now on; empty: the person no longer contributes
 */
public record StatisticsConsentChanged(PersonId person, Jurisdiction homeJurisdiction, Set<Category> categories) {

	public StatisticsConsentChanged {
		categories = Set.copyOf(categories);
	}

	/** True when the person no longer contributes at all. */
	public boolean withdrawn() {
		return categories.isEmpty();
	}
}
