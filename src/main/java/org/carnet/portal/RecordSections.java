package org.carnet.portal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.carnet.core.Category;

/**
 * How each section of a record is asked for and shown: the GraphQL selection, the category that governs it, the
 * field that names an entry and the details below it. One list, used by the person's own pages and the clinician's.
 */
final class RecordSections {

	/**
	 * How a detail is written: as text (in its own direction), a date, a label of an enum, a country, yes/no,
	 * languages, a number (in the page's digits), or a code (a phone number, an ICD-10 code: always left to right).
	 */
	enum Kind {
		TEXT, DATE, ENUM, COUNTRY, YES_NO, LANGUAGES, NUMBER, CODE
	}

	/** One detail of an entry: its field (a path below the entry) and how to write it. */
	record Detail(String field, Kind kind, String enumType) {

		static Detail text(String field) {
			return new Detail(field, Kind.TEXT, null);
		}

		static Detail date(String field) {
			return new Detail(field, Kind.DATE, null);
		}

		static Detail label(String field, String enumType) {
			return new Detail(field, Kind.ENUM, enumType);
		}

		static Detail country(String field) {
			return new Detail(field, Kind.COUNTRY, null);
		}

		static Detail number(String field) {
			return new Detail(field, Kind.NUMBER, null);
		}

		static Detail code(String field) {
			return new Detail(field, Kind.CODE, null);
		}
	}

	/**
	 * A section of the record.
	 *
	 * @param field the field of {@code Person}
	 * @param category its consent category
	 * @param single true when the field holds one entry, not a list
	 * @param title the detail that names an entry
	 * @param details the other details, in order
	 * @param selection the GraphQL selection of an entry (without provenance)
	 */
	record Section(String field, Category category, boolean single, Detail title, List<Detail> details,
			String selection) {
	}

	static final List<Section> ALL = List.of(
			new Section("identity", Category.IDENTITY, true, Detail.text("givenNames"),
					List.of(Detail.text("familyName"), Detail.date("dateOfBirth"),
							new Detail("dateOfBirthEstimated", Kind.YES_NO, null), Detail.label("sex", "Sex"),
							Detail.country("nationality"), new Detail("languages", Kind.LANGUAGES, null),
							Detail.code("contact.phone"), Detail.code("contact.email"), Detail.text("contact.address")),
					"givenNames familyName dateOfBirth dateOfBirthEstimated sex nationality languages "
							+ "contact { phone email address }"),
			new Section("allergies", Category.ALLERGIES, false, Detail.text("substance"),
					List.of(Detail.text("reaction"), Detail.label("severity", "AllergySeverity"),
							Detail.label("status", "AllergyStatus"), Detail.date("notedOn")),
					"substance reaction severity status notedOn"),
			new Section("medications", Category.MEDICATIONS, false, Detail.text("name"),
					List.of(Detail.text("dose"), Detail.text("route"), Detail.text("frequency"),
							Detail.text("reason"), Detail.date("startedOn"), Detail.date("endedOn"),
							Detail.label("status", "MedicationStatus")),
					"name dose route frequency reason startedOn endedOn status"),
			new Section("conditions", Category.CONDITIONS, false, Detail.text("description"),
					List.of(Detail.label("kind", "ConditionKind"), Detail.label("status", "ConditionStatus"),
							Detail.code("icd10Code"), Detail.date("onsetDate"), Detail.date("resolvedOn")),
					"description icd10Code kind status onsetDate resolvedOn"),
			new Section("vaccinations", Category.VACCINATIONS, false, Detail.text("vaccine"),
					List.of(Detail.number("doseNumber"), Detail.date("date"), Detail.country("country"),
							Detail.code("lotNumber")),
					"vaccine doseNumber date country lotNumber"),
			new Section("infectiousDiseases", Category.INFECTIOUS_DISEASES, false, Detail.label("disease", "Disease"),
					List.of(Detail.label("result", "ScreeningResult"), Detail.text("method"), Detail.date("date"),
							Detail.text("notes")),
					"disease method result date notes"),
			new Section("mentalHealth", Category.MENTAL_HEALTH, false, Detail.text("instrument"),
					List.of(Detail.number("score"), Detail.text("summary"),
							new Detail("followUpNeeded", Kind.YES_NO, null), Detail.date("date")),
					"instrument score summary followUpNeeded date"),
			new Section("reproductiveHealth", Category.REPRODUCTIVE_HEALTH, false,
					Detail.label("kind", "ReproductiveHealthKind"),
					List.of(Detail.text("description"), Detail.date("date"), Detail.date("expectedDeliveryDate")),
					"kind description date expectedDeliveryDate"),
			new Section("bloodGroup", Category.VITALS, true, Detail.label("group", "BloodGroupValue"),
					List.of(Detail.date("determinedOn")), "group determinedOn"),
			new Section("vitals", Category.VITALS, false, Detail.label("kind", "VitalSignKind"),
					List.of(Detail.text("value"), Detail.text("unit"), Detail.date("measuredOn"), Detail.text("note")),
					"kind value unit measuredOn note"),
			new Section("labResults", Category.LAB_RESULTS, false, Detail.text("test"),
					List.of(Detail.text("value"), Detail.text("unit"), Detail.text("referenceRange"),
							Detail.label("interpretation", "LabInterpretation"), Detail.date("collectedOn")),
					"test value unit referenceRange interpretation collectedOn"),
			new Section("encounters", Category.ENCOUNTERS, false, Detail.text("reason"),
					List.of(Detail.date("date"), Detail.text("place"), Detail.country("country"),
							Detail.text("summary")),
					"date place country reason summary referrals { to reason urgency }"));

	/** The selection of a whole record below {@code Person}, every section with its provenance. */
	static final String PERSON_SELECTION;

	static {
		StringBuilder selection = new StringBuilder("id phrNumber homeJurisdiction");
		for (Section section : ALL) {
			selection.append(' ')
				.append(section.field())
				.append(" { id ")
				.append(section.selection())
				.append(" recorded { at by country source } }");
		}
		PERSON_SELECTION = selection.toString();
	}

	private RecordSections() {
	}

	/** The value at a dotted path below an entry. */
	static Object value(Map<String, Object> entry, String path) {
		Object current = entry;
		for (String step : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(step);
		}
		return current;
	}

	/** The referrals of an encounter, as "to (urgency): reason". */
	@SuppressWarnings("unchecked")
	static List<String> referrals(Map<String, Object> entry, PortalText text) {
		List<String> lines = new ArrayList<>();
		if (entry.get("referrals") instanceof List<?> referrals) {
			for (Object item : referrals) {
				Map<String, Object> referral = (Map<String, Object>) item;
				// typed values isolated: each keeps its own direction within the page's
				String line = text.isolate(Objects.toString(referral.get("to"), ""));
				if (referral.get("urgency") != null) {
					line += " (" + text.label("Urgency", referral.get("urgency")) + ")";
				}
				if (referral.get("reason") != null) {
					line += ": " + text.isolate(referral.get("reason"));
				}
				lines.add(line);
			}
		}
		return lines;
	}
}
