package org.carnet.record.content;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

import org.carnet.core.BadInput;
import org.carnet.core.Jurisdiction;
import org.carnet.core.Text;

/**
 * Input checks with messages a clinician can act on, each naming the field. Knows today's date (with a day's leeway
 * for time zones) so that a date in the future is refused.
 */
public final class Check {

	/** Longest free text accepted in one field. */
	public static final int MAX_TEXT = 2000;

	/** Longest name-like text (substance, vaccine, test name...). */
	public static final int MAX_NAME = 200;

	/** Fields this long are paragraphs (notes, summaries, an address) and may hold line breaks; shorter ones not. */
	static final int MULTI_LINE_FROM = 500;

	/** The earliest day accepted in a record: nobody living was born, or treated, before it. */
	public static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

	private static final Pattern ICD10 = Pattern.compile("[A-TV-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?");

	private final String prefix;

	private final LocalDate today;

	public Check(String prefix, LocalDate today) {
		this.prefix = prefix;
		this.today = today;
	}

	String field(String name) {
		return prefix + "." + name;
	}

	public void required(String name, Object value) {
		if (value == null) {
			throw new BadInput(field(name), "is required");
		}
	}

	/** Required text: not blank, at most {@code max} characters. */
	public void text(String name, String value, int max) {
		if (value == null || value.isBlank()) {
			throw new BadInput(field(name), "must not be empty");
		}
		optionalText(name, value, max);
	}

	/**
	 * Optional text, at most {@code max} characters, free of control, direction-changing and invisible characters
	 * ({@link Text}); line breaks only in long text (fields allowing {@link #MULTI_LINE_FROM} characters or more).
	 */
	public void optionalText(String name, String value, int max) {
		if (value != null && value.length() > max) {
			throw new BadInput(field(name), "is longer than " + max + " characters");
		}
		Text.check(field(name), value, max >= MULTI_LINE_FROM);
	}

	/**
	 * A day that already happened: not before {@link #EARLIEST} and not after today (with a day's leeway for time
	 * zones).
	 */
	public void notInFuture(String name, LocalDate date) {
		if (date != null && date.isAfter(today.plusDays(1))) {
			throw new BadInput(field(name), "must not be in the future");
		}
		notTooEarly(name, date);
	}

	/** A day still to come, e.g. an expected delivery: at most {@code maxDaysAhead} days after today. */
	public void upcoming(String name, LocalDate date, int maxDaysAhead) {
		if (date != null && date.isAfter(today.plusDays(maxDaysAhead))) {
			throw new BadInput(field(name), "must be at most " + maxDaysAhead + " days from today");
		}
		notTooEarly(name, date);
	}

	private void notTooEarly(String name, LocalDate date) {
		if (date != null && date.isBefore(EARLIEST)) {
			throw new BadInput(field(name), "must not be before " + EARLIEST);
		}
	}

	public void notBefore(String name, LocalDate date, String earlierName, LocalDate earlier) {
		if (date != null && earlier != null && date.isBefore(earlier)) {
			throw new BadInput(field(name), "must not be before " + field(earlierName));
		}
	}

	public void country(String name, String code) {
		if (code != null && !Jurisdiction.isKnown(code)) {
			throw new BadInput(field(name), "'" + code + "' is not an ISO 3166-1 alpha-2 country code");
		}
	}

	public void icd10(String name, String code) {
		if (code != null && !ICD10.matcher(code).matches()) {
			throw new BadInput(field(name), "'" + code + "' is not an ICD-10 code (e.g. A15.0, E11, J45.9)");
		}
	}

	public void range(String name, Integer value, int min, int max) {
		if (value != null && (value < min || value > max)) {
			throw new BadInput(field(name), "must be between " + min + " and " + max);
		}
	}

	public void list(String name, List<?> values, int maxItems) {
		if (values != null && values.size() > maxItems) {
			throw new BadInput(field(name), "has more than " + maxItems + " items");
		}
	}

	/** Checks for an element of a list, prefixed {@code name[i]}. */
	public Check element(String name, int index) {
		return new Check(field(name) + "[" + index + "]", today);
	}

	/** Checks for a nested object, prefixed {@code name}. */
	public Check nested(String name) {
		return new Check(field(name), today);
	}
}
