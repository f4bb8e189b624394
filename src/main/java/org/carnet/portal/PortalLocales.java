package org.carnet.portal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.i18n.CookieLocaleResolver;

/**
 * The languages of the pages: the one chosen with the switch (kept in a cookie), else the browser's best supported
 * preference, else English. Arabic and Farsi are written right to left.
 */
final class PortalLocales extends CookieLocaleResolver {

	static final String PARAMETER = "lang";

	static final String COOKIE = "carnet_lang";

	static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("ar"),
			Locale.forLanguageTag("fa"), Locale.FRENCH, Locale.forLanguageTag("uk"));

	/**
	 * The languages of destination countries that are not the portal's: offered for the second column of the printed
	 * summary only, whose words they have in {@code print/messages_*.properties}. The resolver never picks them, so no
	 * page of the portal speaks them.
	 */
	static final List<Locale> PRINT_ONLY = List.of(Locale.forLanguageTag("el"), Locale.ITALIAN, Locale.GERMAN,
			Locale.forLanguageTag("es"));

	/** Each print-only language named in itself. */
	private static final Map<String, String> PRINT_ONLY_NAMES = Map.of("el", "Ελληνικά", "it", "Italiano", "de",
			"Deutsch", "es", "Español");

	private static final List<String> RIGHT_TO_LEFT = List.of("ar", "fa");

	PortalLocales() {
		super(COOKIE);
		setCookieHttpOnly(true);
		setCookieSameSite("Lax");
		setDefaultLocaleFunction(PortalLocales::fromBrowser);
	}

	@Override
	public Locale resolveLocale(HttpServletRequest request) {
		return supported(super.resolveLocale(request));
	}

	@Override
	public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
		super.setLocale(request, response, locale == null ? null : supported(locale));
	}

	static boolean rightToLeft(Locale locale) {
		return RIGHT_TO_LEFT.contains(locale.getLanguage());
	}

	private static Locale fromBrowser(HttpServletRequest request) {
		return fromAcceptLanguage(request.getHeader("Accept-Language"));
	}

	/**
	 * The language from the raw headers, for answers written before any application code runs (Tomcat's error
	 * report): the switch's cookie, else the browser's preference, else English.
	 */
	static Locale fromHeaders(String cookies, String acceptLanguage) {
		if (cookies != null) {
			for (String cookie : cookies.split(";")) {
				String[] pair = cookie.trim().split("=", 2);
				if (pair.length == 2 && pair[0].equals(COOKIE)) {
					Locale chosen = Locale.forLanguageTag(pair[1].trim().replace("\"", "").replace('_', '-'));
					if (SUPPORTED.stream().anyMatch(l -> l.getLanguage().equals(chosen.getLanguage()))) {
						return supported(chosen);
					}
				}
			}
		}
		return fromAcceptLanguage(acceptLanguage);
	}

	private static Locale fromAcceptLanguage(String header) {
		if (header == null || header.isBlank()) {
			return Locale.ENGLISH;
		}
		try {
			Locale best = Locale.lookup(Locale.LanguageRange.parse(header), SUPPORTED);
			return best == null ? Locale.ENGLISH : best;
		}
		catch (IllegalArgumentException ex) {
			return Locale.ENGLISH;
		}
	}

	/** A print-only language named in itself ("Ελληνικά"). */
	static String printOnlyName(Locale locale) {
		return PRINT_ONLY_NAMES.get(locale.getLanguage());
	}

	/** The print-only locale of the same language, or null. */
	static Locale printOnly(Locale locale) {
		if (locale == null) {
			return null;
		}
		return PRINT_ONLY.stream()
			.filter(candidate -> candidate.getLanguage().equals(locale.getLanguage()))
			.findFirst()
			.orElse(null);
	}

	/** The supported locale of the same language, or English: never a language without messages. */
	static Locale supported(Locale locale) {
		if (locale == null) {
			return Locale.ENGLISH;
		}
		for (Locale candidate : SUPPORTED) {
			if (candidate.getLanguage().equals(locale.getLanguage())) {
				return candidate;
			}
		}
		return Locale.ENGLISH;
	}
}
