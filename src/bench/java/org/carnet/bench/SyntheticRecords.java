package org.carnet.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
 * Invented but realistic records of persons registered at reception: an identity and about 40 entries across every
 * section (a reception assessment, screenings, vaccinations, follow-up visits with measurements and lab results).
 * Deterministic per person index, so that two runs seed the same records. No real person's data.
 */
final class SyntheticRecords {

	private static final String[] GIVEN = { "Amal", "Yonas", "Fatima", "Ahmad", "Mariam", "Idris", "Nour", "Samir",
			"Hawa", "Tesfay", "Leila", "Omar", "Aisha", "Bilal", "Zainab", "Karim" };

	private static final String[] FAMILY = { "Haddad", "Tesfaye", "Rahimi", "Diallo", "Hussein", "Kebede", "Sultani",
			"Mansour", "Bah", "Abdi", null };

	private static final String[] NATIONALITY = { "SY", "AF", "ER", "SD", "IQ", "SO", "GN", "CD", "PK", "YE" };

	private static final String[][] LANGUAGES = { { "ar" }, { "ar", "en" }, { "ps", "fa" }, { "ti", "am" },
			{ "fr", "ff" }, { "so", "ar" }, { "ur", "en" } };

	private static final String[] SUBSTANCES = { "Penicillin", "Peanuts", "Sulfonamides", "Latex", "Ibuprofen",
			"Shellfish", "Pollen", "Aspirin" };

	private static final String[][] MEDICATIONS = { { "Salbutamol inhaler", "100 micrograms, 2 puffs", "inhaled",
			"as needed", "Asthma" }, { "Metformin", "500 mg", "oral", "twice daily", "Type 2 diabetes" },
			{ "Ferrous sulfate", "200 mg", "oral", "once daily", "Iron-deficiency anaemia" },
			{ "Amlodipine", "5 mg", "oral", "once daily", "Hypertension" },
			{ "Paracetamol", "1 g", "oral", "up to four times daily", "Pain" },
			{ "Sertraline", "50 mg", "oral", "once daily", "Depression" } };

	private static final String[][] CONDITIONS = { { "Asthma, mild persistent", "J45.3" },
			{ "Type 2 diabetes mellitus", "E11.9" }, { "Essential hypertension", "I10" },
			{ "Iron-deficiency anaemia", "D50.9" }, { "Scabies", "B86" }, { "Appendectomy", "K35.8" },
			{ "Fracture of forearm, healed", "S52.9" } };

	private static final String[] VACCINES = { "MMR", "DTaP-IPV", "Td booster", "Hepatitis B", "BCG",
			"COVID-19 mRNA", "Polio (OPV)", "Varicella" };

	private static final String[][] LABS = { { "Haemoglobin", "g/dL", "12.0-15.5" }, { "Ferritin", "ng/mL", "15-150" },
			{ "HbA1c", "%", "4.0-5.6" }, { "Creatinine", "mg/dL", "0.6-1.2" }, { "ALT", "U/L", "7-56" },
			{ "White cell count", "10^9/L", "4.0-11.0" }, { "Platelets", "10^9/L", "150-400" } };

	private static final String[] PLACES = { "Mavrovouni reception centre health unit", "Malakasa camp clinic",
			"General Hospital of Mytilene", "Diavata reception centre", "Health mediator visit, Athens" };

	private SyntheticRecords() {
	}

	static IdentityDetails identity(int index) {
		Random random = new Random(index * 7919L);
		LocalDate birth = LocalDate.of(1960 + random.nextInt(45), 1 + random.nextInt(12), 1 + random.nextInt(28));
		IdentityDetails.Contact contact = random.nextBoolean() ? new IdentityDetails.Contact(
				"+30 69" + (10_000_000 + random.nextInt(89_999_999)), null, "Reception centre, container "
						+ (1 + random.nextInt(400)))
				: null;
		return new IdentityDetails(pick(random, GIVEN), pick(random, FAMILY), birth, random.nextInt(5) == 0,
				random.nextBoolean() ? IdentityDetails.Sex.FEMALE : IdentityDetails.Sex.MALE, pick(random, NATIONALITY),
				List.of(LANGUAGES[random.nextInt(LANGUAGES.length)]), contact);
	}

	/** About 39 entries besides the identity, in every section. */
	static List<EntryContent> entries(int index) {
		Random random = new Random(index * 104_729L + 17);
		LocalDate arrival = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(600));
		List<EntryContent> entries = new ArrayList<>();
		for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
			entries.add(new Allergy(SUBSTANCES[(index + i) % SUBSTANCES.length], "Urticaria and itching",
					Allergy.Severity.values()[random.nextInt(4)], Allergy.Status.ACTIVE,
					random.nextBoolean() ? arrival.minusYears(1 + random.nextInt(10)) : null));
		}
		for (int i = 0, n = 2 + random.nextInt(3); i < n; i++) {
			String[] m = MEDICATIONS[(index + i) % MEDICATIONS.length];
			entries.add(new Medication(m[0], m[1], m[2], m[3], m[4], arrival.minusDays(random.nextInt(900)), null,
					Medication.Status.ACTIVE));
		}
		for (int i = 0, n = 2 + random.nextInt(3); i < n; i++) {
			String[] c = CONDITIONS[(index + i) % CONDITIONS.length];
			LocalDate onset = arrival.minusDays(30 + random.nextInt(3000));
			boolean resolved = random.nextInt(3) == 0;
			entries.add(new Condition(c[0], c[1], Condition.Kind.values()[random.nextInt(4)],
					resolved ? Condition.Status.RESOLVED : Condition.Status.ACTIVE, onset,
					resolved ? onset.plusDays(10 + random.nextInt(60)) : null));
		}
		for (int i = 0, n = 5 + random.nextInt(4); i < n; i++) {
			boolean here = i == n - 1;
			entries.add(new Vaccination(VACCINES[(index + i) % VACCINES.length], 1 + random.nextInt(3),
					here ? arrival.plusDays(2) : arrival.minusYears(2 + random.nextInt(20)),
					here ? "GR" : pick(random, NATIONALITY), here ? "LOT-" + (1000 + random.nextInt(9000)) : null));
		}
		InfectiousDiseaseScreening.Disease[] diseases = { InfectiousDiseaseScreening.Disease.TUBERCULOSIS,
				InfectiousDiseaseScreening.Disease.HEPATITIS_B, InfectiousDiseaseScreening.Disease.HIV,
				InfectiousDiseaseScreening.Disease.SYPHILIS };
		for (int i = 0, n = 3 + random.nextInt(2); i < n; i++) {
			entries.add(new InfectiousDiseaseScreening(diseases[i], i == 0 ? "IGRA" : "Rapid test",
					InfectiousDiseaseScreening.Result.NEGATIVE, arrival.plusDays(1), i == 0 ? "No symptoms" : null));
		}
		for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
			entries.add(new MentalHealthAssessment("RHS-15", random.nextInt(40),
					"Distress after the journey; sleep problems", random.nextBoolean(), arrival.plusDays(3 + 30 * i)));
		}
		for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
			entries.add(new ReproductiveHealthEntry(ReproductiveHealthEntry.Kind.values()[random.nextInt(5)],
					"Reported at the reception assessment", arrival.plusDays(1), null));
		}
		for (int i = 0, n = 7 + random.nextInt(3); i < n; i++) {
			LocalDate on = arrival.plusDays(1 + 14L * i);
			entries.add(switch (i % 4) {
				case 0 -> new VitalSign(VitalSign.Kind.BLOOD_PRESSURE, (110 + random.nextInt(40)) + "/"
						+ (70 + random.nextInt(20)), "mmHg", on, "Seated, after rest");
				case 1 -> new VitalSign(VitalSign.Kind.WEIGHT, String.valueOf(45 + random.nextInt(50)), "kg", on, null);
				case 2 -> new VitalSign(VitalSign.Kind.HEART_RATE, String.valueOf(55 + random.nextInt(40)), "bpm", on,
						null);
				default -> new VitalSign(VitalSign.Kind.TEMPERATURE, "36." + random.nextInt(10), "Cel", on, null);
			});
		}
		entries.add(new BloodGroupEntry(BloodGroupEntry.BloodGroup.values()[random.nextInt(8)], arrival.plusDays(2)));
		for (int i = 0, n = 5 + random.nextInt(3); i < n; i++) {
			String[] lab = LABS[(index + i) % LABS.length];
			entries.add(new LabResult(lab[0], String.valueOf(5 + random.nextInt(100)), lab[1], lab[2],
					random.nextInt(4) == 0 ? LabResult.Interpretation.ABNORMAL : LabResult.Interpretation.NORMAL,
					arrival.plusDays(1 + 30L * (i / 3))));
		}
		for (int i = 0, n = 2 + random.nextInt(2); i < n; i++) {
			entries.add(new Encounter(arrival.plusDays(1 + 45L * i), PLACES[(index + i) % PLACES.length], "GR",
					i == 0 ? "Initial health assessment at reception" : "Follow-up visit",
					"Fit to travel; follow-up planned",
					i == 0 ? List.of(new Encounter.Referral("Psychologist, mental health clinic", "RHS-15 screening",
							Encounter.Urgency.ROUTINE)) : List.of()));
		}
		return entries;
	}

	private static String pick(Random random, String[] values) {
		return values[random.nextInt(values.length)];
	}
}
