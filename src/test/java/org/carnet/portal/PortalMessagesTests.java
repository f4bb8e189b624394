package org.carnet.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.carnet.consent.StatisticsAgreements;
import org.carnet.core.Category;
import org.carnet.core.Purpose;
import org.carnet.core.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every visible string of the portal comes from the message bundles, and every language has every message: a key
 * missing (or left empty) in Arabic, Farsi, French or Ukrainian fails here, and so does a key the pages or the code
 * use that no bundle defines.
 */
class PortalMessagesTests {

	static final List<String> LANGUAGES = List.of("ar", "fa", "fr", "uk");

	private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([A-Za-z][A-Za-z0-9_.]*)");

	private static final Pattern CODE_KEY = Pattern.compile("msg\\(\"([A-Za-z][A-Za-z0-9_.]*)\"\\s*[,)]");

	private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)");

	/** The schema's enums that pages show as labels: every value needs a label in every language. */
	private static final List<String> LABELLED_ENUMS = List.of("Sex", "AllergySeverity", "AllergyStatus",
			"MedicationStatus", "ConditionKind", "ConditionStatus", "Disease", "ScreeningResult",
			"ReproductiveHealthKind", "VitalSignKind", "BloodGroupValue", "LabInterpretation", "Urgency", "EntrySource",
			"Role", "AccessAction", "AccessOutcome", "ConsentRequestStatus", "AuditProblem", "NotificationKind");

	private final Properties english = bundle("messages.properties");

	@Test
	void everyLanguageHasExactlyTheEnglishKeys() {
		Map<String, List<String>> missing = new LinkedHashMap<>();
		Map<String, List<String>> extra = new LinkedHashMap<>();
		for (String language : LANGUAGES) {
			Properties translated = bundle("messages_" + language + ".properties");
			missing.put(language, difference(english.stringPropertyNames(), translated.stringPropertyNames()));
			extra.put(language, difference(translated.stringPropertyNames(), english.stringPropertyNames()));
		}
		assertThat(missing).as("keys missing per language").allSatisfy((language, keys) -> assertThat(keys).isEmpty());
		assertThat(extra).as("keys English does not have").allSatisfy((language, keys) -> assertThat(keys).isEmpty());
	}

	@Test
	void noMessageIsEmpty() {
		for (String file : files()) {
			Properties messages = bundle(file);
			assertThat(messages.stringPropertyNames()).as(file)
				.allSatisfy(key -> assertThat(messages.getProperty(key)).as(file + ": " + key).isNotBlank());
		}
	}

	@Test
	void translationsKeepTheArgumentsAndAreValidPatterns() {
		for (String language : LANGUAGES) {
			Properties translated = bundle("messages_" + language + ".properties");
			for (String key : english.stringPropertyNames()) {
				String value = translated.getProperty(key);
				if (value == null) {
					continue;
				}
				Set<String> expected = arguments(english.getProperty(key));
				assertThat(arguments(value)).as(language + ": arguments of " + key).isEqualTo(expected);
				if (!expected.isEmpty() && !key.equals("my.share.left")) {
					// A plain apostrophe starts a quoted (unformatted) part in a MessageFormat pattern.
					assertThat(value).as(language + ": " + key + " has a plain apostrophe").doesNotContain("'");
					new MessageFormat(value);
				}
			}
		}
	}

	@Test
	void everyKeyTheTemplatesNameExists() throws IOException {
		Set<String> used = new TreeSet<>();
		try (Stream<Path> templates = Files.walk(Path.of("src/main/resources/templates"))) {
			for (Path template : templates.filter(p -> p.toString().endsWith(".html")).toList()) {
				Matcher matcher = TEMPLATE_KEY.matcher(Files.readString(template));
				while (matcher.find()) {
					used.add(matcher.group(1));
				}
			}
		}
		assertThat(used).hasSizeGreaterThan(100);
		assertThat(difference(used, english.stringPropertyNames())).as("keys used by templates").isEmpty();
	}

	@Test
	void everyKeyTheCodeNamesExists() throws IOException {
		Set<String> used = new TreeSet<>();
		try (Stream<Path> sources = Files.walk(Path.of("src/main/java/org/carnet/portal"))) {
			for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
				Matcher matcher = CODE_KEY.matcher(Files.readString(source));
				while (matcher.find()) {
					used.add(matcher.group(1));
				}
			}
		}
		assertThat(used).contains("error.UNAVAILABLE", "clinician.requestSent");
		assertThat(difference(used, english.stringPropertyNames())).as("keys used by the code").isEmpty();
	}

	/** Keys built at run time: from the schema's enums, the record's sections and the forms. */
	@Test
	void everyKeyBuiltFromTheSchemaAndTheFormsExists() throws IOException {
		List<String> needed = new ArrayList<>();
		for (Category category : Category.values()) {
			needed.add("category." + category + ".title");
			needed.add("category." + category + ".name");
			needed.add("category." + category + ".explain");
			needed.add("category." + category + ".explainOther");
		}
		for (Purpose purpose : Purpose.values()) {
			needed.add("purpose." + purpose + ".title");
			needed.add("purpose." + purpose + ".name");
			needed.add("purpose." + purpose + ".explain");
			needed.add("purpose." + purpose + ".explainOther");
		}
		for (Role role : Role.values()) {
			needed.add("enum.Role." + role);
		}
		for (Category category : StatisticsAgreements.OFFERED) {
			needed.add("statistics.category." + category);
		}
		Map<String, List<String>> enums = schemaEnums();
		for (String type : LABELLED_ENUMS) {
			assertThat(enums).as("the schema defines " + type).containsKey(type);
			if (type.equals("NotificationKind")) {
				enums.get(type).forEach(value -> needed.add("notification." + value));
			}
			else {
				enums.get(type).forEach(value -> needed.add("enum." + type + "." + value));
			}
		}
		for (String classification : List.of("CONSENT_REQUIRED", "FORBIDDEN", "UNAUTHORIZED", "NOT_FOUND",
				"BAD_REQUEST", "UNAVAILABLE", "INTEGRITY_FAILURE")) {
			needed.add("error." + classification);
		}
		for (RecordSections.Section section : RecordSections.ALL) {
			needed.add("section." + section.field() + ".title");
			needed.add("section." + section.field() + ".name");
			section.details().forEach(detail -> needed.add("field." + section.field() + "." + detail.field()));
		}
		for (EntryForms.Form form : EntryForms.ALL) {
			needed.add("entry." + form.kind());
			for (EntryForms.Field field : form.fields()) {
				needed.add("field." + form.section() + "." + field.name());
				field.choices().forEach(choice -> needed.add("enum." + field.enumType() + "." + choice));
			}
		}
		for (String access : List.of("READ", "READ_WRITE")) {
			needed.add("access." + access);
			needed.add("consents.sentence." + access);
			needed.add("consents.sentence.future." + access);
			needed.add("requests.sentence.own." + access);
			needed.add("requests.sentence.proposal." + access);
			needed.add("sent.own." + access);
			needed.add("sent.proposal." + access);
		}
		enums.get("ConsentRequestStatus").forEach(status -> needed.add("sent.status." + status));
		for (String kind : enums.get("GranteeKind")) {
			needed.add("grantee." + kind);
			needed.add("grantee.inSentence." + kind);
			needed.add("form.grantee." + kind);
		}
		PortalLocales.SUPPORTED.forEach(locale -> needed.add("language." + locale.getLanguage()));
		AuditorPages.ACTIONS.forEach(action -> assertThat(enums.get("AccessAction")).contains(action));
		AuditorPages.OUTCOMES.forEach(outcome -> assertThat(enums.get("AccessOutcome")).contains(outcome));
		assertThat(difference(new TreeSet<>(needed), english.stringPropertyNames())).as("keys built at run time")
			.isEmpty();
	}

	@Test
	void rightToLeftLanguagesAreArabicAndFarsi() {
		assertThat(PortalLocales.SUPPORTED).extracting(java.util.Locale::getLanguage)
			.containsExactly("en", "ar", "fa", "fr", "uk");
		assertThat(PortalLocales.rightToLeft(java.util.Locale.forLanguageTag("ar"))).isTrue();
		assertThat(PortalLocales.rightToLeft(java.util.Locale.forLanguageTag("fa-IR"))).isTrue();
		assertThat(PortalLocales.rightToLeft(java.util.Locale.FRENCH)).isFalse();
		assertThat(PortalLocales.supported(java.util.Locale.forLanguageTag("de"))).isEqualTo(java.util.Locale.ENGLISH);
		assertThat(PortalLocales.supported(java.util.Locale.forLanguageTag("uk-UA")).getLanguage()).isEqualTo("uk");
	}

	private static Map<String, List<String>> schemaEnums() throws IOException {
		Pattern definition = Pattern.compile("enum\\s+(\\w+)\\s*\\{([^}]*)\\}");
		Map<String, List<String>> enums = new LinkedHashMap<>();
		try (Stream<Path> files = Files.list(Path.of("schema"))) {
			for (Path file : files.filter(p -> p.toString().endsWith(".graphqls")).toList()) {
				String schema = Files.readString(file).replaceAll("(?m)^\\s*\"[^\"\\n]*\"\\s*$", "")
					.replaceAll("(?s)\"\"\".*?\"\"\"", "")
					.replaceAll("#[^\\n]*", "");
				Matcher matcher = definition.matcher(schema);
				while (matcher.find()) {
					List<String> values = new ArrayList<>();
					for (String token : matcher.group(2).trim().split("\\s+")) {
						if (token.matches("[A-Z][A-Z0-9_]*")) {
							values.add(token);
						}
					}
					enums.put(matcher.group(1), values);
				}
			}
		}
		return enums;
	}

	/** The argument numbers a message pattern uses ({0}, {1}, ...). */
	static Set<String> arguments(String pattern) {
		Set<String> found = new TreeSet<>();
		Matcher matcher = ARGUMENT.matcher(pattern);
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return found;
	}

	private static List<String> difference(Set<String> all, Set<String> without) {
		return all.stream().filter(key -> !without.contains(key)).sorted().toList();
	}

	private static List<String> files() {
		List<String> files = new ArrayList<>(List.of("messages.properties"));
		LANGUAGES.forEach(language -> files.add("messages_" + language + ".properties"));
		return files;
	}

	/** A message bundle as the class path holds it. */
	static Properties bundle(String name) {
		Properties properties = new Properties();
		try (InputStream in = PortalMessagesTests.class.getClassLoader().getResourceAsStream(name)) {
			assertThat(in).as(name + " on the class path").isNotNull();
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return properties;
	}
}
