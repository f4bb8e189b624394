package org.carnet.core;

import java.util.Locale;
import java.util.Set;

/** A country as ISO 3166-1 alpha-2 code: where a record resides or where a requester acts from. */
public record Jurisdiction(String code) {

	private static final Set<String> CODES = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);

	public Jurisdiction {
		if (code == null || !CODES.contains(code)) {
			throw new BadInput("country", "'" + code + "' is not an ISO 3166-1 alpha-2 country code");
		}
	}

	public static Jurisdiction of(String code) {
		return new Jurisdiction(code);
	}

	/** Parses a code given by a caller; an unknown one is bad input naming {@code field}. */
	public static Jurisdiction parse(String code, String field) {
		String normalised = code == null ? null : code.trim().toUpperCase(Locale.ROOT);
		if (normalised == null || !CODES.contains(normalised)) {
			throw new BadInput(field, "'" + code + "' is not an ISO 3166-1 alpha-2 country code");
		}
		return new Jurisdiction(normalised);
	}

	public static boolean isKnown(String code) {
		return code != null && CODES.contains(code);
	}

	/** The country's English name, for pages and logs of ids. */
	public String displayName() {
		return new Locale("", code).getDisplayCountry(Locale.ENGLISH);
	}

	@Override
	public String toString() {
		return code;
	}
}
