package org.carnet.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dates, numbers and counts as each of the five languages writes them (issue 12, item 15), and values in their own
 * direction (item 11): the portal's own bundles and {@link PortalText}, as the pages use them.
 */
class PortalReadableTests {

	private static final List<String> LANGUAGES = List.of("en", "fr", "uk", "ar", "fa");

	private final PortalText text = new PortalText(messages(), null, new PortalSettings(null, "Europe/Athens", 25));

	@AfterEach
	void resetLanguage() {
		LocaleContextHolder.resetLocaleContext();
	}

	@Test
	void datesReadAsEachLanguageWritesThemWithItsOwnDigits() {
		Map<String, String> dates = Map.of("en", "14 September 2025", "fr", "14 septembre 2025", "uk",
				"14 вересня 2025", "ar", "١٤ سبتمبر ٢٠٢٥", "fa", "۱۴ سپتامبر ۲۰۲۵");
		// 07:05 UTC is 10:05 in Athens (summer time)
		Map<String, String> times = Map.of("en", "14 September 2025, 10:05", "fr", "14 septembre 2025 à 10:05", "uk",
				"14 вересня 2025 о 10:05", "ar", "١٤ سبتمبر ٢٠٢٥، ١٠:٠٥ ص", "fa", "۱۴ سپتامبر ۲۰۲۵، ساعت ۱۰:۰۵");
		for (String language : LANGUAGES) {
			speak(language);
			assertThat(plain(text.date("2025-09-14"))).as(language).isEqualTo(dates.get(language));
			assertThat(plain(text.day("2025-09-14T07:05:00Z"))).as(language).isEqualTo(dates.get(language));
			assertThat(plain(text.dateTime("2025-09-14T07:05:00Z"))).as(language).isEqualTo(times.get(language));
			assertThat(text.year(LocalDate.of(1996, 4, 2))).as(language)
				.isEqualTo(Map.of("ar", "١٩٩٦", "fa", "۱۹۹۶").getOrDefault(language, "1996"));
		}
	}

	/** The Ukrainian date ended with "р.", and a sentence ending with a date then ended with "..". */
	@Test
	void noDateEndsWithAPeriodSoNoSentenceEndsWithTwo() {
		for (String language : LANGUAGES) {
			speak(language);
			for (int month = 1; month <= 12; month++) {
				String date = plain(text.date(LocalDate.of(2026, month, 28).toString()));
				String time = plain(text.dateTime("2026-%02d-28T21:45:00Z".formatted(month)));
				assertThat(date).as(language).doesNotEndWith(".").doesNotContain("..");
				assertThat(time).as(language).doesNotEndWith(".").doesNotContain("..");
			}
			// every message that puts a value at the end of a sentence, given a date there, ends with one period
			Properties bundle = bundle(language);
			List<String> sentences = new ArrayList<>();
			for (String key : bundle.stringPropertyNames()) {
				String pattern = bundle.getProperty(key);
				if (pattern.matches("(?s).*\\{\\d+}\\.$")) {
					Object[] arguments = new Object[10];
					java.util.Arrays.fill(arguments, text.dateTime("2026-03-03T09:15:00Z"));
					sentences.add(plain(new MessageFormat(pattern, text.locale()).format(arguments)));
				}
			}
			assertThat(sentences).as(language).isNotEmpty().noneMatch(sentence -> sentence.contains(".."));
		}
	}

	@Test
	void countsTakeThePluralFormOfTheLanguage() {
		speak("en");
		assertThat(List.of(text.days(1), text.days(2), text.days(30))).containsExactly("1 day", "2 days", "30 days");
		speak("fr");
		assertThat(List.of(text.days(0), text.days(1), text.days(7))).containsExactly("0 jour", "1 jour", "7 jours");
		speak("uk");
		assertThat(List.of(text.days(1), text.days(3), text.days(7), text.days(11), text.days(21), text.days(22),
				text.days(365)))
			.containsExactly("1 день", "3 дні", "7 днів", "11 днів", "21 день", "22 дні", "365 днів");
		assertThat(text.count("count.years", 24)).isEqualTo("24 роки");
		speak("ar");
		assertThat(List.of(text.days(1), text.days(2), text.days(7), text.days(30), text.days(100), text.days(103)))
			.containsExactly("يوم واحد", "يومين", "٧ أيام", "٣٠ يومًا", "١٠٠ يوم", "١٠٣ أيام");
		speak("fa");
		assertThat(List.of(text.days(1), text.days(30))).containsExactly("۱ روز", "۳۰ روز");
	}

	@Test
	void numbersHaveTheDigitsAndSeparatorsOfTheLanguage() {
		speak("en");
		assertThat(text.number(1234)).isEqualTo("1,234");
		assertThat(text.number("2.5")).isEqualTo("2.5");
		speak("ar");
		assertThat(text.number(1234)).isEqualTo("١٬٢٣٤");
		speak("fa");
		assertThat(text.number(16)).isEqualTo("۱۶");
		speak("uk");
		assertThat(text.number(1234).replace('\u00a0', ' ').replace('\u202f', ' ')).isEqualTo("1 234");
	}

	@Test
	void aValueReadsInTheDirectionOfItsFirstLetterAndLeftToRightWithoutOne() {
		assertThat(text.direction("+49 170 1234567")).isEqualTo("ltr");
		assertThat(text.direction("12.0 - 15.5")).isEqualTo("ltr");
		assertThat(text.direction("500 mg")).isEqualTo("ltr");
		assertThat(text.direction("٥٠٠ ملغ")).isEqualTo("rtl");
		assertThat(text.direction("ليلى")).isEqualTo("rtl");
		assertThat(text.direction("لیلا Rahimi")).isEqualTo("rtl");
		assertThat(text.direction(null)).isEqualTo("ltr");
	}

	@Test
	void valuesPlacedInSentencesAreIsolated() {
		speak("ar");
		assertThat(text.date("2025-09-14")).startsWith("\u2068").endsWith("\u2069");
		assertThat(text.dateTime("2025-09-14T07:05:00Z")).startsWith("\u2068").endsWith("\u2069");
		assertThat(text.isolate("+49 170 1234567")).isEqualTo("\u2068+49 170 1234567\u2069");
		// not a date: shown as it came, still isolated
		assertThat(text.date("soon")).isEqualTo("\u2068soon\u2069");
		assertThat(text.date(null)).isEmpty();
	}

	private static void speak(String language) {
		LocaleContextHolder.setLocale(Locale.forLanguageTag(language));
	}

	private static String plain(String value) {
		return value.replace("\u2068", "").replace("\u2069", "");
	}

	private static ResourceBundleMessageSource messages() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasename("messages");
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		return messages;
	}

	private static Properties bundle(String language) {
		String name = language.equals("en") ? "messages.properties" : "messages_" + language + ".properties";
		Properties properties = new Properties();
		try (InputStream in = PortalReadableTests.class.getClassLoader().getResourceAsStream(name)) {
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return properties;
	}
}
