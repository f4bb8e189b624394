package org.carnet.portal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.carnet.core.Category;
import org.carnet.portal.Answers.Entry;
import org.carnet.portal.Answers.PersonRecord;

/**
 * How each section of a record is shown: the category that governs it, the field that names an entry and the
 * details below it, each read from the entry's record. One list, used by the person's own pages and the clinician's;
 * what is asked for is in the documents {@code PortalMyRecord} and {@code PortalPerson}.
 */
final class RecordSections {

	/**
	 * How a detail is written: as text (in its own direction), a date, a label of an enum, a country, yes/no,
	 * languages, a number (in the page's digits), or a code (a phone number, an ICD-10 code: always left to right).
	 */
	enum Kind {
		TEXT, DATE, ENUM, COUNTRY, YES_NO, LANGUAGES, NUMBER, CODE
	}

	/** One detail of an entry: its field (as the messages name it), how to write it, and its value in an entry. */
	record Detail(String field, Kind kind, String enumType, Function<Entry, Object> reader) {

		/** The detail's value in this entry, or null. */
		Object value(Entry entry) {
			return reader.apply(entry);
		}
	}

	/**
	 * A section of the record.
	 *
	 * @param field the field of {@code Person}
	 * @param category its consent category
	 * @param reader the section's entries in a record (none when null)
	 * @param title the detail that names an entry
	 * @param details the other details, in order
	 */
	record Section(String field, Category category, Function<PersonRecord, List<? extends Entry>> reader,
			Detail title, List<Detail> details) {

		/** The section's entries in this record; empty when there are none. */
		List<? extends Entry> entries(PersonRecord person) {
			List<? extends Entry> entries = reader.apply(person);
			return entries == null ? List.of() : entries;
		}
	}

	/** Builds a section whose entries are of type {@code E}: the title first, then the details in order. */
	private static final class Builder<E extends Entry> {

		private final String field;

		private final Category category;

		private final Function<PersonRecord, List<? extends Entry>> reader;

		private final List<Detail> details = new ArrayList<>();

		private Builder(String field, Category category, Function<PersonRecord, List<? extends Entry>> reader) {
			this.field = field;
			this.category = category;
			this.reader = reader;
		}

		@SuppressWarnings("unchecked")
		private Builder<E> add(String name, Kind kind, String enumType, Function<E, ?> value) {
			// the section's reader gives entries of type E only
			details.add(new Detail(name, kind, enumType, entry -> value.apply((E) entry)));
			return this;
		}

		Builder<E> text(String name, Function<E, ?> value) {
			return add(name, Kind.TEXT, null, value);
		}

		Builder<E> date(String name, Function<E, ?> value) {
			return add(name, Kind.DATE, null, value);
		}

		Builder<E> label(String name, String enumType, Function<E, ?> value) {
			return add(name, Kind.ENUM, enumType, value);
		}

		Builder<E> country(String name, Function<E, ?> value) {
			return add(name, Kind.COUNTRY, null, value);
		}

		Builder<E> number(String name, Function<E, ?> value) {
			return add(name, Kind.NUMBER, null, value);
		}

		Builder<E> code(String name, Function<E, ?> value) {
			return add(name, Kind.CODE, null, value);
		}

		Builder<E> yesNo(String name, Function<E, ?> value) {
			return add(name, Kind.YES_NO, null, value);
		}

		Builder<E> languages(String name, Function<E, ?> value) {
			return add(name, Kind.LANGUAGES, null, value);
		}

		Section build() {
			return new Section(field, category, reader, details.get(0), List.copyOf(details.subList(1, details.size())));
		}
	}

	private static <E extends Entry> Builder<E> list(String field, Category category,
			Function<PersonRecord, List<E>> entries) {
		return new Builder<>(field, category, entries::apply);
	}

	private static <E extends Entry> Builder<E> single(String field, Category category,
			Function<PersonRecord, E> entry) {
		return new Builder<>(field, category, person -> {
			E value = entry.apply(person);
			return value == null ? List.of() : List.of(value);
		});
	}

	static final List<Section> ALL = List.of(
			RecordSections.<Answers.Identity>single("identity", Category.IDENTITY, PersonRecord::identity)
				.text("givenNames", Answers.Identity::givenNames)
				.text("familyName", Answers.Identity::familyName)
				.date("dateOfBirth", Answers.Identity::dateOfBirth)
				.code("yearOfBirth", identity -> Boolean.TRUE.equals(identity.coarse()) ? identity.yearOfBirth() : null)
				.yesNo("dateOfBirthEstimated", Answers.Identity::dateOfBirthEstimated)
				.label("sex", "Sex", Answers.Identity::sex)
				.country("nationality", Answers.Identity::nationality)
				.languages("languages", Answers.Identity::languages)
				.code("contact.phone", identity -> identity.contact() == null ? null : identity.contact().phone())
				.code("contact.email", identity -> identity.contact() == null ? null : identity.contact().email())
				.text("contact.address", identity -> identity.contact() == null ? null : identity.contact().address())
				.build(),
			RecordSections.<Answers.Allergy>list("allergies", Category.ALLERGIES, PersonRecord::allergies)
				.text("substance", Answers.Allergy::substance)
				.text("reaction", Answers.Allergy::reaction)
				.label("severity", "AllergySeverity", Answers.Allergy::severity)
				.label("status", "AllergyStatus", Answers.Allergy::status)
				.date("notedOn", Answers.Allergy::notedOn)
				.build(),
			RecordSections.<Answers.Medication>list("medications", Category.MEDICATIONS, PersonRecord::medications)
				.text("name", Answers.Medication::name)
				.text("dose", Answers.Medication::dose)
				.text("route", Answers.Medication::route)
				.text("frequency", Answers.Medication::frequency)
				.text("reason", Answers.Medication::reason)
				.date("startedOn", Answers.Medication::startedOn)
				.date("endedOn", Answers.Medication::endedOn)
				.label("status", "MedicationStatus", Answers.Medication::status)
				.build(),
			RecordSections.<Answers.Condition>list("conditions", Category.CONDITIONS, PersonRecord::conditions)
				.text("description", Answers.Condition::description)
				.label("kind", "ConditionKind", Answers.Condition::kind)
				.label("status", "ConditionStatus", Answers.Condition::status)
				.code("icd10Code", Answers.Condition::icd10Code)
				.date("onsetDate", Answers.Condition::onsetDate)
				.date("resolvedOn", Answers.Condition::resolvedOn)
				.build(),
			RecordSections.<Answers.Vaccination>list("vaccinations", Category.VACCINATIONS, PersonRecord::vaccinations)
				.text("vaccine", Answers.Vaccination::vaccine)
				.number("doseNumber", Answers.Vaccination::doseNumber)
				.date("date", Answers.Vaccination::date)
				.country("country", Answers.Vaccination::country)
				.code("lotNumber", Answers.Vaccination::lotNumber)
				.build(),
			RecordSections.<Answers.InfectiousDiseaseScreening>list("infectiousDiseases", Category.INFECTIOUS_DISEASES,
					PersonRecord::infectiousDiseases)
				.label("disease", "Disease", Answers.InfectiousDiseaseScreening::disease)
				.label("result", "ScreeningResult", Answers.InfectiousDiseaseScreening::result)
				.text("method", Answers.InfectiousDiseaseScreening::method)
				.date("date", Answers.InfectiousDiseaseScreening::date)
				.text("notes", Answers.InfectiousDiseaseScreening::notes)
				.build(),
			RecordSections.<Answers.MentalHealthAssessment>list("mentalHealth", Category.MENTAL_HEALTH,
					PersonRecord::mentalHealth)
				.text("instrument", Answers.MentalHealthAssessment::instrument)
				.number("score", Answers.MentalHealthAssessment::score)
				.text("summary", Answers.MentalHealthAssessment::summary)
				.yesNo("followUpNeeded", Answers.MentalHealthAssessment::followUpNeeded)
				.date("date", Answers.MentalHealthAssessment::date)
				.build(),
			RecordSections.<Answers.ReproductiveHealthEntry>list("reproductiveHealth", Category.REPRODUCTIVE_HEALTH,
					PersonRecord::reproductiveHealth)
				.label("kind", "ReproductiveHealthKind", Answers.ReproductiveHealthEntry::kind)
				.text("description", Answers.ReproductiveHealthEntry::description)
				.date("date", Answers.ReproductiveHealthEntry::date)
				.date("expectedDeliveryDate", Answers.ReproductiveHealthEntry::expectedDeliveryDate)
				.build(),
			RecordSections.<Answers.BloodGroup>single("bloodGroup", Category.VITALS, PersonRecord::bloodGroup)
				.label("group", "BloodGroupValue", Answers.BloodGroup::group)
				.date("determinedOn", Answers.BloodGroup::determinedOn)
				.build(),
			RecordSections.<Answers.VitalSign>list("vitals", Category.VITALS, PersonRecord::vitals)
				.label("kind", "VitalSignKind", Answers.VitalSign::kind)
				.text("value", Answers.VitalSign::value)
				.text("unit", Answers.VitalSign::unit)
				.date("measuredOn", Answers.VitalSign::measuredOn)
				.text("note", Answers.VitalSign::note)
				.build(),
			RecordSections.<Answers.LabResult>list("labResults", Category.LAB_RESULTS, PersonRecord::labResults)
				.text("test", Answers.LabResult::test)
				.text("value", Answers.LabResult::value)
				.text("unit", Answers.LabResult::unit)
				.text("referenceRange", Answers.LabResult::referenceRange)
				.label("interpretation", "LabInterpretation", Answers.LabResult::interpretation)
				.date("collectedOn", Answers.LabResult::collectedOn)
				.build(),
			RecordSections.<Answers.Encounter>list("encounters", Category.ENCOUNTERS, PersonRecord::encounters)
				.text("reason", Answers.Encounter::reason)
				.date("date", Answers.Encounter::date)
				.text("place", Answers.Encounter::place)
				.country("country", Answers.Encounter::country)
				.text("summary", Answers.Encounter::summary)
				.build());

	private RecordSections() {
	}

	/** The referrals of an encounter, as "to (urgency): reason". */
	static List<String> referrals(Entry entry, PortalText text) {
		List<String> lines = new ArrayList<>();
		if (entry instanceof Answers.Encounter encounter && encounter.referrals() != null) {
			for (Answers.Referral referral : encounter.referrals()) {
				// typed values isolated: each keeps its own direction within the page's
				String line = text.isolate(Objects.toString(referral.to(), ""));
				if (referral.urgency() != null) {
					line += " (" + text.label("Urgency", referral.urgency()) + ")";
				}
				if (referral.reason() != null) {
					line += ": " + text.isolate(referral.reason());
				}
				lines.add(line);
			}
		}
		return lines;
	}
}
