package org.carnet.core;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * The human-friendly number of a personal health record, printed on the person's paper record, e.g.
 * {@code CAR-7KQ4-M29X}. Seven random characters and a check character from an alphabet without look-alikes
 * (no 0/O, 1/I, U). The weighted sum of all eight characters (weights 1 to 8) is divisible by 31, a prime and the alphabet's
 * size, so any single wrong character and any swap of two neighbouring characters is detected.
 */
public record PhrNumber(String value) {

	static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTVWXYZ";

	private static final String PREFIX = "CAR";

	private static final int DATA_LENGTH = 7;

	private static final SecureRandom RANDOM = new SecureRandom();

	public PhrNumber {
		if (!isValid(value)) {
			throw new BadInput("phrNumber", "is not a valid PHR number (expected CAR-XXXX-XXXX)");
		}
	}

	public static PhrNumber random() {
		StringBuilder data = new StringBuilder(DATA_LENGTH);
		for (int i = 0; i < DATA_LENGTH; i++) {
			data.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		String chars = data.toString() + checkCharacter(data);
		return new PhrNumber(PREFIX + "-" + chars.substring(0, 4) + "-" + chars.substring(4));
	}

	/** Reads a number as a person types it: any case, with or without prefix, spaces or dashes. */
	public static PhrNumber parse(String text) {
		if (text == null) {
			throw new BadInput("phrNumber", "is required");
		}
		String compact = text.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
		if (compact.startsWith(PREFIX)) {
			compact = compact.substring(PREFIX.length());
		}
		if (compact.length() != DATA_LENGTH + 1) {
			throw new BadInput("phrNumber", "is not a valid PHR number (expected CAR-XXXX-XXXX)");
		}
		return new PhrNumber(PREFIX + "-" + compact.substring(0, 4) + "-" + compact.substring(4));
	}

	static boolean isValid(String value) {
		if (value == null || !value.matches(PREFIX + "-[" + ALPHABET + "]{4}-[" + ALPHABET + "]{4}")) {
			return false;
		}
		String chars = value.substring(4, 8) + value.substring(9);
		return checkCharacter(chars.substring(0, DATA_LENGTH)) == chars.charAt(DATA_LENGTH);
	}

	/** The character that makes the weighted sum of all characters (weights 1, 2, ...) divisible by 31. */
	static char checkCharacter(CharSequence data) {
		int modulus = ALPHABET.length();
		int checkWeight = data.length() + 1;
		int sum = 0;
		for (int i = 0; i < data.length(); i++) {
			sum += (i + 1) * ALPHABET.indexOf(data.charAt(i));
		}
		for (int value = 0; value < modulus; value++) {
			if ((sum + checkWeight * value) % modulus == 0) {
				return ALPHABET.charAt(value);
			}
		}
		throw new IllegalStateException("no check character; the alphabet size must be prime");
	}

	@Override
	public String toString() {
		return value;
	}
}
