package org.carnet.portal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.carnet.core.Jurisdiction;

/**
 * The entries a clinician can add from the portal, each as a form: its fields, the mutation that adds it and the
 * section whose labels it shares. Each field knows the rules the API applies to it (required, length, dates that
 * already happened, numbers in range, codes), so that a mistake is named beside its field, in the page's language,
 * before anything is sent; the API checks again and its refusal is attached to the same field.
 */
final class EntryForms {

	/** Longest name-like text the API accepts (a substance, a vaccine). */
	static final int NAME = 200;

	/** Longest free text the API accepts in one field. */
	static final int TEXT = 2000;

	/** The earliest day a record accepts. */
	static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

	/** How an ICD-10 code is written: a capital letter (not U), two digits, then a dot and up to four more. */
	private static final Pattern ICD10 = Pattern.compile("[A-TV-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?");

	/** How a field is entered. */
	enum Input {
		TEXT, DATE, NUMBER, CHOICE, COUNTRY
	}

	/**
	 * A field of a form: its input name (the GraphQL input field), how it is entered, whether it is required, and
	 * the API's rules for it: longest text, smallest and largest number, a date that already happened, a date not
	 * before another field's, a written form (a code).
	 */
	record Field(String name, Input input, String enumType, List<String> choices, boolean required, int maxLength,
			int min, int max, boolean past, String notBefore, Pattern pattern) {

		static Field text(String name, boolean required, int maxLength) {
			return new Field(name, Input.TEXT, null, List.of(), required, maxLength, 0, 0, false, null, null);
		}

		static Field code(String name, int maxLength, Pattern pattern) {
			return new Field(name, Input.TEXT, null, List.of(), false, maxLength, 0, 0, false, null, pattern);
		}

		/** A day that already happened (with a day's leeway for time zones, as the API). */
		static Field pastDate(String name, boolean required) {
			return new Field(name, Input.DATE, null, List.of(), required, 0, 0, 0, true, null, null);
		}

		/** A day not before the day in {@code earlier} (an end after its start). */
		static Field dateAfter(String name, String earlier, boolean past) {
			return new Field(name, Input.DATE, null, List.of(), false, 0, 0, 0, past, earlier, null);
		}

		static Field number(String name, int min, int max) {
			return new Field(name, Input.NUMBER, null, List.of(), false, 0, min, max, false, null, null);
		}

		static Field country(String name) {
			return new Field(name, Input.COUNTRY, null, List.of(), false, 0, 0, 0, false, null, null);
		}

		static Field choice(String name, String enumType, boolean required, String... choices) {
			return new Field(name, Input.CHOICE, enumType, List.of(choices), required, 0, 0, 0, false, null, null);
		}

		/** Adds the problem of this field's value (trimmed), if it has one. */
		void check(String value, Map<String, String> submitted, String section, LocalDate today, FormProblems problems) {
			if (value == null || value.isBlank()) {
				if (required) {
					problems.add(name, input == Input.CHOICE ? "form.problem.choose" : "form.problem.required");
				}
				return;
			}
			switch (input) {
				case TEXT -> {
					if (value.length() > maxLength) {
						problems.add(name, "form.problem.tooLong", maxLength);
					}
					else if (pattern != null && !pattern.matcher(value).matches()) {
						problems.add(name, "form.problem." + name);
					}
				}
				case DATE -> date(value).ifPresentOrElse(day -> {
					if (day.isBefore(EARLIEST)) {
						problems.add(name, "form.problem.tooEarly");
					}
					else if (past && day.isAfter(today.plusDays(1))) {
						problems.add(name, "form.problem.future");
					}
					else if (notBefore != null) {
						date(submitted.get(notBefore)).filter(day::isBefore)
							.ifPresent(earlier -> problems.add(name, "form.problem.beforeOther",
									problems.label("field." + section + "." + notBefore)));
					}
				}, () -> problems.add(name, "form.problem.date"));
				case NUMBER -> {
					Integer number = wholeNumber(value);
					if (number == null || number < min || number > max) {
						problems.add(name, "form.problem.number", min, max);
					}
				}
				case CHOICE -> {
					if (!choices.contains(value)) {
						problems.add(name, "form.problem.choose");
					}
				}
				case COUNTRY -> {
					if (!Jurisdiction.isKnown(value)) {
						problems.add(name, "form.problem.country");
					}
				}
			}
		}
	}

	private static Optional<LocalDate> date(String value) {
		if (value == null || value.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(LocalDate.parse(value.trim()));
		}
		catch (DateTimeParseException ex) {
			return Optional.empty();
		}
	}

	private static Integer wholeNumber(String value) {
		try {
			return Integer.valueOf(value.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * A kind of entry.
	 *
	 * @param kind the name in the page's URL and form
	 * @param section the record section it adds to (for labels)
	 * @param mutation the GraphQL mutation
	 * @param inputType the GraphQL input type
	 * @param fields the form's fields
	 * @param reader the API's input record from the submitted values
	 */
	record Form(String kind, String section, String mutation, String inputType, List<Field> fields,
			Function<Values, Object> reader) {

		/** The document that adds it: {@code graphql-documents/portal/PortalAddEntry/<kind>.graphql}. */
		String document() {
			return "PortalAddEntry/" + kind;
		}

		/** The names of the form's fields. */
		Set<String> names() {
			return fields.stream().map(Field::name).collect(Collectors.toUnmodifiableSet());
		}

		/** Each field's problem, checked as the API would (with {@code today} in the portal's time zone). */
		void check(Map<String, String> submitted, LocalDate today, FormProblems problems) {
			for (Field field : fields) {
				String value = submitted.get(field.name());
				field.check(value == null ? null : value.trim(), submitted, section, today, problems);
			}
		}

		/** The GraphQL input (a record of this form's input type) from the submitted values. */
		Object input(Map<String, String> submitted) {
			return reader.apply(new Values(submitted));
		}
	}

	/** The values a form sent, as an input takes them: trimmed, empty ones left out (null), numbers as numbers. */
	record Values(Map<String, String> submitted) {

		String text(String name) {
			String value = submitted.get(name);
			return value == null || value.isBlank() ? null : value.trim();
		}

		Integer number(String name) {
			String value = text(name);
			return value == null ? null : wholeNumber(value);
		}
	}

	/** {@code AllergyInput} of the API, as the form fills it. */
	record AllergyInput(String substance, String reaction, String severity, String status, String notedOn) {
	}

	/** {@code MedicationInput}. */
	record MedicationInput(String name, String dose, String route, String frequency, String reason, String startedOn,
			String endedOn, String status) {
	}

	/** {@code ConditionInput}. */
	record ConditionInput(String description, String icd10Code, String kind, String status, String onsetDate,
			String resolvedOn) {
	}

	/** {@code VaccinationInput}. */
	record VaccinationInput(String vaccine, Integer doseNumber, String date, String country, String lotNumber) {
	}

	/** {@code VitalSignInput}. */
	record VitalSignInput(String kind, String value, String unit, String measuredOn, String note) {
	}

	static final List<Form> ALL = List.of(
			new Form("allergy", "allergies", "addAllergy", "AllergyInput",
					List.of(Field.text("substance", true, NAME), Field.text("reaction", false, TEXT),
							Field.choice("severity", "AllergySeverity", false, "MILD", "MODERATE", "SEVERE",
									"LIFE_THREATENING"),
							Field.choice("status", "AllergyStatus", false, "ACTIVE", "INACTIVE", "RESOLVED"),
							Field.pastDate("notedOn", false)),
					v -> new AllergyInput(v.text("substance"), v.text("reaction"), v.text("severity"), v.text("status"),
							v.text("notedOn"))),
			new Form("medication", "medications", "addMedication", "MedicationInput",
					List.of(Field.text("name", true, NAME), Field.text("dose", false, NAME),
							Field.text("route", false, NAME), Field.text("frequency", false, NAME),
							Field.text("reason", false, TEXT), Field.pastDate("startedOn", false),
							// a medicine may be planned to stop on a day still to come
							Field.dateAfter("endedOn", "startedOn", false),
							Field.choice("status", "MedicationStatus", false, "ACTIVE", "STOPPED", "COMPLETED")),
					v -> new MedicationInput(v.text("name"), v.text("dose"), v.text("route"), v.text("frequency"),
							v.text("reason"), v.text("startedOn"), v.text("endedOn"), v.text("status"))),
			new Form("condition", "conditions", "addCondition", "ConditionInput",
					List.of(Field.text("description", true, TEXT), Field.code("icd10Code", NAME, ICD10),
							Field.choice("kind", "ConditionKind", false, "CHRONIC", "PAST", "SURGERY", "DIAGNOSIS"),
							Field.choice("status", "ConditionStatus", false, "ACTIVE", "REMISSION", "RESOLVED"),
							Field.pastDate("onsetDate", false), Field.dateAfter("resolvedOn", "onsetDate", true)),
					v -> new ConditionInput(v.text("description"), v.text("icd10Code"), v.text("kind"), v.text("status"),
							v.text("onsetDate"), v.text("resolvedOn"))),
			new Form("vaccination", "vaccinations", "addVaccination", "VaccinationInput",
					List.of(Field.text("vaccine", true, NAME), Field.number("doseNumber", 1, 20),
							Field.pastDate("date", true), Field.country("country"),
							Field.text("lotNumber", false, 64)),
					v -> new VaccinationInput(v.text("vaccine"), v.number("doseNumber"), v.text("date"),
							v.text("country"), v.text("lotNumber"))),
			new Form("vitalSign", "vitals", "addVitalSign", "VitalSignInput",
					List.of(Field.choice("kind", "VitalSignKind", true, "BLOOD_PRESSURE", "HEART_RATE",
							"RESPIRATORY_RATE", "TEMPERATURE", "OXYGEN_SATURATION", "WEIGHT", "HEIGHT", "BMI",
							"PHYSICAL_EXAMINATION"), Field.text("value", true, TEXT), Field.text("unit", false, 32),
							Field.pastDate("measuredOn", true), Field.text("note", false, TEXT)),
					v -> new VitalSignInput(v.text("kind"), v.text("value"), v.text("unit"), v.text("measuredOn"),
							v.text("note"))));

	private EntryForms() {
	}

	static Optional<Form> find(String kind) {
		return ALL.stream().filter(form -> form.kind().equals(kind)).findFirst();
	}
}
