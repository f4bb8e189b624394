package org.carnet.demo;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.Ledger;
import org.carnet.consent.Access;
import org.carnet.consent.ConsentGrant;
import org.carnet.consent.GrantConsent;
import org.carnet.consent.GrantOrigin;
import org.carnet.consent.Grantee;
import org.carnet.consent.Grants;
import org.carnet.consent.Representation;
import org.carnet.consent.Representations;
import org.carnet.consent.StatisticsAgreements;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.identity.NewUser;
import org.carnet.record.Entry;
import org.carnet.record.Person;
import org.carnet.record.Records;
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
 * Persons are registered through the record module's one registration path, as the API registers them: the
 * registrar's initial grant and the audit events exist for them too; amina then replaces the initial grant with her
 * own, narrower ones (audited as consent changes). Everything is created in one transaction; on a later start the
 * existing demo user {@code amina} says it is done.
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

	static final String PUBLIC_HEALTH_GR = "public-health-gr";

	/** The operation and client the demo's events name. */
	private static final String DEMO = "demo";

	private static final Logger log = LoggerFactory.getLogger(DemoData.class);

	private final Accounts accounts;

	private final Records records;

	private final Grants grants;

	private final Ledger ledger;

	private final TransactionTemplate transactions;

	private final DemoSettings settings;

	private final DemoStatistics statistics;

	private final Representations representations;

	DemoData(Accounts accounts, Records records, Grants grants, Ledger ledger, TransactionTemplate transactions,
			DemoSettings settings, StatisticsAgreements agreements, Representations representations) {
		this.accounts = accounts;
		this.records = records;
		this.grants = grants;
		this.ledger = ledger;
		this.transactions = transactions;
		this.settings = settings;
		this.statistics = new DemoStatistics(records, agreements, ledger);
		this.representations = representations;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (accounts.displayName("amina").isPresent()) {
			log.info("Demo data present");
			return;
		}
		transactions.executeWithoutResult(tx -> seed());
		log.info("Demo data created: users amina, yonas, dr.weber, dr.nikolaou, sara.mediator (guardian of a minor, "
				+ "proxy of yonas), ines.auditor, lena.analyst; {} invented persons in the statistics",
				settings.statisticsPersons());
	}

	private void seed() {
		Jurisdiction gr = DemoRecords.GR;
		accounts.createOrganisationIfAbsent(RECEPTION_LESVOS, "Mavrovouni Reception Centre Health Unit", gr);
		accounts.createOrganisationIfAbsent(KLINIKUM_NORD, "Klinikum Nord", Jurisdiction.of("DE"));
		accounts.createOrganisationIfAbsent(MEDIATORS_GR, "Health Mediators Network Greece", gr);
		accounts.createOrganisationIfAbsent(DPA_GR, "Hellenic Data Protection Authority", gr);
		accounts.createOrganisationIfAbsent(PUBLIC_HEALTH_GR, "National Public Health Organisation", gr);
		staff("dr.nikolaou", "Dr Eleni Nikolaou", RECEPTION_LESVOS, Role.CLINICIAN);
		staff("dr.weber", "Dr Jonas Weber", KLINIKUM_NORD, Role.CLINICIAN);
		staff("sara.mediator", "Sara Mansour", MEDIATORS_GR, Role.MEDIATOR);
		staff("ines.auditor", "Ines Papadaki", DPA_GR, Role.AUDITOR);
		staff("lena.analyst", "Lena Georgiou", PUBLIC_HEALTH_GR, Role.PUBLIC_HEALTH_ANALYST);

		Requester nikolaou = new Requester("dr.nikolaou", Set.of(Role.CLINICIAN), Optional.of(RECEPTION_LESVOS),
				Optional.of(gr), Optional.empty(), DEMO);
		Person amina = records.register(Registration.by(nikolaou, gr, DemoRecords.aminaIdentity(), DEMO, null));
		written(nikolaou, amina, DemoRecords.fillAmina(records, amina.id(), "dr.nikolaou"));
		accounts.createUserIfAbsent(
				NewUser.migrant("amina", settings.password("amina"), "amina", amina.id(), gr));

		// amina replaces the registrar's initial grant (every category) with her own: most categories for treatment
		revokeInitialGrantAsAmina(amina);
		grantAsAmina(amina, GrantConsent.of(Grantee.user("dr.nikolaou"),
				EnumSet.complementOf(EnumSet.of(Category.MENTAL_HEALTH, Category.REPRODUCTIVE_HEALTH)), Access.READ_WRITE,
				Set.of(Purpose.TREATMENT), Set.of(gr)));
		grantAsAmina(amina, GrantConsent.of(Grantee.user("sara.mediator"), EnumSet.of(Category.IDENTITY,
				Category.ENCOUNTERS), Access.READ, Set.of(Purpose.CARE_COORDINATION), Set.of(gr)));

		// A migrant's account shows their user name, never the name from their (encrypted) record.
		Person yonas = records.register(Registration.by(nikolaou, DemoRecords.IT, DemoRecords.yonasIdentity(), DEMO,
				null));
		written(nikolaou, yonas, DemoRecords.fillYonas(records, yonas.id(), "dr.nikolaou"));
		accounts.createUserIfAbsent(
				NewUser.migrant("yonas", settings.password("yonas"), "yonas", yonas.id(), DemoRecords.IT));

		// samir, 15, arrived alone: an authority appointed the mediator sara as his guardian; yonas chose sara to help him
		Person samir = records.register(Registration.by(nikolaou, gr, DemoRecords.samirIdentity(), DEMO, null));
		written(nikolaou, samir, DemoRecords.fillSamir(records, samir.id(), "dr.nikolaou"));
		Requester admin = new Requester("admin", Set.of(Role.ADMIN), Optional.empty(), Optional.empty(),
				Optional.empty(), DEMO);
		represented(admin, representations.appointGuardian(admin, samir.id(), "sara.mediator",
				"GR-PROSECUTOR-MINORS-2025/0412", DemoRecords.SAMIR_BIRTH_DATE), samir);
		Requester asYonas = new Requester("yonas", Set.of(Role.MIGRANT), Optional.empty(),
				Optional.of(yonas.homeJurisdiction()), Optional.of(yonas.id()), DEMO);
		represented(asYonas, representations.authoriseProxy(asYonas, yonas.id(), "sara.mediator", true, true,
				java.time.Instant.now().plus(java.time.Duration.ofDays(90))), yonas);

		// invented persons who count in anonymous statistics: the analyst's page shows real figures
		statistics.seed(nikolaou, settings.statisticsPersons(), (person, entries) -> written(nikolaou, person, entries));
	}

	private void grantAsAmina(Person amina, GrantConsent consent) {
		ConsentGrant grant = grants.grant(asAmina(amina), amina.id(), amina.homeJurisdiction(), consent);
		audited(asAmina(amina), AccessAction.CONSENT_GRANTED, grant);
	}

	private void revokeInitialGrantAsAmina(Person amina) {
		for (ConsentGrant initial : grants.history(amina.id())) {
			if (initial.origin() == GrantOrigin.REGISTRATION) {
				audited(asAmina(amina), AccessAction.CONSENT_REVOKED,
						grants.revoke(asAmina(amina), initial.id(), "Replaced by my own consents"));
			}
		}
	}

	/**
	 * The registrar's entries recorded in the access ledger as the API records a write: one WRITE event per entry, for
	 * treatment, under the registrar's initial grant.
	 */
	private void written(Requester registrar, Person person, List<Entry> entries) {
		List<UUID> initialGrant = grants.history(person.id()).stream()
			.filter(grant -> grant.origin() == GrantOrigin.REGISTRATION)
			.map(grant -> grant.id().value())
			.toList();
		ledger.appendAllInTransaction(entries.stream()
			.map(entry -> AccessEvent.of(registrar, AccessAction.WRITE, AccessOutcome.SUCCESS)
				.about(person.id(), person.homeJurisdiction())
				.withPurpose(Purpose.TREATMENT)
				.withCategories(Set.of(entry.section().category()), Set.of())
				.withGrants(initialGrant)
				.withOperation(DEMO, null))
			.toList());
	}

	/** A consent change recorded in the access ledger as the API records it. */
	private void audited(Requester by, AccessAction action, ConsentGrant grant) {
		ledger.appendInTransaction(AccessEvent.of(by, action, AccessOutcome.SUCCESS)
			.about(grant.person(), grant.home())
			.withGrants(List.of(grant.id().value()))
			.withOperation(DEMO, null));
	}

	/** A guardianship or proxy recorded in the access ledger as the API records it. */
	private void represented(Requester by, Representation representation, Person person) {
		ledger.appendInTransaction(AccessEvent.of(by, AccessAction.REPRESENTATION_GRANTED, AccessOutcome.SUCCESS)
			.about(person.id(), person.homeJurisdiction())
			.withTarget(representation.capacity().label())
			.withOperation(DEMO, null));
	}

	private static Requester asAmina(Person amina) {
		return new Requester("amina", Set.of(Role.MIGRANT), Optional.empty(), Optional.of(amina.homeJurisdiction()),
				Optional.of(amina.id()), DEMO);
	}

	private void staff(String username, String displayName, String organisation, Role role) {
		accounts.createUserIfAbsent(NewUser.staff(username, settings.password(username), displayName, organisation,
				role));
	}
}
