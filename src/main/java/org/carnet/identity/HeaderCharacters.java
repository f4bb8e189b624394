package org.carnet.identity;

/**
 * The characters Spring Security's {@code StrictHttpFirewall} allows in header names and values, checked by a loop
 * over the code points instead of its regular expressions ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}, and the same
 * with a tab allowed for values). The rule is the same; the firewall checks every header each time it is read, and
 * for a bearer token of a thousand characters the expressions took several percent of a request's processor.
 * {@code HeaderCharactersTests} compares both on every code point.
 */
final class HeaderCharacters {

	private HeaderCharacters() {
	}

	/** Every code point assigned and not a control character. */
	static boolean allowedName(String name) {
		return allowed(name, false);
	}

	/** Every code point assigned and not a control character, except that a tab is allowed. */
	static boolean allowedValue(String value) {
		return allowed(value, true);
	}

	private static boolean allowed(String text, boolean tab) {
		int length = text.length();
		for (int i = 0; i < length;) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7F) {
				// printable ASCII, the whole of nearly every header
				i++;
				continue;
			}
			int codePoint = text.codePointAt(i);
			int type = Character.getType(codePoint);
			if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tab && codePoint == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}
}
