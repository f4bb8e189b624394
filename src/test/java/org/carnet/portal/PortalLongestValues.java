package org.carnet.portal;

import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.carnet.consent.Access;
import org.carnet.consent.ConsentRequests;
import org.carnet.consent.GrantConsent;
import org.carnet.consent.GrantOrigin;
import org.carnet.consent.Grantee;
import org.carnet.consent.Grants;
import org.carnet.consent.RequestConsent;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
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
import org.carnet.record.content.Check;
import org.carnet.record.content.Encounter;
import org.carnet.record.content.IdentityDetails;
import org.carnet.record.content.Medication;
import org.carnet.record.content.Vaccination;

/**
 * People and records with the longest values Carnet accepts, made of real-world words that do not break: 64-character
 * user names, 200-character names of people, organisations, drugs and places (no space in them), 2,000-character
 * texts, and the same in Arabic. What a phone must show without scrolling sideways.
 */
final class PortalLongestValues {

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	static final Jurisdiction GR = Jurisdiction.of("GR");

	static final Jurisdiction DE = Jurisdiction.of("DE");

	/** The longest a user name may be (Credentials: 3 to 64 characters). */
	static final int USER_NAME = 64;

	/** The longest display name and organisation name. */
	static final int NAME = 200;

	final String migrant;

	final String clinician;

	final String mediator;

	final String auditor;

	final Person person;

	PortalLongestValues(Accounts accounts, Records records, Grants grants, ConsentRequests requests) {
		String suffix = SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
		String hospital = "long-hospital-" + suffix;
		String authority = "long-authority-" + suffix;
		String mediators = "long-mediators-" + suffix;
		accounts.createOrganisationIfAbsent(hospital, fill("Universitätsklinikum-Schleswig-Holstein-Kiel-"
				+ "Kinderkardiologie-und-Angeborene-Herzfehler-Ambulanz", NAME), DE);
		accounts.createOrganisationIfAbsent(authority,
				fill("Αρχή Προστασίας Δεδομένων Προσωπικού Χαρακτήρα Περιφερειακή Διεύθυνση ", NAME), GR);
		accounts.createOrganisationIfAbsent(mediators, fill("شبكة الوسطاء الصحيين الثقافيين في جزر بحر إيجة ", NAME),
				GR);
		clinician = userName("clinician", suffix);
		mediator = userName("mediator", suffix);
		auditor = userName("auditor", suffix);
		migrant = userName("migrant", suffix);
		accounts.createUserIfAbsent(NewUser.staff(clinician, PortalTestData.PASSWORD,
				fill("Dr Maximiliane-Alexandra-Wolfeschlegelsteinhausenbergerdorff-", NAME), hospital, Role.CLINICIAN));
		accounts.createUserIfAbsent(NewUser.staff(mediator, PortalTestData.PASSWORD,
				fill("عبدالرحمنمحمدعبدالعزيزالهاشميالقرشي", NAME), mediators, Role.MEDIATOR));
		accounts.createUserIfAbsent(NewUser.staff(auditor, PortalTestData.PASSWORD,
				fill("Παπαδοπουλοςκωνσταντινοπουλος-", NAME), authority, Role.AUDITOR));

		Requester registrar = new Requester(clinician, Set.of(Role.CLINICIAN), Optional.of(hospital), Optional.of(DE),
				Optional.empty(), "test");
		person = records.register(Registration.by(registrar, GR, new IdentityDetails(
				fill("Khadija-Fatima-Zahra-Aisha-Maryam-", Check.MAX_NAME), fill("Al-Abdulrahmanalhashimi", Check.MAX_NAME),
				LocalDate.of(1990, 1, 1), false, IdentityDetails.Sex.FEMALE, "SY", List.of("ar", "en"),
				new IdentityDetails.Contact(fill("+30694", 50), fill("khadija.fatima.", 240) + "@example.org",
						fill("Kentro-Ypodoxis-kai-Taftopoiisis-Mavrovouniou-Lesvou-", 500))),
				"test", null));
		records.add(person.id(), entry(new Allergy(fill("Trimethoprimsulfamethoxazole", Check.MAX_NAME),
				text("Urticaria and angioedema of the face and lips within an hour ", Check.MAX_TEXT),
				Allergy.Severity.SEVERE, Allergy.Status.ACTIVE, LocalDate.of(2012, 5, 1))));
		records.add(person.id(), entry(new Medication(fill("Hydroxychloroquinesulfateextendedrelease", Check.MAX_NAME),
				fill("200mg-twice-daily-with-food-", Check.MAX_NAME), fill("Intravenousinfusion", Check.MAX_NAME),
				fill("Everytwelvehours", Check.MAX_NAME), text("Rheumatoid arthritis, long term ", Check.MAX_TEXT),
				LocalDate.of(2020, 1, 1), null, Medication.Status.ACTIVE)));
		records.add(person.id(), entry(new Vaccination(fill("Diphtheriatetanusacellularpertussispoliomyelitis",
				Check.MAX_NAME), 3, LocalDate.of(2024, 2, 1), "GR", fill("LOT", 64))));
		records.add(person.id(), entry(new Encounter(LocalDate.of(2025, 9, 17),
				fill("Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch", Check.MAX_NAME), "GR",
				text("Health assessment on arrival ", Check.MAX_TEXT), text("ملخص الفحص الصحي عند الوصول ", Check.MAX_TEXT),
				List.of(new Encounter.Referral(fill("Psychiatrischeuniversitätsklinik", Check.MAX_NAME),
						text("Follow-up ", Check.MAX_TEXT), Encounter.Urgency.ROUTINE)))));
		accounts.createUserIfAbsent(NewUser.migrant(migrant, PortalTestData.PASSWORD,
				fill("Khadija-Fatima-Zahra-", NAME), person.id(), GR));

		Requester herself = new Requester(migrant, Set.of(Role.MIGRANT), Optional.empty(), Optional.of(GR),
				Optional.of(person.id()), "test");
		// She replaces the registrar's initial grant with her own: almost everything shared with the clinician, from
		// Germany; he asks for the rest, with the longest reason.
		grants.history(person.id()).stream()
			.filter(grant -> grant.origin() == GrantOrigin.REGISTRATION)
			.forEach(initial -> grants.revoke(herself, initial.id(), "Replaced by my own consents"));
		grants.grant(herself, person.id(), GR,
				GrantConsent.of(Grantee.user(clinician), EnumSet.complementOf(EnumSet.of(Category.MENTAL_HEALTH)),
						Access.READ_WRITE, Set.of(Purpose.TREATMENT, Purpose.EMERGENCY), Set.of(DE)));
		grants.grant(herself, person.id(), GR, GrantConsent.of(Grantee.organisation(hospital),
				EnumSet.of(Category.ALLERGIES), Access.READ, Set.of(Purpose.TREATMENT), Set.of(DE)));
		requests.request(registrar, person.id(), GR, RequestConsent.forMe(EnumSet.of(Category.MENTAL_HEALTH),
				Access.READ, Purpose.TREATMENT, text("Kinderkardiologische Nachsorge ", 1000),
				Optional.of(Duration.ofDays(30))));
		Requester proposer = new Requester(mediator, Set.of(Role.MEDIATOR), Optional.of(mediators), Optional.of(GR),
				Optional.empty(), "test");
		requests.request(proposer, person.id(), GR, RequestConsent.proposal(Grantee.user(clinician),
				EnumSet.of(Category.VACCINATIONS), Access.READ, Set.of(Purpose.CARE_COORDINATION), Set.of(DE),
				text("تنسيق الرعاية الصحية ", 1000), Optional.of(Duration.ofDays(30))));
	}

	private NewEntry entry(org.carnet.record.content.EntryContent content) {
		return new NewEntry(content, clinician, DE, Source.CLINICIAN, Optional.empty());
	}

	/** A user name of exactly 64 characters, unique to this run. */
	private static String userName(String role, String suffix) {
		StringBuilder name = new StringBuilder(role).append('.').append(suffix).append('.');
		while (name.length() < USER_NAME) {
			name.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(name.length() % 36));
		}
		return name.substring(0, USER_NAME);
	}

	/** {@code word} repeated to exactly {@code length} characters: one long word when it has no space. */
	static String fill(String word, int length) {
		return word.repeat(length / word.length() + 1).substring(0, length).strip();
	}

	/** A text of {@code length} characters: the sentence repeated, with one unbroken 120-character word in it. */
	static String text(String sentence, int length) {
		String body = sentence + "Pseudopseudohypoparathyroidism".repeat(4) + " " + sentence.repeat(length);
		return body.substring(0, length).strip();
	}
}
