package org.carnet.graphql.write;

import java.time.LocalDate;
import java.util.List;

import org.carnet.core.Jurisdiction;
import org.carnet.record.Source;
import org.carnet.record.content.Allergy;
import org.carnet.record.content.BloodGroupEntry;
import org.carnet.record.content.Condition;
import org.carnet.record.content.Encounter;
import org.carnet.record.content.EntryContent;
import org.carnet.record.content.IdentityDetails;
import org.carnet.record.content.InfectiousDiseaseScreening;
import org.carnet.record.content.LabResult;
import org.carnet.record.content.Medication;
import org.carnet.record.content.MentalHealthAssessment;
import org.carnet.record.content.ReproductiveHealthEntry;
import org.carnet.record.content.Vaccination;
import org.carnet.record.content.VitalSign;

/**
 * The input types of {@code schema/record.graphqls}, one record each, as {@code @Argument} binds them. An entry input
 * is the entry's content and two options, {@code supersedes} and {@code source}; it only carries values: the content
 * checks itself when the record module adds it, the options are checked by the write.
 */
final class RecordInputs {

	private RecordInputs() {
	}

	/** An entry input: what the entry says, and which entry it corrects and where it comes from. */
	sealed interface EntryInput<T extends EntryContent> permits IdentityInput, AllergyInput, MedicationInput,
			ConditionInput, VaccinationInput, InfectiousDiseaseScreeningInput, MentalHealthAssessmentInput,
			ReproductiveHealthEntryInput, VitalSignInput, BloodGroupInput, LabResultInput, EncounterInput {

		/** The content, without the options. */
		T content();

		/** The id of the entry this one corrects, as sent (checked by the write). */
		String supersedes();

		/** The source as sent; the write takes the writer's and refuses another one. */
		Source source();
	}

	/** {@code RegisterPersonInput}. */
	record RegisterPersonInput(Jurisdiction homeJurisdiction, IdentityInput identity) {
	}

	/** {@code ContactInput}. */
	record ContactInput(String phone, String email, String address) {

		IdentityDetails.Contact contact() {
			return new IdentityDetails.Contact(phone, email, address);
		}
	}

	/** {@code IdentityInput}; at registration its options are not used. */
	record IdentityInput(String givenNames, String familyName, LocalDate dateOfBirth, Boolean dateOfBirthEstimated,
			IdentityDetails.Sex sex, Jurisdiction nationality, List<String> languages, ContactInput contact,
			String supersedes, Source source) implements EntryInput<IdentityDetails> {

		@Override
		public IdentityDetails content() {
			return new IdentityDetails(givenNames, familyName, dateOfBirth, dateOfBirthEstimated, sex,
					code(nationality), languages, contact == null ? null : contact.contact());
		}
	}

	/** {@code AllergyInput}. */
	record AllergyInput(String substance, String reaction, Allergy.Severity severity, Allergy.Status status,
			LocalDate notedOn, String supersedes, Source source) implements EntryInput<Allergy> {

		@Override
		public Allergy content() {
			return new Allergy(substance, reaction, severity, status, notedOn);
		}
	}

	/** {@code MedicationInput}. */
	record MedicationInput(String name, String dose, String route, String frequency, String reason,
			LocalDate startedOn, LocalDate endedOn, Medication.Status status, String supersedes, Source source)
			implements EntryInput<Medication> {

		@Override
		public Medication content() {
			return new Medication(name, dose, route, frequency, reason, startedOn, endedOn, status);
		}
	}

	/** {@code ConditionInput}. */
	record ConditionInput(String description, String icd10Code, Condition.Kind kind, Condition.Status status,
			LocalDate onsetDate, LocalDate resolvedOn, String supersedes, Source source)
			implements EntryInput<Condition> {

		@Override
		public Condition content() {
			return new Condition(description, icd10Code, kind, status, onsetDate, resolvedOn);
		}
	}

	/** {@code VaccinationInput}. */
	record VaccinationInput(String vaccine, Integer doseNumber, LocalDate date, Jurisdiction country,
			String lotNumber, String supersedes, Source source) implements EntryInput<Vaccination> {

		@Override
		public Vaccination content() {
			return new Vaccination(vaccine, doseNumber, date, code(country), lotNumber);
		}
	}

	/** {@code InfectiousDiseaseScreeningInput}. */
	record InfectiousDiseaseScreeningInput(InfectiousDiseaseScreening.Disease disease, String method,
			InfectiousDiseaseScreening.Result result, LocalDate date, String notes, String supersedes, Source source)
			implements EntryInput<InfectiousDiseaseScreening> {

		@Override
		public InfectiousDiseaseScreening content() {
			return new InfectiousDiseaseScreening(disease, method, result, date, notes);
		}
	}

	/** {@code MentalHealthAssessmentInput}. */
	record MentalHealthAssessmentInput(String instrument, Integer score, String summary, Boolean followUpNeeded,
			LocalDate date, String supersedes, Source source) implements EntryInput<MentalHealthAssessment> {

		@Override
		public MentalHealthAssessment content() {
			return new MentalHealthAssessment(instrument, score, summary, followUpNeeded, date);
		}
	}

	/** {@code ReproductiveHealthEntryInput}. */
	record ReproductiveHealthEntryInput(ReproductiveHealthEntry.Kind kind, String description, LocalDate date,
			LocalDate expectedDeliveryDate, String supersedes, Source source)
			implements EntryInput<ReproductiveHealthEntry> {

		@Override
		public ReproductiveHealthEntry content() {
			return new ReproductiveHealthEntry(kind, description, date, expectedDeliveryDate);
		}
	}

	/** {@code VitalSignInput}. */
	record VitalSignInput(VitalSign.Kind kind, String value, String unit, LocalDate measuredOn, String note,
			String supersedes, Source source) implements EntryInput<VitalSign> {

		@Override
		public VitalSign content() {
			return new VitalSign(kind, value, unit, measuredOn, note);
		}
	}

	/** {@code BloodGroupInput}. */
	record BloodGroupInput(BloodGroupEntry.BloodGroup group, LocalDate determinedOn, String supersedes,
			Source source) implements EntryInput<BloodGroupEntry> {

		@Override
		public BloodGroupEntry content() {
			return new BloodGroupEntry(group, determinedOn);
		}
	}

	/** {@code LabResultInput}. */
	record LabResultInput(String test, String value, String unit, String referenceRange,
			LabResult.Interpretation interpretation, LocalDate collectedOn, String supersedes, Source source)
			implements EntryInput<LabResult> {

		@Override
		public LabResult content() {
			return new LabResult(test, value, unit, referenceRange, interpretation, collectedOn);
		}
	}

	/** {@code ReferralInput}. */
	record ReferralInput(String to, String reason, Encounter.Urgency urgency) {

		Encounter.Referral referral() {
			return new Encounter.Referral(to, reason, urgency);
		}
	}

	/** {@code EncounterInput}. */
	record EncounterInput(LocalDate date, String place, Jurisdiction country, String reason, String summary,
			List<ReferralInput> referrals, String supersedes, Source source) implements EntryInput<Encounter> {

		@Override
		public Encounter content() {
			List<Encounter.Referral> given = referrals == null ? null
					: referrals.stream().map(referral -> referral == null ? null : referral.referral()).toList();
			return new Encounter(date, place, code(country), reason, summary, given);
		}
	}

	private static String code(Jurisdiction jurisdiction) {
		return jurisdiction == null ? null : jurisdiction.code();
	}
}
