package org.carnet.consent;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.Category;
import org.carnet.core.PersonId;

/**
 * A person's agreement that the coded facts of some categories of their record count, without their name or id, in
 * public-health statistics (purpose PUBLIC_HEALTH). Off until the person opts in; no categories means off.
 *
 * @param person whose record
 * @param categories the categories that count, empty when the person does not contribute
 * @param since when the person last changed it, absent when they never opted in (or withdrew)
 */
public record StatisticsAgreement(PersonId person, Set<Category> categories, Optional<Instant> since) {

	public StatisticsAgreement {
		categories = Set.copyOf(categories);
	}

	static StatisticsAgreement off(PersonId person) {
		return new StatisticsAgreement(person, Set.of(), Optional.empty());
	}

	/** True when the person contributes to statistics at all. */
	public boolean contributing() {
		return !categories.isEmpty();
	}
}
