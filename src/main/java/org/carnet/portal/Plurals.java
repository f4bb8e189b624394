package org.carnet.portal;

import java.util.Locale;

/**
 * The plural form a whole number takes in each portal language, by the CLDR plural rules for integers: English "1
 * day, 2 days"; French "0 jour, 1 jour, 2 jours"; Ukrainian "1 день, 2 дні, 5 днів, 21 день"; Arabic's six forms;
 * Farsi's one. A message picks its wording with {@code {1,choice,0#zero|1#one|2#two|3#few|4#many|5#other}}, the
 * formatted number being {@code {0}}: {@link java.text.ChoiceFormat} alone cannot express "ends in 2 to 4".
 */
final class Plurals {

	static final int ZERO = 0;

	static final int ONE = 1;

	static final int TWO = 2;

	static final int FEW = 3;

	static final int MANY = 4;

	static final int OTHER = 5;

	private Plurals() {
	}

	/** The plural form of {@code n} in the language of {@code locale}. */
	static int form(Locale locale, long n) {
		long absolute = Math.abs(n);
		long lastDigit = absolute % 10;
		long lastTwo = absolute % 100;
		switch (locale.getLanguage()) {
			case "ar":
				if (absolute == 0) {
					return ZERO;
				}
				if (absolute == 1) {
					return ONE;
				}
				if (absolute == 2) {
					return TWO;
				}
				if (lastTwo >= 3 && lastTwo <= 10) {
					return FEW;
				}
				return lastTwo >= 11 ? MANY : OTHER;
			case "uk":
				if (lastDigit == 1 && lastTwo != 11) {
					return ONE;
				}
				if (lastDigit >= 2 && lastDigit <= 4 && (lastTwo < 12 || lastTwo > 14)) {
					return FEW;
				}
				return MANY;
			case "fr":
				if (absolute <= 1) {
					return ONE;
				}
				// CLDR: "1 000 000 de jours"
				return absolute != 0 && absolute % 1_000_000 == 0 ? MANY : OTHER;
			case "fa":
				return absolute <= 1 ? ONE : OTHER;
			default:
				return absolute == 1 ? ONE : OTHER;
		}
	}
}
