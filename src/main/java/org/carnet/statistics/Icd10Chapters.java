package org.carnet.statistics;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The chapter (I to XXII) of an ICD-10 code, from its letter and first two digits (WHO ICD-10, 2019). */
final class Icd10Chapters {

	private static final Pattern CODE = Pattern.compile("^([A-Z])(\\d{2})");

	/** First code of each chapter, in order; a code belongs to the last chapter whose first code it does not precede. */
	private static final String[][] CHAPTERS = { { "A00", "I" }, { "C00", "II" }, { "D50", "III" }, { "E00", "IV" },
			{ "F00", "V" }, { "G00", "VI" }, { "H00", "VII" }, { "H60", "VIII" }, { "I00", "IX" }, { "J00", "X" },
			{ "K00", "XI" }, { "L00", "XII" }, { "M00", "XIII" }, { "N00", "XIV" }, { "O00", "XV" }, { "P00", "XVI" },
			{ "Q00", "XVII" }, { "R00", "XVIII" }, { "S00", "XIX" }, { "U00", "XXII" }, { "V01", "XX" },
			{ "Z00", "XXI" } };

	private Icd10Chapters() {
	}

	static Optional<String> of(String code) {
		if (code == null) {
			return Optional.empty();
		}
		Matcher matcher = CODE.matcher(code.strip().toUpperCase(Locale.ROOT));
		if (!matcher.find()) {
			return Optional.empty();
		}
		String head = matcher.group(1) + matcher.group(2);
		String chapter = null;
		for (String[] start : CHAPTERS) {
			if (head.compareTo(start[0]) >= 0) {
				chapter = start[1];
			}
		}
		return Optional.ofNullable(chapter);
	}
}
