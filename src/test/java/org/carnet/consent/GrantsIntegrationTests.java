package org.carnet.consent;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.BadInput;
import org.carnet.core.Category;
import org.carnet.core.Forbidden;
import org.carnet.core.Jurisdiction;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.StatementCounter;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Grants in the database: given, bounded by policy, revoked, expired, and kept as history. */
@CarnetIntegrationTest
class GrantsIntegrationTests {

	private static final Jurisdiction GREECE = Jurisdiction.of("GR");

	private static final Jurisdiction GERMANY = Jurisdiction.of("DE");

	@Autowired
	Grants grants;

	@Autowired
	ConsentDecisions decisions;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	org.carnet.identity.Accounts accounts;

	@Autowired
	StatementCounter statements;

	@org.junit.jupiter.api.BeforeEach
	void accounts() {
		Staff.register(accounts, weber);
	}

	private final PersonId amina = PersonId.random();

	private final Requester aminaHerself = Requesters.person(amina);

	private final String weberName = Requesters.unique("dr.weber");

	private final Requester weber = Requesters.clinician(weberName, "DE");

	@Test
	void aGrantOpensExactlyItsCategoriesForItsPurpose() {
		ConsentGrant grant = grants.grant(aminaHerself, amina, GREECE,
				GrantConsent.of(Grantee.user(weberName), Set.of(Category.ALLERGIES, Category.MEDICATIONS), Access.READ,
						Set.of(Purpose.TREATMENT), Set.of(GERMANY)));

		var treatment = decisions.decideAll(weber, amina, GREECE, EnumSet.allOf(Category.class), Access.READ,
				Purpose.TREATMENT);
		var careCoordination = decisions.decide(weber, amina, GREECE, Category.ALLERGIES, Access.READ,
				Purpose.CARE_COORDINATION);

		assertThat(treatment.get(Category.ALLERGIES).grants()).containsExactly(grant.id());
		assertThat(treatment.get(Category.MEDICATIONS).grants()).containsExactly(grant.id());
		treatment.forEach((category, decision) -> {
			if (category != Category.ALLERGIES && category != Category.MEDICATIONS) {
				assertThat(decision.reason()).as("%s", category).contains(DenyReason.NO_GRANT);
			}
		});
		assertThat(careCoordination.reason()).contains(DenyReason.PURPOSE_NOT_GRANTED);
	}

	@Test
	void aGrantUsesThePolicyDefaultDurationOfTheHomeJurisdiction() {
		ConsentGrant grant = grants.grant(aminaHerself, amina, GREECE, GrantConsent.of(Grantee.user(weberName),
				Set.of(Category.ALLERGIES), Access.READ, Set.of(Purpose.TREATMENT), Set.of(GERMANY)));

		// policies/consent/GR.yaml: default 180 days
		assertThat(Duration.between(grant.validFrom(), grant.validUntil())).isEqualTo(Duration.ofDays(180));
		assertThat(grant.grantedBy()).isEqualTo(aminaHerself.subject());
		assertThat(grant.origin()).isEqualTo(GrantOrigin.PERSON);
	}

	@Test
	void revocationTakesEffectOnTheVeryNextDecisionAndIsKeptInHistory() {
		ConsentGrant grant = grants.grant(aminaHerself, amina, GREECE, GrantConsent.of(Grantee.user(weberName),
				Set.of(Category.ALLERGIES), Access.READ, Set.of(Purpose.TREATMENT), Set.of(GERMANY)));
		assertThat(decisions.decide(weber, amina, GREECE, Category.ALLERGIES, Access.READ, Purpose.TREATMENT)
			.allowed()).isTrue();

		ConsentGrant revoked = grants.revoke(aminaHerself, grant.id(), "I moved to another doctor");

		assertThat(decisions.decide(weber, amina, GREECE, Category.ALLERGIES, Access.READ, Purpose.TREATMENT)
			.reason()).contains(DenyReason.REVOKED);
		assertThat(revoked.revocation()).hasValueSatisfying(r -> {
			assertThat(r.by()).isEqualTo(aminaHerself.subject());
			assertThat(r.reason()).contains("I moved to another doctor");
		});
		assertThat(grants.history(amina, Set.of(GrantStatus.REVOKED))).extracting(ConsentGrant::id)
			.containsExactly(grant.id());
		assertThat(grants.history(amina, Set.of(GrantStatus.ACTIVE))).isEmpty();
		assertThatThrownBy(() -> grants.revoke(aminaHerself, grant.id(), null)).isInstanceOf(BadInput.class)
			.hasMessageContaining("already revoked");
	}

	@Test
	void historyTellsActiveExpiredRevokedAndNotYetValidApart() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		GrantConsent base = GrantConsent.of(Grantee.user(weberName), Set.of(Category.VACCINATIONS), Access.READ,
				Set.of(Purpose.TREATMENT), Set.of(GERMANY));
		ConsentGrant shortOne = grants.grant(aminaHerself, amina, GREECE, base.until(now.plus(Duration.ofHours(1))));
		ConsentGrant longOne = grants.grant(aminaHerself, amina, GREECE, base);
		ConsentGrant later = grants.grant(aminaHerself, amina, GREECE, new GrantConsent(base.grantee(),
				base.categories(), base.access(), base.purposes(), base.jurisdictions(),
				Optional.of(now.plus(Duration.ofDays(3))), Optional.empty()));
		ConsentGrant withdrawn = grants.grant(aminaHerself, amina, GREECE, base);
		grants.revoke(aminaHerself, withdrawn.id(), "no longer needed");

		Instant tomorrow = now.plus(Duration.ofDays(1));
		assertThat(grants.history(amina, Set.of(GrantStatus.ACTIVE), tomorrow)).extracting(ConsentGrant::id)
			.containsExactly(longOne.id());
		assertThat(grants.history(amina, Set.of(GrantStatus.EXPIRED), tomorrow)).extracting(ConsentGrant::id)
			.containsExactly(shortOne.id());
		assertThat(grants.history(amina, Set.of(GrantStatus.NOT_YET_VALID), tomorrow)).extracting(ConsentGrant::id)
			.containsExactly(later.id());
		assertThat(grants.history(amina, Set.of(GrantStatus.REVOKED), tomorrow)).extracting(ConsentGrant::id)
			.containsExactly(withdrawn.id());
		assertThat(grants.history(amina)).hasSize(4);
		assertThat(decisions.decide(weber, amina, GREECE, Category.VACCINATIONS, Access.READ, Purpose.TREATMENT,
				tomorrow).grants()).containsExactly(longOne.id());
	}

	@Test
	void aPersonsHistoryIsReadNewestFirstWithItsRevocationsInOneStatement() {
		GrantConsent base = GrantConsent.of(Grantee.user(weberName), Set.of(Category.VACCINATIONS), Access.READ,
				Set.of(Purpose.TREATMENT), Set.of(GERMANY));
		ConsentGrant first = grants.grant(aminaHerself, amina, GREECE, base);
		ConsentGrant second = grants.grant(aminaHerself, amina, GREECE, base);
		ConsentGrant third = grants.grant(aminaHerself, amina, GREECE, base);
		grants.revoke(aminaHerself, first.id(), "moved away");
		grants.revoke(aminaHerself, third.id(), null);
		statements.clearRecent();

		var history = grants.history(amina);

		assertThat(statements.recent().stream()
			.filter(sql -> sql.toLowerCase(java.util.Locale.ROOT).matches("(?s).*consent_(grants|revocations).*")))
			.as("statements reading the history").hasSize(1);
		assertThat(history).extracting(ConsentGrant::id).containsExactly(third.id(), second.id(), first.id());
		assertThat(history.get(0).revocation()).hasValueSatisfying(revocation -> {
			assertThat(revocation.by()).isEqualTo(aminaHerself.subject());
			assertThat(revocation.reason()).isEmpty();
		});
		assertThat(history.get(1).revocation()).isEmpty();
		assertThat(history.get(2).revocation()).hasValueSatisfying(revocation -> {
			assertThat(revocation.by()).isEqualTo(aminaHerself.subject());
			assertThat(revocation.reason()).contains("moved away");
		});
		assertThat(history.get(2)).usingRecursiveComparison().ignoringFields("revocation").isEqualTo(first);
	}

	@Test
	void afterValidUntilTheGrantIsWithheld() {
		Instant until = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MICROS);
		grants.grant(aminaHerself, amina, GREECE, GrantConsent.of(Grantee.user(weberName), Set.of(Category.ALLERGIES),
				Access.READ, Set.of(Purpose.TREATMENT), Set.of(GERMANY)).until(until));

		assertThat(decisions.decide(weber, amina, GREECE, Category.ALLERGIES, Access.READ, Purpose.TREATMENT,
				until.minusSeconds(1)).allowed()).isTrue();
		assertThat(decisions.decide(weber, amina, GREECE, Category.ALLERGIES, Access.READ, Purpose.TREATMENT, until)
			.reason()).contains(DenyReason.EXPIRED);
	}

	@Test
	void aGrantToAnyClinicianActingFromGermanyDoesNotOpenToAClinicianActingFromGreece() {
		grants.grant(aminaHerself, amina, GREECE, GrantConsent.of(Grantee.anyClinicianIn(GERMANY),
				Set.of(Category.ALLERGIES), Access.READ, Set.of(Purpose.TREATMENT), Set.of()));

		assertThat(decisions.decide(Requesters.clinician(Requesters.unique("dr.any"), "DE"), amina, GREECE,
				Category.ALLERGIES, Access.READ, Purpose.TREATMENT).allowed()).isTrue();
		assertThat(decisions.decide(Requesters.clinician(Requesters.unique("dr.nikolaou"), "GR"), amina, GREECE,
				Category.ALLERGIES, Access.READ, Purpose.TREATMENT).reason())
			.contains(DenyReason.JURISDICTION_NOT_GRANTED);
	}

	@Test
	void badInputNamesTheField() {
		GrantConsent valid = GrantConsent.of(Grantee.user(weberName), Set.of(Category.ALLERGIES), Access.READ,
				Set.of(Purpose.TREATMENT), Set.of(GERMANY));
		Instant now = Instant.now();

		assertField(() -> grants.grant(aminaHerself, amina, GREECE, new GrantConsent(valid.grantee(), Set.of(),
				Access.READ, valid.purposes(), valid.jurisdictions(), Optional.empty(), Optional.empty())),
				"categories");
		assertField(() -> grants.grant(aminaHerself, amina, GREECE, new GrantConsent(valid.grantee(),
				valid.categories(), Access.READ, Set.of(), valid.jurisdictions(), Optional.empty(), Optional.empty())),
				"purposes");
		assertField(() -> grants.grant(aminaHerself, amina, GREECE, new GrantConsent(valid.grantee(),
				valid.categories(), Access.READ, valid.purposes(), Set.of(), Optional.empty(), Optional.empty())),
				"jurisdictions");
		assertField(() -> grants.grant(aminaHerself, amina, GREECE, valid.until(now.plus(Duration.ofDays(731)))),
				"validUntil");
		assertField(() -> grants.grant(aminaHerself, amina, GREECE, valid.until(now.minusSeconds(10))), "validUntil");
		assertField(() -> grants.grant(aminaHerself, amina, GREECE, new GrantConsent(valid.grantee(),
				valid.categories(), Access.READ, valid.purposes(), valid.jurisdictions(),
				Optional.of(now.minus(Duration.ofDays(1))), Optional.empty())), "validFrom");
		assertField(() -> grants.grant(aminaHerself, amina, GREECE, new GrantConsent(Grantee.anyClinicianIn(GERMANY),
				valid.categories(), Access.READ, valid.purposes(), Set.of(GREECE), Optional.empty(), Optional.empty())),
				"jurisdictions");
		assertField(() -> Grantee.user("  "), "grantee");
		assertThat(grants.history(amina)).isEmpty();
	}

	@Test
	void onlyThePersonGrantsAndRevokes() {
		GrantConsent consent = GrantConsent.of(Grantee.user(weberName), Set.of(Category.ALLERGIES), Access.READ,
				Set.of(Purpose.TREATMENT), Set.of(GERMANY));

		assertThatThrownBy(() -> grants.grant(weber, amina, GREECE, consent)).isInstanceOf(Forbidden.class);
		assertThatThrownBy(() -> grants.grant(Requesters.mediator("m.haddad", "GR"), amina, GREECE, consent))
			.isInstanceOf(Forbidden.class)
			.hasMessageContaining("requestConsent");
		assertThatThrownBy(() -> grants.grant(Requesters.person(PersonId.random()), amina, GREECE, consent))
			.isInstanceOf(Forbidden.class);
		ConsentGrant grant = grants.grant(aminaHerself, amina, GREECE, consent);
		assertThatThrownBy(() -> grants.revoke(Requesters.person(PersonId.random()), grant.id(), "not mine"))
			.isInstanceOf(NotFound.class);
		assertThatThrownBy(() -> grants.revoke(weber, grant.id(), "not mine")).isInstanceOf(NotFound.class);
		assertThat(grants.find(grant.id()).orElseThrow().revocation()).isEmpty();
	}

	@Test
	void theRegistrarMayCompleteTheRecordTheyStarted() {
		ConsentGrant grant = grants.grantToRegistrar(amina, GREECE, weber);

		assertThat(grant.categories()).isEqualTo(EnumSet.allOf(Category.class));
		assertThat(grant.access()).isEqualTo(Access.READ_WRITE);
		assertThat(grant.purposes()).containsExactly(Purpose.TREATMENT);
		assertThat(grant.jurisdictions()).containsExactly(GERMANY);
		assertThat(grant.origin()).isEqualTo(GrantOrigin.REGISTRATION);
		assertThat(decisions.decideAll(weber, amina, GREECE, EnumSet.allOf(Category.class), Access.READ_WRITE,
				Purpose.TREATMENT).values()).allMatch(ConsentDecision::allowed);
		assertThatThrownBy(() -> grants.grantToRegistrar(amina, GREECE, Requesters.auditor("a.audit", "GR")))
			.isInstanceOf(Forbidden.class);
	}

	@Test
	void theDatabaseRefusesToEditAGrant() {
		ConsentGrant grant = grants.grant(aminaHerself, amina, GREECE, GrantConsent.of(Grantee.user(weberName),
				Set.of(Category.ALLERGIES), Access.READ, Set.of(Purpose.TREATMENT), Set.of(GERMANY)));

		assertThatThrownBy(() -> jdbc.sql("update consent_grants set categories = array['MENTAL_HEALTH'] where id = ?")
			.param(grant.id().value())
			.update()).isInstanceOf(DataAccessException.class).hasMessageContaining("immutable");
		assertThat(grants.find(grant.id()).orElseThrow().categories()).containsExactly(Category.ALLERGIES);
	}

	private static void assertField(ThrowingCallable call, String field) {
		assertThatThrownBy(call).isInstanceOfSatisfying(BadInput.class, ex -> assertThat(ex.field()).isEqualTo(field));
	}
}
