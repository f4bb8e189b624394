package org.carnet.consent;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;

/**
 * The consent rules for records held in one jurisdiction, from {@code policies/consent/} (the jurisdiction's file
 * over {@code default.yaml}).
 *
 * @param jurisdiction the home jurisdiction these rules apply to
 * @param sources the files the rules were read from, for messages
 * @param defaultGrantDuration how long a grant without an explicit end lasts
 * @param maximumGrantDuration the longest a grant may last
 * @param breakGlassAllowed whether a clinician may open the emergency data set without a grant
 * @param breakGlassDuration how long an emergency access stays open
 * @param personMayOptOutOfBreakGlass whether the person may refuse emergency access in advance
 * @param breakGlassCategories the emergency data set (never a category of {@link #NEVER_BY_BREAK_GLASS})
 * @param shareCodeLifetime how long an unredeemed share code works
 * @param consentRequestLifetime how long an unanswered consent request stays open
 * @param euEea the countries counted as EU/EEA for transfers
 * @param statistics how statistics about this jurisdiction's persons may be published
 * @param restrictionsHidden whether requesters are kept from telling a withheld category from an empty one
 * ({@code reads.restrictions: hidden}): withheld categories then answer as empty ones, with no per-category error,
 * and every read of someone else carries the same notice that the record may be incomplete
 */
public record ConsentPolicy(Jurisdiction jurisdiction, String sources, Duration defaultGrantDuration,
		Duration maximumGrantDuration, boolean breakGlassAllowed, Duration breakGlassDuration,
		boolean personMayOptOutOfBreakGlass, Set<Category> breakGlassCategories, Duration shareCodeLifetime,
		Duration consentRequestLifetime, Set<Jurisdiction> euEea, StatisticsPolicy statistics,
		boolean restrictionsHidden) {

	/** Categories that break-glass never opens, whatever a policy file says. */
	public static final Set<Category> NEVER_BY_BREAK_GLASS = Collections.unmodifiableSet(
			EnumSet.of(Category.MENTAL_HEALTH, Category.INFECTIOUS_DISEASES, Category.REPRODUCTIVE_HEALTH));

	public ConsentPolicy {
		breakGlassCategories = Collections.unmodifiableSet(EnumSet.copyOf(breakGlassCategories));
		if (breakGlassCategories.stream().anyMatch(NEVER_BY_BREAK_GLASS::contains)) {
			throw new IllegalArgumentException("break-glass never opens " + NEVER_BY_BREAK_GLASS);
		}
		euEea = Set.copyOf(euEea);
	}

	/** True when requesters acting from {@code country} count as inside the EU/EEA for transfers. */
	public boolean isEuEea(Jurisdiction country) {
		return euEea.contains(country);
	}
}
