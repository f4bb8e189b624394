package org.carnet.portal;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.carnet.consent.Access;
import org.carnet.consent.GrantConsent;
import org.carnet.consent.Grantee;
import org.carnet.consent.Grants;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.identity.NewUser;
import org.carnet.record.NewEntry;
import org.carnet.record.Person;
import org.carnet.record.Records;
import org.carnet.record.Registration;
import org.carnet.record.Source;
import org.carnet.record.content.Allergy;
import org.carnet.record.content.IdentityDetails;
import org.carnet.record.content.MentalHealthAssessment;

/**
 * The cast of issue 6, made fresh for each use (unique user names, so test classes sharing one application never
 * collide): Amina, registered on Lesvos with an allergy and a mental-health assessment; Dr Weber of Klinikum Nord in
 * Germany; a clinician of the reception centre; an auditor; and Yonas, another person, with his own account.
 */
final class PortalTestData {

	static final String PASSWORD = "portal test password";

	static final String ALLERGY = "Penicillin";

	static final String MENTAL_HEALTH_SUMMARY = "Distress after the journey; poor sleep";

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	static final Jurisdiction GR = Jurisdiction.of("GR");

	static final Jurisdiction DE = Jurisdiction.of("DE");

	final String suffix;

	final String amina;

	final String yonas;

	final String weber;

	final String nikolaou;

	final String auditor;

	final String mediator;

	final Person aminaRecord;

	final Person yonasRecord;

	final org.carnet.consent.ConsentGrant yonasGrantToWeber;

	PortalTestData(Accounts accounts, Records records, Grants grants) {
		suffix = SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
		String reception = "reception-lesvos-" + suffix;
		String klinikum = "klinikum-nord-" + suffix;
		String authority = "dpa-gr-" + suffix;
		String mediators = "mediators-gr-" + suffix;
		accounts.createOrganisationIfAbsent(reception, "Mavrovouni Reception Centre", GR);
		accounts.createOrganisationIfAbsent(klinikum, "Klinikum Nord", DE);
		accounts.createOrganisationIfAbsent(authority, "Hellenic Data Protection Authority", GR);
		accounts.createOrganisationIfAbsent(mediators, "Health Mediators Network", GR);
		nikolaou = "nikolaou." + suffix;
		weber = "weber." + suffix;
		auditor = "auditor." + suffix;
		mediator = "mediator." + suffix;
		accounts.createUserIfAbsent(NewUser.staff(nikolaou, PASSWORD, "Dr Eleni Nikolaou", reception, Role.CLINICIAN));
		accounts.createUserIfAbsent(NewUser.staff(weber, PASSWORD, "Dr Jonas Weber", klinikum, Role.CLINICIAN));
		accounts.createUserIfAbsent(NewUser.staff(auditor, PASSWORD, "Ines Papadaki", authority, Role.AUDITOR));
		accounts.createUserIfAbsent(NewUser.staff(mediator, PASSWORD, "Sara Mansour", mediators, Role.MEDIATOR));

		// registered as the API registers: the registering clinician's initial grant lets her complete the records
		Requester registrar = registrar();
		aminaRecord = records.register(Registration.by(registrar, GR, identity("Amina", "Haddad"), "test", null));
		records.add(aminaRecord.id(), byNikolaou(new Allergy(ALLERGY, "Hives and facial swelling",
				Allergy.Severity.SEVERE, Allergy.Status.ACTIVE, LocalDate.of(2012, 5, 1))));
		records.add(aminaRecord.id(), byNikolaou(new MentalHealthAssessment("RHS-15", 16, MENTAL_HEALTH_SUMMARY,
				true, LocalDate.of(2025, 9, 17))));
		amina = "amina." + suffix;
		accounts.createUserIfAbsent(NewUser.migrant(amina, PASSWORD, "Amina Haddad", aminaRecord.id(), GR));

		yonasRecord = records.register(Registration.by(registrar, GR, identity("Yonas", "Tesfaye"), "test", null));
		records.add(yonasRecord.id(), byNikolaou(new Allergy("Sulfonamides", "Rash", Allergy.Severity.MODERATE,
				Allergy.Status.ACTIVE, null)));
		yonas = "yonas." + suffix;
		accounts.createUserIfAbsent(NewUser.migrant(yonas, PASSWORD, "Yonas Tesfaye", yonasRecord.id(), GR));

		Requester yonasHimself = new Requester(yonas, Set.of(Role.MIGRANT), Optional.empty(), Optional.of(GR),
				Optional.of(yonasRecord.id()), "test");
		yonasGrantToWeber = grants.grant(yonasHimself, yonasRecord.id(), GR,
				GrantConsent.of(Grantee.user(weber), Set.of(Category.ALLERGIES), Access.READ, Set.of(Purpose.TREATMENT),
						Set.of(DE)));
	}

	/** Dr Nikolaou as the registrar of the cast's records. */
	Requester registrar() {
		return new Requester(nikolaou, Set.of(Role.CLINICIAN), Optional.of("reception-lesvos-" + suffix),
				Optional.of(GR), Optional.empty(), "test");
	}

	PersonId aminaId() {
		return aminaRecord.id();
	}

	String aminaPhrNumber() {
		return aminaRecord.phrNumber().value();
	}

	private NewEntry byNikolaou(org.carnet.record.content.EntryContent content) {
		return new NewEntry(content, nikolaou, GR, Source.CLINICIAN, Optional.empty());
	}

	private static IdentityDetails identity(String given, String family) {
		return new IdentityDetails(given, family, LocalDate.of(1996, 4, 2), false, IdentityDetails.Sex.FEMALE, "SY",
				List.of("ar", "en"), null);
	}
}
