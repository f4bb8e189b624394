package org.carnet.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consent decision as a table: every role × grant state × purpose × jurisdiction, against one grant to the
 * requester for ALLERGIES, READ, purposes TREATMENT and CARE_COORDINATION, acting from GR.
 */
class ConsentRulesTests {

	private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

	private static final PersonId PERSON = PersonId.random();

	private static final Set<Purpose> GRANTED_PURPOSES = EnumSet.of(Purpose.TREATMENT, Purpose.CARE_COORDINATION);

	enum Who {
		THE_PERSON, ANOTHER_MIGRANT, CLINICIAN, MEDIATOR, AUDITOR, ADMIN
	}

	enum State {
		NONE, ACTIVE, EXPIRED, REVOKED, NOT_YET_VALID
	}

	static Stream<Arguments> everyCombination() {
		List<Arguments> rows = new ArrayList<>();
		for (Who who : Who.values()) {
			for (State state : State.values()) {
				for (Purpose purpose : Purpose.values()) {
					for (String country : List.of("GR", "DE")) {
						rows.add(Arguments.of(who, state, purpose, country));
					}
				}
			}
		}
		return rows.stream();
	}

	/** The rules as DESIGN.md and the issue state them, written independently of the implementation's order. */
	static Optional<DenyReason> expected(Who who, State state, Purpose purpose, String country) {
		switch (who) {
			case AUDITOR:
			case ADMIN:
			case ANOTHER_MIGRANT:
				return Optional.of(DenyReason.ROLE_NEVER_ALLOWED);
			case THE_PERSON:
				return Optional.empty();
			case MEDIATOR:
				if (purpose != Purpose.CARE_COORDINATION) {
					return Optional.of(DenyReason.PURPOSE_NOT_ALLOWED_FOR_ROLE);
				}
				break;
			default:
				break;
		}
		switch (state) {
			case NONE:
				return Optional.of(DenyReason.NO_GRANT);
			case EXPIRED:
				return Optional.of(DenyReason.EXPIRED);
			case REVOKED:
				return Optional.of(DenyReason.REVOKED);
			case NOT_YET_VALID:
				return Optional.of(DenyReason.NOT_YET_VALID);
			default:
				break;
		}
		if (!GRANTED_PURPOSES.contains(purpose)) {
			return Optional.of(DenyReason.PURPOSE_NOT_GRANTED);
		}
		if (!country.equals("GR")) {
			return Optional.of(DenyReason.JURISDICTION_NOT_GRANTED);
		}
		return Optional.empty();
	}

	@ParameterizedTest(name = "{0} with grant {1}, purpose {2}, acting from {3}")
	@MethodSource("everyCombination")
	void decidesEveryRoleGrantStatePurposeAndJurisdiction(Who who, State state, Purpose purpose, String country) {
		Requester requester = requester(who, country);
		ConsentFacts facts = state == State.NONE ? ConsentFacts.NONE
				: new ConsentFacts(List.of(grant(Grantee.user(requester.subject()), state)), List.of());

		ConsentDecision decision = ConsentRules.decide(requester, PERSON, Category.ALLERGIES, Access.READ, purpose,
				NOW, facts);

		Optional<DenyReason> expected = expected(who, state, purpose, country);
		assertThat(decision.reason()).isEqualTo(expected);
		assertThat(decision.allowed()).isEqualTo(expected.isEmpty());
		if (decision.allowed()) {
			assertThat(decision.basis()).contains(who == Who.THE_PERSON ? ConsentDecision.Basis.SELF
					: ConsentDecision.Basis.GRANT);
			assertThat(decision.grants()).hasSize(who == Who.THE_PERSON ? 0 : 1);
		}
	}

	@ParameterizedTest(name = "{0} asking {1} on a {2} grant: {3}")
	@CsvSource(textBlock = """
			# category,  asked,      granted,    expected
			ALLERGIES,   READ,       READ,       ALLOW
			ALLERGIES,   READ_WRITE, READ,       ACCESS_NOT_GRANTED
			ALLERGIES,   READ,       READ_WRITE, ALLOW
			ALLERGIES,   READ_WRITE, READ_WRITE, ALLOW
			MEDICATIONS, READ,       READ_WRITE, NO_GRANT
			""")
	void writingNeedsAReadWriteGrantForTheCategory(Category category, Access asked, Access granted, String expected) {
		Requester weber = Requesters.clinician("dr.weber", "DE");
		ConsentGrant grant = grant(Grantee.user("dr.weber"), Set.of(Category.ALLERGIES), granted,
				Set.of(Purpose.TREATMENT), Set.of(Jurisdiction.of("DE")), State.ACTIVE);

		ConsentDecision decision = ConsentRules.decide(weber, PERSON, category, asked, Purpose.TREATMENT, NOW,
				new ConsentFacts(List.of(grant), List.of()));

		assertThat(decision.allowed() ? "ALLOW" : decision.reason().orElseThrow().name()).isEqualTo(expected);
	}

	@Test
	void theRegistrationGrantLetsTheRegistrarWriteEveryCategory() {
		Requester registrar = Requesters.clinician("dr.nikolaou", "GR");
		ConsentGrant grant = grant(Grantee.user("dr.nikolaou"), EnumSet.allOf(Category.class), Access.READ_WRITE,
				Set.of(Purpose.TREATMENT), Set.of(Jurisdiction.of("GR")), State.ACTIVE);

		for (Category category : Category.values()) {
			assertThat(ConsentRules.decide(registrar, PERSON, category, Access.READ_WRITE, Purpose.TREATMENT, NOW,
					new ConsentFacts(List.of(grant), List.of())).allowed()).as("%s", category).isTrue();
		}
	}

	@Test
	void aCategoryIsOpenedCoarseOnlyWhenEveryGrantUsedGivesItCoarse() {
		Requester weber = Requesters.clinician("dr.weber", "DE");
		ConsentGrant full = grant(Grantee.user("dr.weber"), Set.of(Category.IDENTITY, Category.VITALS), Access.READ,
				Set.of(Purpose.TREATMENT), Set.of(Jurisdiction.of("DE")), State.ACTIVE);
		ConsentGrant coarse = withCoarse(grant(Grantee.user("dr.weber"), Set.of(Category.IDENTITY, Category.VITALS),
				Access.READ, Set.of(Purpose.TREATMENT), Set.of(Jurisdiction.of("DE")), State.ACTIVE),
				Set.of(Category.IDENTITY));

		ConsentDecision alone = ConsentRules.decide(weber, PERSON, Category.IDENTITY, Access.READ, Purpose.TREATMENT,
				NOW, new ConsentFacts(List.of(coarse), List.of()));
		ConsentDecision vitals = ConsentRules.decide(weber, PERSON, Category.VITALS, Access.READ, Purpose.TREATMENT,
				NOW, new ConsentFacts(List.of(coarse), List.of()));
		ConsentDecision beside = ConsentRules.decide(weber, PERSON, Category.IDENTITY, Access.READ, Purpose.TREATMENT,
				NOW, new ConsentFacts(List.of(coarse, full), List.of()));
		ConsentDecision self = ConsentRules.decide(Requesters.person(PERSON), PERSON, Category.IDENTITY,
				Access.READ, Purpose.TREATMENT, NOW, new ConsentFacts(List.of(coarse), List.of()));

		assertThat(alone.allowed()).isTrue();
		assertThat(alone.level()).isEqualTo(ConsentDecision.Level.COARSE);
		assertThat(alone.coarse()).isTrue();
		assertThat(vitals.level()).isEqualTo(ConsentDecision.Level.FULL);
		assertThat(beside.level()).isEqualTo(ConsentDecision.Level.FULL);
		assertThat(beside.grants()).containsExactlyInAnyOrder(coarse.id(), full.id());
		assertThat(self.level()).isEqualTo(ConsentDecision.Level.FULL);
	}

	private static ConsentGrant withCoarse(ConsentGrant grant, Set<Category> coarse) {
		return new ConsentGrant(grant.id(), grant.person(), grant.home(), grant.grantee(), grant.categories(),
				grant.access(), grant.purposes(), grant.jurisdictions(), grant.validFrom(), grant.validUntil(),
				grant.grantedBy(), grant.grantedAt(), grant.origin(), grant.originId(), grant.revocation(), coarse);
	}

	@Test
	void aGrantToAnyClinicianOfACountryDoesNotOpenToAClinicianActingFromAnother() {
		ConsentGrant grant = grant(Grantee.anyClinicianIn(Jurisdiction.of("DE")), Set.of(Category.ALLERGIES),
				Access.READ, Set.of(Purpose.TREATMENT), Set.of(Jurisdiction.of("DE")), State.ACTIVE);
		ConsentFacts facts = new ConsentFacts(List.of(grant), List.of());

		ConsentDecision fromGermany = ConsentRules.decide(Requesters.clinician("dr.weber", "DE"), PERSON,
				Category.ALLERGIES, Access.READ, Purpose.TREATMENT, NOW, facts);
		ConsentDecision fromGreece = ConsentRules.decide(Requesters.clinician("dr.nikolaou", "GR"), PERSON,
				Category.ALLERGIES, Access.READ, Purpose.TREATMENT, NOW, facts);
		ConsentDecision mediatorInGermany = ConsentRules.decide(Requesters.mediator("m.haddad", "DE"), PERSON,
				Category.ALLERGIES, Access.READ, Purpose.CARE_COORDINATION, NOW, facts);

		assertThat(fromGermany.grants()).containsExactly(grant.id());
		assertThat(fromGreece.reason()).contains(DenyReason.JURISDICTION_NOT_GRANTED);
		assertThat(mediatorInGermany.reason()).contains(DenyReason.NO_GRANT);
	}

	@Test
	void aGrantToAnOrganisationOpensToItsMembersOnly() {
		ConsentGrant grant = grant(Grantee.organisation("charite"), Set.of(Category.VACCINATIONS), Access.READ,
				Set.of(Purpose.TREATMENT), Set.of(Jurisdiction.of("DE")), State.ACTIVE);
		ConsentFacts facts = new ConsentFacts(List.of(grant), List.of());

		assertThat(ConsentRules.decide(Requesters.clinician("dr.weber", "charite", "DE"), PERSON,
				Category.VACCINATIONS, Access.READ, Purpose.TREATMENT, NOW, facts).allowed()).isTrue();
		assertThat(ConsentRules.decide(Requesters.clinician("dr.weber", "vivantes", "DE"), PERSON,
				Category.VACCINATIONS, Access.READ, Purpose.TREATMENT, NOW, facts).reason())
			.contains(DenyReason.NO_GRANT);
	}

	@Test
	void aGrantOfAnotherPersonOrAnotherGranteeIsNoGrant() {
		ConsentGrant otherPerson = new ConsentGrant(GrantId.random(), PersonId.random(), Jurisdiction.of("GR"),
				Grantee.user("dr.weber"), Set.of(Category.ALLERGIES), Access.READ, Set.of(Purpose.TREATMENT),
				Set.of(Jurisdiction.of("DE")), NOW.minusSeconds(60), NOW.plusSeconds(3600), "someone", NOW,
				GrantOrigin.PERSON, Optional.empty(), Optional.empty());
		ConsentGrant otherGrantee = grant(Grantee.user("dr.schmidt"), Set.of(Category.ALLERGIES), Access.READ,
				Set.of(Purpose.TREATMENT), Set.of(Jurisdiction.of("DE")), State.ACTIVE);

		ConsentDecision decision = ConsentRules.decide(Requesters.clinician("dr.weber", "DE"), PERSON,
				Category.ALLERGIES, Access.READ, Purpose.TREATMENT, NOW,
				new ConsentFacts(List.of(otherPerson, otherGrantee), List.of()));

		assertThat(decision.reason()).contains(DenyReason.NO_GRANT);
	}

	@Test
	void anAuditorWithAGrantMadeByMistakeIsStillDenied() {
		Requester auditor = Requesters.auditor("a.audit", "GR");
		ConsentGrant mistake = grant(Grantee.user("a.audit"), EnumSet.allOf(Category.class), Access.READ_WRITE,
				EnumSet.allOf(Purpose.class), Set.of(Jurisdiction.of("GR")), State.ACTIVE);

		for (Category category : Category.values()) {
			assertThat(ConsentRules.decide(auditor, PERSON, category, Access.READ, Purpose.PUBLIC_HEALTH, NOW,
					new ConsentFacts(List.of(mistake), List.of())).reason()).contains(DenyReason.ROLE_NEVER_ALLOWED);
		}
	}

	@Test
	void aMediatorReadsOnlyWithACareCoordinationGrantForCareCoordination() {
		Requester mediator = Requesters.mediator("m.haddad", "GR");
		ConsentGrant treatmentOnly = grant(Grantee.user("m.haddad"), Set.of(Category.IDENTITY), Access.READ,
				Set.of(Purpose.TREATMENT), Set.of(Jurisdiction.of("GR")), State.ACTIVE);
		ConsentGrant careCoordination = grant(Grantee.user("m.haddad"), Set.of(Category.IDENTITY), Access.READ,
				Set.of(Purpose.CARE_COORDINATION), Set.of(Jurisdiction.of("GR")), State.ACTIVE);

		assertThat(ConsentRules.decide(mediator, PERSON, Category.IDENTITY, Access.READ, Purpose.CARE_COORDINATION,
				NOW, new ConsentFacts(List.of(treatmentOnly), List.of())).reason())
			.contains(DenyReason.PURPOSE_NOT_GRANTED);
		assertThat(ConsentRules.decide(mediator, PERSON, Category.IDENTITY, Access.READ, Purpose.TREATMENT, NOW,
				new ConsentFacts(List.of(treatmentOnly), List.of())).reason())
			.contains(DenyReason.PURPOSE_NOT_ALLOWED_FOR_ROLE);
		assertThat(ConsentRules.decide(mediator, PERSON, Category.IDENTITY, Access.READ, Purpose.CARE_COORDINATION,
				NOW, new ConsentFacts(List.of(careCoordination), List.of())).grants())
			.containsExactly(careCoordination.id());
	}

	@Test
	void breakGlassOpensTheEmergencyDataSetForEmergencyReadingOnly() {
		Requester weber = Requesters.clinician("dr.weber", "DE");
		EmergencyAccess open = emergency("dr.weber", "DE", NOW.minusSeconds(600), NOW.plusSeconds(3000));
		ConsentFacts facts = new ConsentFacts(List.of(), List.of(open));

		for (Category category : Category.values()) {
			ConsentDecision decision = ConsentRules.decide(weber, PERSON, category, Access.READ, Purpose.EMERGENCY,
					NOW, facts);
			boolean emergencySet = EnumSet.of(Category.IDENTITY, Category.ALLERGIES, Category.MEDICATIONS,
					Category.CONDITIONS).contains(category);
			assertThat(decision.allowed()).as("%s", category).isEqualTo(emergencySet);
			if (emergencySet) {
				assertThat(decision.emergencyAccess()).contains(open.id());
			}
			else {
				assertThat(decision.reason()).contains(DenyReason.NOT_IN_EMERGENCY_SET);
			}
		}
		assertThat(ConsentRules.decide(weber, PERSON, Category.ALLERGIES, Access.READ, Purpose.TREATMENT, NOW, facts)
			.reason()).contains(DenyReason.NO_GRANT);
		assertThat(ConsentRules.decide(weber, PERSON, Category.ALLERGIES, Access.READ_WRITE, Purpose.EMERGENCY, NOW,
				facts).reason()).contains(DenyReason.NOT_IN_EMERGENCY_SET);
	}

	@Test
	void breakGlassNeverOpensSensitiveCategoriesEvenIfRecordedWithThem() {
		// a row tampered with (or written by an older version) must still not open them
		EmergencyAccess tampered = new EmergencyAccess(EmergencyAccessId.random(), PERSON, Jurisdiction.of("GR"),
				"dr.weber", Optional.empty(), Jurisdiction.of("DE"), "unconscious, allergies unknown",
				EnumSet.allOf(Category.class), NOW.minusSeconds(60), NOW.plusSeconds(60));

		for (Category sensitive : ConsentPolicy.NEVER_BY_BREAK_GLASS) {
			assertThat(ConsentRules.decide(Requesters.clinician("dr.weber", "DE"), PERSON, sensitive, Access.READ,
					Purpose.EMERGENCY, NOW, new ConsentFacts(List.of(), List.of(tampered))).allowed()).isFalse();
		}
	}

	@Test
	void breakGlassIsPersonalTimedAndBoundToItsCountry() {
		ConsentFacts facts = new ConsentFacts(List.of(),
				List.of(emergency("dr.weber", "DE", NOW.minusSeconds(3600), NOW.plusSeconds(1))));

		assertThat(decideEmergency(Requesters.clinician("dr.weber", "DE"), NOW, facts).allowed()).isTrue();
		assertThat(decideEmergency(Requesters.clinician("dr.weber", "DE"), NOW.plusSeconds(1), facts).allowed())
			.isFalse();
		assertThat(decideEmergency(Requesters.clinician("dr.schmidt", "DE"), NOW, facts).allowed()).isFalse();
		assertThat(decideEmergency(Requesters.clinician("dr.weber", "AT"), NOW, facts).allowed()).isFalse();
		assertThat(decideEmergency(Requesters.mediator("dr.weber", "DE"), NOW, facts).allowed()).isFalse();
	}

	@Test
	void theClosestGrantGivesTheReason() {
		Requester weber = Requesters.clinician("dr.weber", "DE");
		ConsentGrant revoked = grant(Grantee.user("dr.weber"), Set.of(Category.ALLERGIES), Access.READ,
				Set.of(Purpose.TREATMENT), Set.of(Jurisdiction.of("DE")), State.REVOKED);
		ConsentGrant wrongPurpose = grant(Grantee.user("dr.weber"), Set.of(Category.ALLERGIES), Access.READ,
				Set.of(Purpose.PUBLIC_HEALTH), Set.of(Jurisdiction.of("DE")), State.ACTIVE);

		assertThat(ConsentRules.decide(weber, PERSON, Category.ALLERGIES, Access.READ, Purpose.TREATMENT, NOW,
				new ConsentFacts(List.of(revoked, wrongPurpose), List.of())).reason())
			.contains(DenyReason.PURPOSE_NOT_GRANTED);
		assertThat(ConsentRules.decide(weber, PERSON, Category.ALLERGIES, Access.READ, Purpose.TREATMENT, NOW,
				new ConsentFacts(List.of(revoked), List.of())).reason()).contains(DenyReason.REVOKED);
	}

	@Test
	void everyMatchingGrantIsReported() {
		Requester weber = Requesters.clinician("dr.weber", "charite", "DE");
		ConsentGrant toHim = grant(Grantee.user("dr.weber"), Set.of(Category.ALLERGIES), Access.READ,
				Set.of(Purpose.TREATMENT), Set.of(Jurisdiction.of("DE")), State.ACTIVE);
		ConsentGrant toHisHospital = grant(Grantee.organisation("charite"), Set.of(Category.ALLERGIES), Access.READ,
				Set.of(Purpose.TREATMENT), Set.of(Jurisdiction.of("DE")), State.ACTIVE);

		assertThat(ConsentRules.decide(weber, PERSON, Category.ALLERGIES, Access.READ, Purpose.TREATMENT, NOW,
				new ConsentFacts(List.of(toHim, toHisHospital), List.of())).grants())
			.containsExactlyInAnyOrder(toHim.id(), toHisHospital.id());
	}

	@Test
	void aRequesterWithoutJurisdictionMatchesNoGrant() {
		Requester nowhere = new Requester("dr.weber", Set.of(Role.CLINICIAN), Optional.empty(),
				Optional.empty(), Optional.empty(), "cli");
		ConsentGrant grant = grant(Grantee.user("dr.weber"), Set.of(Category.ALLERGIES), Access.READ,
				Set.of(Purpose.TREATMENT), Set.of(Jurisdiction.of("DE")), State.ACTIVE);

		assertThat(ConsentRules.decide(nowhere, PERSON, Category.ALLERGIES, Access.READ, Purpose.TREATMENT, NOW,
				new ConsentFacts(List.of(grant), List.of())).reason()).contains(DenyReason.JURISDICTION_NOT_GRANTED);
	}

	private static ConsentDecision decideEmergency(Requester requester, Instant time, ConsentFacts facts) {
		return ConsentRules.decide(requester, PERSON, Category.ALLERGIES, Access.READ, Purpose.EMERGENCY, time, facts);
	}

	private static Requester requester(Who who, String country) {
		switch (who) {
			case THE_PERSON:
				return new Requester("amina", Set.of(Role.MIGRANT), Optional.empty(),
						Optional.of(Jurisdiction.of(country)), Optional.of(PERSON), "portal");
			case ANOTHER_MIGRANT:
				return new Requester("yusuf", Set.of(Role.MIGRANT), Optional.empty(),
						Optional.of(Jurisdiction.of(country)), Optional.of(PersonId.random()), "portal");
			case CLINICIAN:
				return Requesters.clinician("dr.weber", country);
			case MEDIATOR:
				return Requesters.mediator("m.haddad", country);
			case AUDITOR:
				return Requesters.auditor("a.audit", country);
			default:
				return new Requester("root", Set.of(Role.ADMIN), Optional.empty(),
						Optional.of(Jurisdiction.of(country)), Optional.empty(), "portal");
		}
	}

	private static ConsentGrant grant(Grantee grantee, State state) {
		return grant(grantee, Set.of(Category.ALLERGIES), Access.READ, GRANTED_PURPOSES,
				Set.of(Jurisdiction.of("GR")), state);
	}

	static ConsentGrant grant(Grantee grantee, Set<Category> categories, Access access, Set<Purpose> purposes,
			Set<Jurisdiction> from, State state) {
		Instant validFrom = NOW.minus(Duration.ofDays(10));
		Instant validUntil = NOW.plus(Duration.ofDays(10));
		Optional<Revocation> revocation = Optional.empty();
		switch (state) {
			case EXPIRED:
				validUntil = NOW;
				break;
			case NOT_YET_VALID:
				validFrom = NOW.plusSeconds(1);
				break;
			case REVOKED:
				revocation = Optional.of(new Revocation(NOW, "amina", Optional.of("changed my mind")));
				break;
			default:
				break;
		}
		return new ConsentGrant(GrantId.random(), PERSON, Jurisdiction.of("GR"), grantee, categories, access,
				purposes, from, validFrom, validUntil, "amina", validFrom, GrantOrigin.PERSON, Optional.empty(),
				revocation);
	}

	private static EmergencyAccess emergency(String clinician, String country, Instant opened, Instant expires) {
		return new EmergencyAccess(EmergencyAccessId.random(), PERSON, Jurisdiction.of("GR"), clinician,
				Optional.empty(), Jurisdiction.of(country), "unconscious after a road accident",
				EnumSet.of(Category.IDENTITY, Category.ALLERGIES, Category.MEDICATIONS, Category.CONDITIONS), opened,
				expires);
	}
}
