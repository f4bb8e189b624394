package org.carnet.fhir;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The answer of {@code graphql-documents/fhir/FhirSummary.graphql}, read into records: who asks, and the record as
 * the consent gate let it through. A withheld category is null here, exactly as an empty one is empty: the mapping
 * treats both alike.
 */
record SummaryAnswer(Viewer me, PersonRecord person) {

	/** The requester, for the summary's author. */
	record Viewer(String subject, Organisation organisation, String jurisdiction, String personId) {
	}

	record Organisation(String id, String name, String jurisdiction) {
	}

	record PersonRecord(String id, String phrNumber, String homeJurisdiction, Identity identity,
			List<Allergy> allergies, List<Medication> medications, List<Condition> conditions,
			List<Vaccination> vaccinations, List<Screening> infectiousDiseases, List<MentalHealth> mentalHealth,
			List<Reproductive> reproductiveHealth, List<Vital> vitals, BloodGroup bloodGroup,
			List<LabResult> labResults, List<Encounter> encounters, String completenessNotice) {
	}

	/** Who recorded an entry, when, in which country, from what source. */
	record Recorded(OffsetDateTime at, String by, String country, String source) {
	}

	record Identity(String id, String givenNames, String familyName, LocalDate dateOfBirth,
			Boolean dateOfBirthEstimated, String sex, String nationality, List<String> languages, Contact contact,
			Recorded recorded, Integer yearOfBirth) {
	}

	record Contact(String phone, String email, String address) {
	}

	record Allergy(String id, String substance, String reaction, String severity, String status, LocalDate notedOn,
			Recorded recorded) {
	}

	record Medication(String id, String name, String dose, String route, String frequency, String reason,
			LocalDate startedOn, LocalDate endedOn, String status, Recorded recorded) {
	}

	record Condition(String id, String description, String icd10Code, String kind, String status,
			LocalDate onsetDate, LocalDate resolvedOn, Recorded recorded) {
	}

	record Vaccination(String id, String vaccine, Integer doseNumber, LocalDate date, String country,
			String lotNumber, Recorded recorded) {
	}

	record Screening(String id, String disease, String method, String result, LocalDate date, String notes,
			Recorded recorded) {
	}

	record MentalHealth(String id, String instrument, Integer score, String summary, Boolean followUpNeeded,
			LocalDate date, Recorded recorded) {
	}

	record Reproductive(String id, String kind, String description, LocalDate date, LocalDate expectedDeliveryDate,
			Recorded recorded) {
	}

	record Vital(String id, String kind, String value, String unit, LocalDate measuredOn, String note,
			Recorded recorded) {
	}

	record BloodGroup(String id, String group, LocalDate determinedOn, Recorded recorded) {
	}

	record LabResult(String id, String test, String value, String unit, String referenceRange,
			String interpretation, LocalDate collectedOn, Recorded recorded) {
	}

	record Encounter(String id, LocalDate date, String place, String country, String reason, String summary,
			List<Referral> referrals, Recorded recorded) {
	}

	record Referral(String to, String reason, String urgency) {
	}
}
