package org.carnet.portal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entries a clinician can add from the portal, each as a form: its fields, the mutation that adds it and the
 * section whose labels it shares. Values are checked by the API, which answers with the field at fault.
 */
final class EntryForms {

	/** How a field is entered. */
	enum Input {
		TEXT, DATE, NUMBER, CHOICE, COUNTRY
	}

	/** A field of a form: its input name (the GraphQL input field), how it is entered, whether it is required. */
	record Field(String name, Input input, String enumType, List<String> choices, boolean required) {

		static Field text(String name, boolean required) {
			return new Field(name, Input.TEXT, null, List.of(), required);
		}

		static Field date(String name, boolean required) {
			return new Field(name, Input.DATE, null, List.of(), required);
		}

		static Field choice(String name, String enumType, boolean required, String... choices) {
			return new Field(name, Input.CHOICE, enumType, List.of(choices), required);
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
	 */
	record Form(String kind, String section, String mutation, String inputType, List<Field> fields) {

		String document() {
			return "mutation PortalAddEntry($personId: ID!, $input: " + inputType + "!) { " + mutation
					+ "(personId: $personId, input: $input) { id } }";
		}

		/** The GraphQL input from the submitted values: empty values are left out, numbers are numbers. */
		Map<String, Object> input(Map<String, String> submitted) {
			Map<String, Object> input = new LinkedHashMap<>();
			for (Field field : fields) {
				String value = submitted.get(field.name());
				if (value == null || value.isBlank()) {
					continue;
				}
				value = value.trim();
				if (field.input() == Input.NUMBER) {
					try {
						input.put(field.name(), Integer.valueOf(value));
					}
					catch (NumberFormatException ex) {
						input.put(field.name(), value);
					}
				}
				else {
					input.put(field.name(), value);
				}
			}
			return input;
		}
	}

	static final List<Form> ALL = List.of(
			new Form("allergy", "allergies", "addAllergy", "AllergyInput",
					List.of(Field.text("substance", true), Field.text("reaction", false),
							Field.choice("severity", "AllergySeverity", false, "MILD", "MODERATE", "SEVERE",
									"LIFE_THREATENING"),
							Field.choice("status", "AllergyStatus", false, "ACTIVE", "INACTIVE", "RESOLVED"),
							Field.date("notedOn", false))),
			new Form("medication", "medications", "addMedication", "MedicationInput",
					List.of(Field.text("name", true), Field.text("dose", false), Field.text("route", false),
							Field.text("frequency", false), Field.text("reason", false),
							Field.date("startedOn", false), Field.date("endedOn", false),
							Field.choice("status", "MedicationStatus", false, "ACTIVE", "STOPPED", "COMPLETED"))),
			new Form("condition", "conditions", "addCondition", "ConditionInput",
					List.of(Field.text("description", true), Field.text("icd10Code", false),
							Field.choice("kind", "ConditionKind", false, "CHRONIC", "PAST", "SURGERY", "DIAGNOSIS"),
							Field.choice("status", "ConditionStatus", false, "ACTIVE", "REMISSION", "RESOLVED"),
							Field.date("onsetDate", false), Field.date("resolvedOn", false))),
			new Form("vaccination", "vaccinations", "addVaccination", "VaccinationInput",
					List.of(Field.text("vaccine", true), new Field("doseNumber", Input.NUMBER, null, List.of(), false),
							Field.date("date", true), new Field("country", Input.COUNTRY, null, List.of(), false),
							Field.text("lotNumber", false))),
			new Form("vitalSign", "vitals", "addVitalSign", "VitalSignInput",
					List.of(Field.choice("kind", "VitalSignKind", true, "BLOOD_PRESSURE", "HEART_RATE",
							"RESPIRATORY_RATE", "TEMPERATURE", "OXYGEN_SATURATION", "WEIGHT", "HEIGHT", "BMI",
							"PHYSICAL_EXAMINATION"), Field.text("value", true), Field.text("unit", false),
							Field.date("measuredOn", true), Field.text("note", false))));

	private EntryForms() {
	}

	static Optional<Form> find(String kind) {
		return ALL.stream().filter(form -> form.kind().equals(kind)).findFirst();
	}
}
