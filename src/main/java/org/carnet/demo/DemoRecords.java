package org.carnet.demo;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.record.Entry;
import org.carnet.record.NewEntry;
import org.carnet.record.Records;
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

/** The demo persons' records: realistic reception health assessments, in every section. */
final class DemoRecords {

	static final Jurisdiction GR = Jurisdiction.of("GR");

	static final Jurisdiction IT = Jurisdiction.of("IT");

	private DemoRecords() {
	}

	static IdentityDetails aminaIdentity() {
		return new IdentityDetails("Amina", "Haddad", LocalDate.of(1996, 4, 2), false, IdentityDetails.Sex.FEMALE, "SY",
				List.of("ar", "en"), new IdentityDetails.Contact("+30 694 555 0182", null, "Lesvos reception centre"));
	}

	/** Samir's date of birth, as his record and the guardian's appointment state it: he turns 18 in 2029. */
	static final LocalDate SAMIR_BIRTH_DATE = LocalDate.of(2011, 3, 9);

	static IdentityDetails samirIdentity() {
		return new IdentityDetails("Samir", "Rahimi", SAMIR_BIRTH_DATE, true, IdentityDetails.Sex.MALE, "AF",
				List.of("fa", "ps"), null);
	}

	/** Samir's record: the reception assessment of an unaccompanied minor. */
	static List<Entry> fillSamir(Records records, PersonId samir, String clinician) {
		LocalDate arrival = LocalDate.of(2025, 9, 30);
		List<EntryContent> entries = List.of(new Vaccination("Measles-containing vaccine", 1, arrival.plusDays(2), "GR",
				null), new VitalSign(VitalSign.Kind.WEIGHT, "48", "kg", arrival.plusDays(1), null),
				new Encounter(arrival.plusDays(1), "Mavrovouni Reception Centre Health Unit", "GR",
						"Health assessment of an unaccompanied minor", "Healthy; guardian to be appointed", List.of()));
		return entries.stream()
			.map(content -> records.add(samir, new NewEntry(content, clinician, GR, Source.CLINICIAN, Optional.empty())))
			.toList();
	}

	static IdentityDetails yonasIdentity() {
		return new IdentityDetails("Yonas", "Tesfaye", LocalDate.of(2001, 1, 1), true, IdentityDetails.Sex.MALE, "ER",
				List.of("ti", "am", "it"), null);
	}

	/** Amina's record as written by the reception centre's clinician on Lesvos and on later visits. */
	static List<Entry> fillAmina(Records records, PersonId amina, String clinician) {
		LocalDate arrival = LocalDate.of(2025, 9, 14);
		List<EntryContent> entries = List.of(
				new Allergy("Penicillin", "Urticaria and facial swelling", Allergy.Severity.SEVERE,
						Allergy.Status.ACTIVE, LocalDate.of(2012, 5, 1)),
				new Allergy("Peanuts", "Itching of the mouth", Allergy.Severity.MILD, Allergy.Status.ACTIVE, null),
				new Medication("Salbutamol inhaler", "100 micrograms, 2 puffs", "inhaled", "as needed",
						"Asthma", LocalDate.of(2019, 3, 1), null, Medication.Status.ACTIVE),
				new Medication("Ferrous sulfate", "200 mg", "oral", "once daily", "Iron-deficiency anaemia",
						arrival.plusDays(2), null, Medication.Status.ACTIVE),
				new Condition("Asthma, mild persistent", "J45.3", Condition.Kind.CHRONIC, Condition.Status.ACTIVE,
						LocalDate.of(2010, 1, 1), null),
				new Condition("Appendectomy", "K35.8", Condition.Kind.SURGERY, Condition.Status.RESOLVED,
						LocalDate.of(2014, 7, 20), LocalDate.of(2014, 7, 27)),
				new Condition("Iron-deficiency anaemia", "D50.9", Condition.Kind.DIAGNOSIS, Condition.Status.ACTIVE,
						arrival.plusDays(1), null),
				new Vaccination("MMR", 1, LocalDate.of(1997, 4, 10), "SY", null),
				new Vaccination("MMR", 2, LocalDate.of(2001, 9, 3), "SY", null),
				new Vaccination("DTaP-IPV", 4, LocalDate.of(2001, 9, 3), "SY", null),
				new Vaccination("Td booster", 1, arrival.plusDays(1), "GR", "TD-2025-0917"),
				new InfectiousDiseaseScreening(InfectiousDiseaseScreening.Disease.TUBERCULOSIS, "IGRA",
						InfectiousDiseaseScreening.Result.NEGATIVE, arrival.plusDays(1), "No symptoms of active TB"),
				new InfectiousDiseaseScreening(InfectiousDiseaseScreening.Disease.HEPATITIS_B, "HBsAg rapid test",
						InfectiousDiseaseScreening.Result.NEGATIVE, arrival.plusDays(1), null),
				new MentalHealthAssessment("RHS-15", 16, "Symptoms of distress after the journey; sleep problems",
						true, arrival.plusDays(3)),
				new ReproductiveHealthEntry(ReproductiveHealthEntry.Kind.CONTRACEPTION,
						"Combined oral contraceptive, self-reported", arrival.plusDays(1), null),
				new VitalSign(VitalSign.Kind.BLOOD_PRESSURE, "138/88", "mmHg", arrival.plusDays(1), "Seated, after rest"),
				new VitalSign(VitalSign.Kind.BLOOD_PRESSURE, "132/84", "mmHg", arrival.plusDays(15), null),
				new VitalSign(VitalSign.Kind.BLOOD_PRESSURE, "126/80", "mmHg", arrival.plusDays(45), null),
				new VitalSign(VitalSign.Kind.WEIGHT, "58", "kg", arrival.plusDays(1), null),
				new VitalSign(VitalSign.Kind.HEIGHT, "164", "cm", arrival.plusDays(1), null),
				new BloodGroupEntry(BloodGroupEntry.BloodGroup.A_POSITIVE, arrival.plusDays(2)),
				new LabResult("Haemoglobin", "10.4", "g/dL", "12.0-15.5", LabResult.Interpretation.ABNORMAL,
						arrival.plusDays(1)),
				new LabResult("Ferritin", "9", "ng/mL", "15-150", LabResult.Interpretation.ABNORMAL,
						arrival.plusDays(1)),
				new Encounter(arrival.plusDays(1), "Mavrovouni reception centre health unit", "GR",
						"Initial health assessment at reception", "Fit to travel; follow-up for anaemia and distress",
						List.of(new Encounter.Referral("Psychologist, MSF mental health clinic", "RHS-15 score 16",
								Encounter.Urgency.ROUTINE))));
		return entries.stream()
			.map(content -> records.add(amina, new NewEntry(content, clinician, GR, Source.CLINICIAN, Optional.empty())))
			.toList();
	}

	static List<Entry> fillYonas(Records records, PersonId yonas, String clinician) {
		LocalDate arrival = LocalDate.of(2025, 6, 2);
		List<EntryContent> entries = List.of(
				new Vaccination("Measles-containing vaccine", 1, arrival.plusDays(3), "IT", "MMR-IT-3321"),
				new InfectiousDiseaseScreening(InfectiousDiseaseScreening.Disease.TUBERCULOSIS, "Chest X-ray",
						InfectiousDiseaseScreening.Result.NEGATIVE, arrival.plusDays(2), null),
				new VitalSign(VitalSign.Kind.WEIGHT, "61", "kg", arrival.plusDays(2), null),
				new Encounter(arrival.plusDays(2), "Hotspot health unit, Lampedusa", "IT",
						"Initial health assessment at reception", "Scabies treated", List.of()));
		return entries.stream()
			.map(content -> records.add(yonas, new NewEntry(content, clinician, IT, Source.CLINICIAN, Optional.empty())))
			.toList();
	}
}
