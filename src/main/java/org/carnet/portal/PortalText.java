package org.carnet.portal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.carnet.core.Jurisdiction;
import org.carnet.identity.Accounts;
import org.carnet.identity.Organisation;

import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Words, names, dates and countries in the page's language. Templates reach it as {@code @text}. Names of staff and
 * organisations come from identity's directory (never health data); everything else from the message bundles.
 */
@Component("text")
class PortalText {

	private final MessageSource messages;

	private final Accounts accounts;

	private final PortalSettings settings;

	PortalText(MessageSource messages, Accounts accounts, PortalSettings settings) {
		this.messages = messages;
		this.accounts = accounts;
		this.settings = settings;
	}

	Locale locale() {
		return PortalLocales.supported(LocaleContextHolder.getLocale());
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
			return value;
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

	/** A calendar date (2025-09-14) as the page's language writes it. */
	public String date(Object iso) {
		if (iso == null) {
			return "";
		}
		try {
			return LocalDate.parse(iso.toString())
				.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale()));
		}
		catch (DateTimeParseException ex) {
			return iso.toString();
		}
	}

	/** An instant (ISO 8601 with offset) as date and time in the portal's time zone. */
	public String dateTime(Object iso) {
		Instant instant = instant(iso);
		if (instant == null) {
			return iso == null ? "" : iso.toString();
		}
		return instant.atZone(settings.zone())
			.format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
				.withLocale(locale())
				.withZone(settings.zone()));
	}

	/** An instant as a date only. */
	public String day(Object iso) {
		Instant instant = instant(iso);
		if (instant == null) {
			return iso == null ? "" : iso.toString();
		}
		return instant.atZone(settings.zone())
			.toLocalDate()
			.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale()));
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
	 * User-provided text to be placed inside a sentence, between Unicode's first-strong isolate (U+2068) and pop
	 * directional isolate (U+2069): the plain-text form of {@code <bdi>}. Text is checked at the boundary and holds
	 * no direction controls of its own, so the isolate cannot be broken out of.
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
