package org.carnet.statistics;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;

/**
 * One consenting person's row of the projection: coarse and coded values only, under a pseudonym. An indicator of a
 * category the person did not let count is {@code null} (not an empty set), so that "did not contribute" and "has
 * nothing of this kind" stay apart.
 *
 * @param pseudonym the keyed pseudonym (64 hex digits), see {@link org.carnet.keyring.PersonCipher#pseudonym}
 * @param homeJurisdiction where the record is held
 * @param ageBand the person's age at first reception in 5-year bands ({@code 0-4} ... {@code 80-84}, {@code 85+}),
 * null when no date of birth is recorded
 * @param sex as recorded, null when not recorded
 * @param nationality ISO 3166-1 alpha-2, null when not recorded
 * @param receptionQuarter the calendar quarter of registration (UTC), e.g. {@code 2026-Q4}
 * @param categories the categories the person lets count
 * @param infectiousScreenings per disease screened, the latest result: {@code TUBERCULOSIS:NEGATIVE}
 * @param vaccineAntigens the antigens of the doses recorded ({@link VaccineAntigens})
 * @param conditionChapters the ICD-10 chapters (roman numerals) of the coded conditions
 * @param mentalHealthScreening the latest assessment: {@code POSITIVE} (follow-up needed) or {@code NEGATIVE}, null
 * when unknown
 * @param bloodGroup the latest blood group, null when unknown
 */
record Contribution(String pseudonym, Jurisdiction homeJurisdiction, String ageBand, String sex, String nationality,
		String receptionQuarter, Set<Category> categories, SortedSet<String> infectiousScreenings,
		SortedSet<String> vaccineAntigens, SortedSet<String> conditionChapters, String mentalHealthScreening,
		String bloodGroup) {

	Contribution {
		categories = Set.copyOf(categories);
		infectiousScreenings = sorted(infectiousScreenings);
		vaccineAntigens = sorted(vaccineAntigens);
		conditionChapters = sorted(conditionChapters);
	}

	private static SortedSet<String> sorted(Set<String> values) {
		return values == null ? null : new TreeSet<>(values);
	}
}
