package org.carnet.consent;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.carnet.core.BadInput;

/**
 * The justification of a break-glass access must say something: at least 20 characters, in at least three
 * different words, not a filler of repeated characters or words. It is read by the person and by auditors.
 */
final class Justification {

	static final int MINIMUM = 20;

	static final int MAXIMUM = 1000;

	private static final String HINT = " (e.g. 'unconscious after a road accident, allergies unknown')";

	private Justification() {
	}

	/** The justification with its whitespace tidied, or bad input naming what is missing. */
	static String check(String text) {
		String tidy = text == null ? "" : text.strip().replaceAll("\\s+", " ");
		if (tidy.isEmpty()) {
			throw new BadInput("justification", "is required: say why this is an emergency" + HINT);
		}
		if (tidy.length() < MINIMUM) {
			throw new BadInput("justification", "say why this is an emergency in at least " + MINIMUM + " characters"
					+ HINT);
		}
		if (tidy.length() > MAXIMUM) {
			throw new BadInput("justification", "at most " + MAXIMUM + " characters");
		}
		Set<String> words = new HashSet<>();
		for (String word : tidy.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
			if (word.codePoints().filter(Character::isLetter).count() >= 2) {
				words.add(word);
			}
		}
		Set<Integer> characters = new HashSet<>();
		tidy.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit).forEach(characters::add);
		if (words.size() < 3 || characters.size() < 6) {
			throw new BadInput("justification", "describe the emergency in words, not filler" + HINT);
		}
		return tidy;
	}
}
