package org.carnet.demo;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.carnet.consent.Access;
import org.carnet.consent.GrantConsent;
import org.carnet.consent.Grantee;
import org.carnet.consent.Grants;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.identity.NewUser;
import org.carnet.record.Person;
import org.carnet.record.RecordStore;
import org.carnet.record.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the demo organisations, users and records once (profile {@code demo}, used by {@code mvn spring-boot:run}).
 * The demo's administrator, {@code admin}, is the installation's first administrator, made by the identity module
 * from {@code carnet.identity.bootstrap-admin} (set in {@code application-demo.yaml}) before this runs.
 * Everything is created in one transaction; on a later start the existing demo user {@code amina} says it is done.
 * It runs once every bean exists and before the web server opens its port, so that a script waiting for the port can
 * sign in as a demo user at once.
 */
@Component
@Profile("demo")
class DemoData implements SmartInitializingSingleton {

	static final String RECEPTION_LESVOS = "reception-lesvos";

	static final String KLINIKUM_NORD = "klinikum-nord";

	static final String MEDIATORS_GR = "mediators-gr";

	static final String DPA_GR = "dpa-gr";

	private static final Logger log = LoggerFactory.getLogger(DemoData.class);

	private final Accounts accounts;

	private final RecordStore records;

	private final Grants grants;

	private final TransactionTemplate transactions;

	private final DemoSettings settings;

	DemoData(Accounts accounts, RecordStore records, Grants grants, TransactionTemplate transactions,
			DemoSettings settings) {
		this.accounts = accounts;
		this.records = records;
		this.grants = grants;
		this.transactions = transactions;
		this.settings = settings;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (accounts.displayName("amina").isPresent()) {
			log.info("Demo data present");
			return;
		}
		transactions.executeWithoutResult(tx -> seed());
		log.info("Demo data created: users amina, yonas, dr.weber, dr.nikolaou, sara.mediator, ines.auditor");
	}

	private void seed() {
		Jurisdiction gr = DemoRecords.GR;
		accounts.createOrganisationIfAbsent(RECEPTION_LESVOS, "Mavrovouni Reception Centre Health Unit", gr);
		accounts.createOrganisationIfAbsent(KLINIKUM_NORD, "Klinikum Nord", Jurisdiction.of("DE"));
		accounts.createOrganisationIfAbsent(MEDIATORS_GR, "Health Mediators Network Greece", gr);
		accounts.createOrganisationIfAbsent(DPA_GR, "Hellenic Data Protection Authority", gr);
		staff("dr.nikolaou", "Dr Eleni Nikolaou", RECEPTION_LESVOS, Role.CLINICIAN);
		staff("dr.weber", "Dr Jonas Weber", KLINIKUM_NORD, Role.CLINICIAN);
		staff("sara.mediator", "Sara Mansour", MEDIATORS_GR, Role.MEDIATOR);
		staff("ines.auditor", "Ines Papadaki", DPA_GR, Role.AUDITOR);

		Person amina = records.register(new Registration(gr, DemoRecords.aminaIdentity(), "dr.nikolaou", gr));
		DemoRecords.fillAmina(records, amina.id(), "dr.nikolaou");
		accounts.createUserIfAbsent(
				NewUser.migrant("amina", settings.password("amina"), "amina", amina.id(), gr));

		grantAsAmina(amina, GrantConsent.of(Grantee.user("dr.nikolaou"),
				EnumSet.complementOf(EnumSet.of(Category.MENTAL_HEALTH, Category.REPRODUCTIVE_HEALTH)), Access.READ_WRITE,
				Set.of(Purpose.TREATMENT), Set.of(gr)));
		grantAsAmina(amina, GrantConsent.of(Grantee.user("sara.mediator"), EnumSet.of(Category.IDENTITY,
				Category.ENCOUNTERS), Access.READ, Set.of(Purpose.CARE_COORDINATION), Set.of(gr)));

		// A migrant's account shows their user name, never the name from their (encrypted) record.
		Person yonas = records.register(new Registration(DemoRecords.IT, DemoRecords.yonasIdentity(), "dr.nikolaou",
				gr));
		DemoRecords.fillYonas(records, yonas.id(), "dr.nikolaou");
		accounts.createUserIfAbsent(
				NewUser.migrant("yonas", settings.password("yonas"), "yonas", yonas.id(), DemoRecords.IT));
	}

	private void grantAsAmina(Person amina, GrantConsent consent) {
		Requester asAmina = new Requester("amina", Set.of(Role.MIGRANT), Optional.empty(),
				Optional.of(amina.homeJurisdiction()), Optional.of(amina.id()), "demo");
		grants.grant(asAmina, amina.id(), amina.homeJurisdiction(), consent);
	}

	private void staff(String username, String displayName, String organisation, Role role) {
		accounts.createUserIfAbsent(NewUser.staff(username, settings.password(username), displayName, organisation,
				role));
	}
}
