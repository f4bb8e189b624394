package org.carnet.record;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import java.util.Set;

import org.carnet.core.Jurisdiction;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.identity.NewUser;
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

	/**
	 * A clinician acting from Greece with a real account (the registrar's initial grant names an existing user),
	 * created unless it exists.
	 */
	public static Requester clinician(Accounts accounts, String subject) {
		accounts.createOrganisationIfAbsent("reception-test", "Reception Test Unit", GR);
		accounts.createUserIfAbsent(NewUser.staff(subject, "correct horse battery", "Dr " + subject, "reception-test",
				Role.CLINICIAN));
		return new Requester(subject, Set.of(Role.CLINICIAN), Optional.of("reception-test"), Optional.of(GR),
				Optional.empty(), "test");
	}

	/** A registration in Greece by {@code registrar}, through the one registration path. */
	public static Registration registration(String givenNames, String familyName, Requester registrar) {
		return registration(identity(givenNames, familyName), registrar);
	}

	public static Registration registration(IdentityDetails identity, Requester registrar) {
		return Registration.by(registrar, GR, identity, "test", null);
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
