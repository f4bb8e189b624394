package org.carnet.consent;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * The text of a share code: nine characters from an alphabet without look-alikes (no 0/O, 1/I, U), shown in
 * groups of three, e.g. {@code K7Q-4M2-9XT}. 31^9 is about 2.6 * 10^13 codes (44 bits): with codes living 15 minutes
 * and wrong guesses throttled per requester and overall, guessing a live code is hopeless.
 */
final class ShareCodeText {

	static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTVWXYZ";

	static final int LENGTH = 9;

	private static final SecureRandom RANDOM = new SecureRandom();

	private ShareCodeText() {
	}

	/** A new random code, in its compact form (no dashes). */
	static String random() {
		StringBuilder code = new StringBuilder(LENGTH);
		for (int i = 0; i < LENGTH; i++) {
			code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

	/** The code as shown to people: {@code K7Q-4M2-9XT}. */
	static String display(String compact) {
		return compact.substring(0, 3) + "-" + compact.substring(3, 6) + "-" + compact.substring(6);
	}

	/** The compact form of a code as typed (any case, spaces, dashes), or empty when it cannot be a code. */
	static Optional<String> normalise(String typed) {
		if (typed == null || typed.length() > 40) {
			return Optional.empty();
		}
		String compact = typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
		if (compact.length() != LENGTH) {
			return Optional.empty();
		}
		for (int i = 0; i < compact.length(); i++) {
			if (ALPHABET.indexOf(compact.charAt(i)) < 0) {
				return Optional.empty();
			}
		}
		return Optional.of(compact);
	}
}
