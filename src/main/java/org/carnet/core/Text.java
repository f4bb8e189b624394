package org.carnet.core;

import java.util.Optional;

/**
 * What text a person or a system may send: the check every entry point applies to every text input before it is
 * used or stored. Refused, never silently changed: control characters (NUL, escape sequences, DEL, C1), characters
 * that reverse or reorder the text around them (bidi embeddings, overrides, isolates and marks, so that "gpj.exe"
 * cannot display as "exe.jpg"), invisible characters that hide text (zero-width space, word joiner, byte-order mark)
 * and broken characters (unpaired surrogates, noncharacters). Allowed: every script, emoji, and the joiners that
 * scripts and emoji need (ZWNJ U+200C in Persian, ZWJ U+200D in Indic scripts and emoji sequences). Tab, line feed
 * and carriage return are allowed only in multi-line text (notes, summaries, reasons...).
 * <p>
 * Text is stored and returned exactly as sent (no Unicode normalisation): a name reads back as typed; identifiers
 * that are compared (user names, codes) are ASCII and normalised where they are read.
 */
public final class Text {

	private Text() {
	}

	/** Refuses text with a character listed above, naming the field; null passes (presence is checked elsewhere). */
	public static void check(String field, String value, boolean multiLine) {
		Optional<String> problem = problem(value, multiLine);
		if (problem.isPresent()) {
			throw new BadInput(field, problem.get());
		}
	}

	/** A single-line text input: as {@link #check(String, String, boolean)} without line breaks or tabs. */
	public static void check(String field, String value) {
		check(field, value, false);
	}

	/** What is wrong with the text, in plain words (never echoing it), or empty when it is acceptable. */
	public static Optional<String> problem(String value, boolean multiLine) {
		if (value == null) {
			return Optional.empty();
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c)) {
				if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
					int codePoint = Character.toCodePoint(c, value.charAt(i + 1));
					if ((codePoint & 0xFFFE) == 0xFFFE) {
						return Optional.of(broken());
					}
					i++;
					continue;
				}
				return Optional.of(broken());
			}
			if (Character.isLowSurrogate(c)) {
				return Optional.of(broken());
			}
			Optional<String> problem = problem(c, multiLine);
			if (problem.isPresent()) {
				return problem;
			}
		}
		return Optional.empty();
	}

	private static Optional<String> problem(char c, boolean multiLine) {
		if (c == '\t' || c == '\n' || c == '\r') {
			return multiLine ? Optional.empty()
					: Optional.of("must be on one line: it contains a line break or tab (" + code(c) + ")");
		}
		if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
			return Optional.of("contains an invisible control character (" + code(c) + "), which is not allowed");
		}
		if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F
				|| c == 0x061C) {
			return Optional.of("contains a character that changes the direction of text (" + code(c)
					+ "), which could disguise what the text says; remove it");
		}
		if (c == 0x200B || (c >= 0x2060 && c <= 0x2064) || (c >= 0x206A && c <= 0x206F) || c == 0xFEFF
				|| (c >= 0xFFF9 && c <= 0xFFFB) || c == 0x2028 || c == 0x2029 || c == 0x180E) {
			return Optional.of("contains an invisible formatting character (" + code(c) + "), which is not allowed");
		}
		if (c == 0xFFFE || c == 0xFFFF || (c >= 0xFDD0 && c <= 0xFDEF)) {
			return Optional.of(broken());
		}
		return Optional.empty();
	}

	private static String broken() {
		return "contains a broken character (invalid Unicode); type the text again";
	}

	private static String code(char c) {
		return String.format("U+%04X", (int) c);
	}
}
