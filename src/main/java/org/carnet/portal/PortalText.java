package org.carnet.portal;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.DecimalStyle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.carnet.core.Jurisdiction;
import org.carnet.identity.Accounts;
import org.carnet.identity.Organisation;

import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Words, names, dates and countries in the page's language. Templates reach it as {@code @text}. Names of staff and
 * organisations come from identity's directory (never health data); everything else from the message bundles.
 */
@Component("text")
class PortalText {

	/**
	 * A date as all five languages write it in full ("14 September 2025", "14 вересня 2025"): day, month name, year;
	 * not CLDR's Ukrainian long form, whose "р." doubled the period ending a sentence. Digits are the language's own
	 * (Arabic-Indic, Persian) by {@link DecimalStyle}. Greek and Italian write it so too ("14 Σεπτεμβρίου 2025");
	 * German and Spanish, of the printed summary only, their own way ({@link #DATES}).
	 */
	private static final String DATE = "d MMMM y";

	/** The languages that write a date otherwise: "14. September 2025", "14 de septiembre de 2025". */
	private static final Map<String, String> DATES = Map.of("de", "d. MMMM y", "es", "d 'de' MMMM 'de' y");

	/** Date and time: a 24-hour clock, except in Arabic (12 hours with ص and م); the language's own comma. */
	private static final Map<String, String> DATE_TIME = Map.of("en", "d MMMM y, HH:mm", "fr", "d MMMM y 'à' HH:mm",
			"uk", "d MMMM y 'о' HH:mm", "ar", "d MMMM y، h:mm a", "fa", "d MMMM y، 'ساعت' H:mm", "el",
			"d MMMM y, HH:mm", "it", "d MMMM y, HH:mm", "de", "d. MMMM y, HH:mm", "es", "d 'de' MMMM 'de' y, HH:mm");

	private final MessageSource messages;

	private final Accounts accounts;

	private final PortalSettings settings;

	PortalText(MessageSource messages, Accounts accounts, PortalSettings settings) {
		this.messages = messages;
		this.accounts = accounts;
		this.settings = settings;
	}

	/**
	 * The language of the words: the page's, always one of the portal's; or, while a column of the printed summary is
	 * written in one ({@link SummaryPages}), a print-only language set explicitly in the locale context.
	 */
	Locale locale() {
		LocaleContext context = LocaleContextHolder.getLocaleContext();
		Locale printOnly = PortalLocales.printOnly(context == null ? null : context.getLocale());
		return printOnly != null ? printOnly : PortalLocales.supported(LocaleContextHolder.getLocale());
	}

	/** The message; a missing key fails loudly (the bundles test keeps them complete). */
	String msg(String key, Object... args) {
		return messages.getMessage(key, args.length == 0 ? null : args, locale());
	}

	/** The label of an enum value of the schema, e.g. {@code label("AllergySeverity", "SEVERE")}. */
	public String label(String type, Object value) {
		if (value == null) {
			return "";
		}
		try {
			return msg("enum." + type + "." + value);
		}
		catch (NoSuchMessageException ex) {
			return String.valueOf(value);
		}
	}

	/** A category as a noun within a sentence ("allergies"). */
	public String category(Object category) {
		return msg("category." + category + ".name");
	}

	public String categoryTitle(Object category) {
		return msg("category." + category + ".title");
	}

	public String purpose(Object purpose) {
		return msg("purpose." + purpose + ".name");
	}

	/** A country's name in the page's language; the code itself when it is not a country. */
	public String country(Object code) {
		if (code == null) {
			return "";
		}
		String value = code.toString();
		if (!Jurisdiction.isKnown(value)) {
			return isolate(value);
		}
		return new Locale("", value).getDisplayCountry(locale());
	}

	public String countries(Collection<?> codes) {
		List<String> names = new ArrayList<>();
		if (codes != null) {
			codes.forEach(code -> names.add(country(code)));
		}
		return and(names);
	}

	/** A language (ISO 639) in the page's language. */
	public String language(Object code) {
		if (code == null) {
			return "";
		}
		String name = Locale.forLanguageTag(code.toString()).getDisplayLanguage(locale());
		return name.isEmpty() ? code.toString() : name;
	}

	/** "a, b and c" in the page's language. */
	public String and(List<String> items) {
		if (items.isEmpty()) {
			return "";
		}
		if (items.size() == 1) {
			return items.get(0);
		}
		String separator = msg("list.separator");
		String last = msg("list.and");
		return String.join(separator, items.subList(0, items.size() - 1)) + last + items.get(items.size() - 1);
	}

	/** A calendar date (2025-09-14) as the page's language writes it ("14 September 2025"), isolated. */
	public String date(Object iso) {
		if (iso == null) {
			return "";
		}
		try {
			return isolate(LocalDate.parse(iso.toString()).format(formatter(datePattern())));
		}
		catch (DateTimeParseException ex) {
			return isolate(iso);
		}
	}

	/** An instant (ISO 8601 with offset) as date and time in the portal's time zone, isolated. */
	public String dateTime(Object iso) {
		Instant instant = instant(iso);
		if (instant == null) {
			return isolate(iso);
		}
		String pattern = DATE_TIME.getOrDefault(locale().getLanguage(), DATE_TIME.get("en"));
		return isolate(instant.atZone(settings.zone()).format(formatter(pattern)));
	}

	/** An instant as a date only (in the portal's time zone), isolated. */
	public String day(Object iso) {
		Instant instant = instant(iso);
		if (instant == null) {
			return isolate(iso);
		}
		return isolate(instant.atZone(settings.zone()).toLocalDate().format(formatter(datePattern())));
	}

	/** The year of a date, in the language's digits and without the grouping a number would get ("1996"). */
	String year(LocalDate date) {
		return date.format(formatter("y"));
	}

	/** Today in the portal's time zone. */
	LocalDate today() {
		return LocalDate.now(settings.zone());
	}

	private String datePattern() {
		return DATES.getOrDefault(locale().getLanguage(), DATE);
	}

	private DateTimeFormatter formatter(String pattern) {
		Locale locale = locale();
		return DateTimeFormatter.ofPattern(pattern, locale).withDecimalStyle(DecimalStyle.of(locale));
	}

	/** A number with the language's digits and separators ("1,234" in English, "١٬٢٣٤" in Arabic). */
	public String number(Object value) {
		if (value == null) {
			return "";
		}
		Number number;
		if (value instanceof Number given) {
			number = given;
		}
		else {
			try {
				number = new BigDecimal(value.toString().trim());
			}
			catch (NumberFormatException ex) {
				return isolate(value);
			}
		}
		boolean whole = number instanceof Integer || number instanceof Long || number instanceof Short
				|| (number instanceof BigDecimal decimal && decimal.stripTrailingZeros().scale() <= 0);
		NumberFormat format = whole ? NumberFormat.getIntegerInstance(locale())
				: NumberFormat.getNumberInstance(locale());
		return format.format(number);
	}

	/**
	 * A count with its noun in the right plural form of the language: {@code count("count.days", 21)} is "21 days",
	 * "21 день" in Ukrainian. The message has the formatted number as {0} and the plural form ({@link Plurals}) as {1}.
	 */
	public String count(String key, long n) {
		return msg(key, number(n), Plurals.form(locale(), n));
	}

	/** A number of days ("1 day", "30 days"). */
	public String days(Object n) {
		return n instanceof Number number ? count("count.days", number.longValue()) : "";
	}

	/**
	 * The direction a value reads in: that of its first letter, or left to right when it has none (a phone number, a
	 * dose such as 1-0-1, a range such as 3.5 - 5.0 read in their own order, never reversed by a right-to-left page).
	 */
	public String direction(Object value) {
		if (value != null) {
			String text = value.toString();
			for (int i = 0; i < text.length(); i++) {
				byte direction = Character.getDirectionality(text.charAt(i));
				if (direction == Character.DIRECTIONALITY_LEFT_TO_RIGHT) {
					return "ltr";
				}
				if (direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT
						|| direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC) {
					return "rtl";
				}
			}
		}
		return "ltr";
	}

	static Instant instant(Object iso) {
		if (iso == null) {
			return null;
		}
		try {
			return OffsetDateTime.parse(iso.toString()).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * The name a user is shown with (the user name itself when the directory has none), isolated: it keeps its own
	 * direction inside any sentence, so an Arabic name does not reorder the words around it.
	 */
	public String person(Object subject) {
		if (subject == null) {
			return "";
		}
		return isolate(accounts.displayName(subject.toString()).orElse(subject.toString()));
	}

	/**
	 * A value to be placed inside a sentence (a name, a date, a PHR number, a phone number, a code), between Unicode's
	 * first-strong isolate (U+2068) and pop directional isolate (U+2069): the plain-text form of {@code <bdi>}. The
	 * value reads in the direction of its first letter, left to right when it has none (digits, signs), whatever the
	 * page's direction, and does not reorder the words around it. Text is checked at the boundary and holds no
	 * direction controls of its own, so the isolate cannot be broken out of.
	 */
	public String isolate(Object text) {
		if (text == null || text.toString().isEmpty()) {
			return "";
		}
		return "\u2068" + text + "\u2069";
	}

	/** An organisation's name, with its country. */
	public String organisation(Object id) {
		if (id == null) {
			return "";
		}
		return accounts.organisation(id.toString())
			.map(this::organisationName)
			.orElse(isolate(id));
	}

	private String organisationName(Organisation organisation) {
		return msg("organisation.inCountry", isolate(organisation.name()),
				country(organisation.jurisdiction().code()));
	}
}
