package org.carnet.portal;

import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.carnet.identity.Accounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.graphql.GraphQlRequest;
import org.springframework.graphql.GraphQlResponse;
import org.springframework.graphql.client.GraphQlClient;
import org.springframework.graphql.client.GraphQlTransport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The printed summary's column in the destination languages that are not the portal's (Greek, Italian, German,
 * Spanish): each print bundle has every word an English column resolves, built from a record with every section,
 * detail and alert filled in (recorded as the column asks for them, so a new word in the column fails here until it is
 * translated), and every label of every enum the sections show.
 */
class PrintLanguagesTests {

	private static final List<String> PRINT_ONLY = List.of("el", "it", "de", "es");

	private final Properties english = PortalMessagesTests.bundle("messages.properties");

	@AfterEach
	void resetLanguage() {
		LocaleContextHolder.resetLocaleContext();
	}

	@Test
	void printOnlyLanguagesAreTheDestinationCountriesOthersNamedInThemselves() {
		assertThat(PortalLocales.PRINT_ONLY).extracting(Locale::getLanguage).containsExactlyElementsOf(PRINT_ONLY);
		assertThat(PortalLocales.PRINT_ONLY).extracting(PortalLocales::printOnlyName)
			.containsExactly("Ελληνικά", "Italiano", "Deutsch", "Español");
		// the pages never speak them: the resolver's choice stays one of the portal's five
		assertThat(PortalLocales.supported(Locale.forLanguageTag("el"))).isEqualTo(Locale.ENGLISH);
	}

	@Test
	void everyWordAnEnglishColumnResolvesIsInEachPrintBundle() {
		Set<String> resolved = new TreeSet<>();
		SummaryPages pages = pages(new RecordingMessages(messages(), resolved));
		for (Map<String, Object> identity : identities()) {
			pages.column(answer(identity, List.of()), Locale.ENGLISH);
		}
		// every section named in the lines of those not shared (and, alike, of those with nothing recorded)
		pages.column(answer(identities().get(0),
				RecordSections.ALL.stream().map(RecordSections.Section::field).toList()), Locale.ENGLISH);
		assertThat(resolved).contains("print.heading", "print.printedOn", "record.nothing", "record.notShared",
				"glance.bornIn", "glance.age", "glance.ageAbout", "glance.alert.pregnancy", "record.recorded",
				"field.encounters.referral", "enum.Urgency.URGENT", "field.vitals.note");
		// every label of an enum a section or a referral shows, not only the values of this record
		Set<String> needed = new TreeSet<>(resolved);
		for (RecordSections.Section section : RecordSections.ALL) {
			for (RecordSections.Detail detail : section.details()) {
				if (detail.enumType() != null) {
					english.stringPropertyNames()
						.stream()
						.filter(key -> key.startsWith("enum." + detail.enumType() + "."))
						.forEach(needed::add);
				}
			}
		}
		for (String key : resolved) {
			if (key.startsWith("enum.")) {
				String type = key.substring(0, key.lastIndexOf('.') + 1);
				english.stringPropertyNames().stream().filter(other -> other.startsWith(type)).forEach(needed::add);
			}
		}

		for (String language : PRINT_ONLY) {
			Properties print = PortalMessagesTests.bundle("print/messages_" + language + ".properties");
			assertThat(new TreeSet<>(needed)).as("words of the column missing in " + language)
				.allSatisfy(key -> assertThat(print.getProperty(key)).as(language + ": " + key).isNotBlank());
			assertThat(new TreeSet<>(print.stringPropertyNames())).as("words no column uses in " + language)
				.allSatisfy(key -> assertThat(needed).contains(key));
			for (String key : needed) {
				String value = print.getProperty(key);
				Set<String> expected = PortalMessagesTests.arguments(english.getProperty(key));
				assertThat(PortalMessagesTests.arguments(value)).as(language + ": arguments of " + key)
					.isEqualTo(expected);
				if (!expected.isEmpty()) {
					// a plain apostrophe starts a quoted (unformatted) part of a MessageFormat pattern
					assertThat(value).as(language + ": " + key + " has a plain apostrophe").doesNotContain("'");
					new MessageFormat(value, Locale.forLanguageTag(language));
				}
			}
		}
	}

	@Test
	void aGreekColumnIsGreekWithGreekDatesAndTheFrenchAndArabicAreTheirs() {
		SummaryPages pages = pages(messages());
		GraphQlAnswer answer = answer(identities().get(0), List.of());

		SummaryPages.Column greek = pages.column(answer, Locale.forLanguageTag("el"));
		assertThat(greek.lang()).isEqualTo("el");
		assertThat(greek.dir()).isEqualTo("ltr");
		assertThat(greek.heading()).isEqualTo("Σύνοψη υγείας");
		assertThat(greek.sections()).extracting(RecordView.SectionView::title)
			.startsWith("Αλλεργίες", "Φάρμακα", "Νοσήματα και χειρουργικές επεμβάσεις", "Εμβολιασμοί");
		assertThat(greek.home()).contains("Ελλάδα");
		assertThat(greek.record().who().age()).contains("ετών").contains("Μαρτίου 1997");

		SummaryPages.Column german = pages.column(answer, Locale.GERMAN);
		assertThat(german.record().who().age()).contains("12. März 1997");
		SummaryPages.Column spanish = pages.column(answer, Locale.forLanguageTag("es"));
		assertThat(spanish.record().who().age()).contains("12 de marzo de 1997");

		// the portal's own languages find nothing in print/: their words are as before
		Properties french = PortalMessagesTests.bundle("messages_fr.properties");
		SummaryPages.Column frenchColumn = pages.column(answer, Locale.FRENCH);
		assertThat(frenchColumn.heading()).isEqualTo(french.getProperty("print.heading"));
		assertThat(frenchColumn.sections().get(0).title()).isEqualTo(french.getProperty("section.allergies.title"));
		SummaryPages.Column arabic = pages.column(answer, Locale.forLanguageTag("ar"));
		assertThat(arabic.dir()).isEqualTo("rtl");
		assertThat(arabic.heading())
			.isEqualTo(PortalMessagesTests.bundle("messages_ar.properties").getProperty("print.heading"));
		SummaryPages.Column englishColumn = pages.column(answer, Locale.ENGLISH);
		assertThat(englishColumn.heading()).isEqualTo(english.getProperty("print.heading"));
	}

	/** The words as the portal finds them: print/ first for its languages, never the server's own language. */
	private static ResourceBundleMessageSource messages() {
		return PortalConfiguration.portalMessages();
	}

	private static SummaryPages pages(MessageSource messages) {
		PortalText text = new PortalText(messages, mock(Accounts.class), new PortalSettings(null, "Europe/Athens", 25));
		return new SummaryPages(null, text, null);
	}

	/** The person as the record knows her: a date of birth, an estimated one, or (the coarse view) a year. */
	private static List<Map<String, Object>> identities() {
		Map<String, Object> exact = new LinkedHashMap<>();
		exact.put("id", "i1");
		exact.put("givenNames", "Amina");
		exact.put("familyName", "Haddad");
		exact.put("dateOfBirth", "1997-03-12");
		exact.put("dateOfBirthEstimated", false);
		exact.put("sex", "FEMALE");
		exact.put("nationality", "SY");
		exact.put("languages", List.of("ar", "en"));
		exact.put("contact", Map.of("phone", "+30 210 000 0000", "email", "amina@example.org", "address", "Athens"));
		exact.put("recorded", provenance());
		Map<String, Object> estimated = new LinkedHashMap<>(exact);
		estimated.put("dateOfBirthEstimated", true);
		Map<String, Object> coarse = new LinkedHashMap<>(exact);
		coarse.remove("dateOfBirth");
		coarse.put("yearOfBirth", 1997);
		coarse.put("coarse", true);
		return List.of(exact, estimated, coarse);
	}

	private static Map<String, Object> provenance() {
		return Map.of("at", "2025-09-14T07:05:00Z", "by", "nikolaou", "country", "GR", "source", "CLINICIAN");
	}

	/** Every section, every detail and every kind of alert filled in; the sections named withheld by the gate. */
	private static GraphQlAnswer answer(Map<String, Object> identity, List<String> withheld) {
		String soon = LocalDate.now(ZoneId.of("Europe/Athens")).plusMonths(4).toString();
		Map<String, Object> record = new LinkedHashMap<>();
		record.put("id", "p1");
		record.put("phrNumber", "CAR-7KQ4-M29X");
		record.put("homeJurisdiction", "GR");
		record.put("identity", identity);
		record.put("allergies", List.of(
				entry("substance", "Penicillin", "reaction", "Hives", "severity", "SEVERE", "status", "ACTIVE",
						"notedOn", "2019-05-02"),
				entry("substance", "Peanuts", "severity", "LIFE_THREATENING", "status", "ACTIVE")));
		record.put("medications", List.of(entry("name", "Metformin", "dose", "500 mg", "route", "oral", "frequency",
				"twice a day", "reason", "diabetes", "startedOn", "2020-01-01", "endedOn", "2024-01-01", "status",
				"COMPLETED")));
		record.put("conditions", List.of(entry("description", "Type 2 diabetes", "icd10Code", "E11", "kind",
				"CHRONIC", "status", "ACTIVE", "onsetDate", "2019-01-01", "resolvedOn", "2024-01-01")));
		record.put("vaccinations", List.of(entry("vaccine", "MMR", "doseNumber", 2, "date", "2001-06-01", "country",
				"SY", "lotNumber", "L-123")));
		record.put("infectiousDiseases", List.of(entry("disease", "TUBERCULOSIS", "method", "IGRA", "result",
				"POSITIVE", "date", "2025-01-10", "notes", "latent")));
		record.put("mentalHealth", List.of(entry("instrument", "PHQ-9", "score", 12, "summary", "moderate",
				"followUpNeeded", true, "date", "2025-02-01")));
		record.put("reproductiveHealth", List.of(entry("kind", "PREGNANCY", "description", "first", "date",
				"2025-08-01", "expectedDeliveryDate", soon)));
		record.put("bloodGroup", entry("group", "O_POSITIVE", "determinedOn", "2020-01-01"));
		record.put("vitals", List.of(entry("kind", "BLOOD_PRESSURE", "value", "120/80", "unit", "mmHg", "measuredOn",
				"2025-02-01", "note", "seated")));
		record.put("labResults", List.of(entry("test", "Potassium", "value", "6.8", "unit", "mmol/L",
				"referenceRange", "3.5 - 5.0", "interpretation", "CRITICAL", "collectedOn", "2025-02-01")));
		record.put("encounters", List.of(entry("date", "2025-02-01", "place", "Elaionas", "country", "GR", "reason",
				"check-up", "summary", "well", "referrals",
				List.of(Map.of("to", "Cardiology", "reason", "murmur", "urgency", "URGENT")))));
		record.put("completenessNotice", "MAY_BE_INCOMPLETE");
		List<Map<String, Object>> errors = new ArrayList<>();
		for (String field : withheld) {
			record.put(field, null);
			errors.add(Map.of("message", "withheld", "path", List.of("myRecord", field), "extensions",
					Map.of("classification", "CONSENT_REQUIRED")));
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("myRecord", record);
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("data", data);
		if (!errors.isEmpty()) {
			response.put("errors", errors);
		}
		GraphQlTransport transport = new GraphQlTransport() {
			@Override
			public Mono<GraphQlResponse> execute(GraphQlRequest request) {
				// through JSON, as the in-process transport gives the client the API's answer
				Map<?, ?> written = JsonMapper.shared().readValue(JsonMapper.shared().writeValueAsString(response),
						Map.class);
				@SuppressWarnings("unchecked")
				Map<String, Object> map = (Map<String, Object>) written;
				return Mono.just(GraphQlTransport.createResponse(map));
			}

			@Override
			public Flux<GraphQlResponse> executeSubscription(GraphQlRequest request) {
				return Flux.error(new UnsupportedOperationException());
			}
		};
		return new GraphQlAnswer(GraphQlClient.builder(transport).build().document("{ myRecord { id } }").executeSync());
	}

	private static Map<String, Object> entry(Object... pairs) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("id", "e" + pairs.length);
		for (int i = 0; i < pairs.length; i += 2) {
			entry.put((String) pairs[i], pairs[i + 1]);
		}
		entry.put("recorded", provenance());
		return entry;
	}

	/** The application's words, noting the key of every message asked for. */
	private record RecordingMessages(MessageSource messages, Set<String> keys) implements MessageSource {

		@Override
		public String getMessage(String code, Object[] args, String defaultMessage, Locale locale) {
			keys.add(code);
			return messages.getMessage(code, args, defaultMessage, locale);
		}

		@Override
		public String getMessage(String code, Object[] args, Locale locale) {
			keys.add(code);
			return messages.getMessage(code, args, locale);
		}

		@Override
		public String getMessage(MessageSourceResolvable resolvable, Locale locale) {
			if (resolvable.getCodes() != null) {
				keys.addAll(List.of(resolvable.getCodes()));
			}
			return messages.getMessage(resolvable, locale);
		}
	}
}
