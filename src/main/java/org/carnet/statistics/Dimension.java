package org.carnet.statistics;

/** What a statistics answer may be grouped and filtered by: the projection's coarse values, nothing finer. */
public enum Dimension {

	/** Five-year band of the age at first reception ({@code 25-29}, {@code 85+}); {@code UNKNOWN} without a date of birth. */
	AGE_BAND("age_band"),

	/** As recorded ({@code FEMALE}, ...); {@code UNKNOWN} when not. */
	SEX("sex"),

	/** ISO 3166-1 alpha-2; {@code UNKNOWN} when not recorded. */
	NATIONALITY("nationality"),

	/** Where the record is held: the country of reception. */
	HOME_JURISDICTION("home_jurisdiction"),

	/** The calendar quarter of registration ({@code 2026-Q4}). */
	RECEPTION_QUARTER("reception_quarter");

	/** The value of a person without one. */
	public static final String UNKNOWN = "UNKNOWN";

	private final String column;

	Dimension(String column) {
		this.column = column;
	}

	/** The projection's column (a constant, never the caller's text). */
	String column() {
		return column;
	}
}
