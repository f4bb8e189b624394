package org.carnet.record;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.carnet.core.Jurisdiction;
import org.carnet.record.content.Allergy;
import org.carnet.record.content.EntryContent;
import org.carnet.record.content.IdentityDetails;
import org.carnet.record.content.MentalHealthAssessment;

/** Small factories of record data for tests. */
public final class RecordFixtures {

	public static final Jurisdiction GR = Jurisdiction.of("GR");

	private RecordFixtures() {
	}

	public static IdentityDetails identity(String givenNames, String familyName) {
		return new IdentityDetails(givenNames, familyName, LocalDate.of(1994, 3, 12), false,
				IdentityDetails.Sex.FEMALE, "SY", List.of("ar", "en"),
				new IdentityDetails.Contact("+30 690 000 0000", null, null));
	}

	public static Registration registration(String givenNames, String familyName, String registeredBy) {
		return new Registration(GR, identity(givenNames, familyName), registeredBy, GR);
	}

	public static Allergy allergy(String substance) {
		return new Allergy(substance, "Hives and swelling", Allergy.Severity.SEVERE, Allergy.Status.ACTIVE,
				LocalDate.of(2015, 6, 1));
	}

	public static MentalHealthAssessment mentalHealth(String summary) {
		return new MentalHealthAssessment("RHS-15", 14, summary, true, LocalDate.of(2025, 2, 10));
	}

	public static NewEntry byClinician(EntryContent content, String subject) {
		return new NewEntry(content, subject, GR, Source.CLINICIAN, Optional.empty());
	}
}
