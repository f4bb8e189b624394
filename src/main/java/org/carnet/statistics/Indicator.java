package org.carnet.statistics;

import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.carnet.core.BadInput;
import org.carnet.core.Category;
import org.carnet.record.content.BloodGroupEntry;
import org.carnet.record.content.InfectiousDiseaseScreening;

/**
 * What a statistics answer counts: a share among the persons who let a category count and have something of that
 * kind recorded. Each names its category (only persons who opted in to it are counted) and, where one is needed, its
 * subject (a disease, an antigen, an ICD-10 chapter, a blood group).
 */
public enum Indicator {

	/** Among persons screened for the subject disease, those whose latest screening was positive. */
	SCREENING_POSITIVE(Category.INFECTIOUS_DISEASES, names(InfectiousDiseaseScreening.Disease.values())),

	/** Among persons who let vaccinations count, those with a dose against the subject antigen. */
	VACCINATED(Category.VACCINATIONS, null),

	/** Among persons who let conditions count, those with a coded condition in the subject ICD-10 chapter. */
	CONDITION_CHAPTER(Category.CONDITIONS, Set.of("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI",
			"XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII")),

	/** Among persons with a mental-health screening, those whose latest one asked for follow-up. */
	MENTAL_HEALTH_POSITIVE(Category.MENTAL_HEALTH, Set.of()),

	/** Among persons with a blood group recorded, those of the subject group. */
	BLOOD_GROUP(Category.VITALS, names(BloodGroupEntry.BloodGroup.values()));

	private static final Pattern SUBJECT = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");

	private final Category category;

	/** The subjects it takes; empty: none; null: any well-formed one (antigens, whose list grows). */
	private final Set<String> subjects;

	Indicator(Category category, Set<String> subjects) {
		this.category = category;
		this.subjects = subjects;
	}

	/** The category a person must have let count. */
	public Category category() {
		return category;
	}

	/** The subject, checked: required where the indicator needs one, refused where it takes none. */
	String subject(String given) {
		if (subjects != null && subjects.isEmpty()) {
			if (given != null) {
				throw new BadInput("subject", name() + " takes no subject");
			}
			return null;
		}
		if (given == null || !SUBJECT.matcher(given).matches()) {
			throw new BadInput("subject", name() + " needs a subject in capitals, like "
					+ (subjects == null ? "MEASLES" : subjects.iterator().next()));
		}
		if (subjects != null && !subjects.contains(given)) {
			throw new BadInput("subject", given + " is not a subject of " + name() + " (one of "
					+ subjects.stream().sorted().collect(Collectors.joining(", ")) + ")");
		}
		return given;
	}

	private static Set<String> names(Enum<?>[] values) {
		return Arrays.stream(values).map(Enum::name).collect(Collectors.toUnmodifiableSet());
	}
}
