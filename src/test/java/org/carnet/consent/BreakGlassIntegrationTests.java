package org.carnet.consent;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;

import org.carnet.core.BadInput;
import org.carnet.core.Category;
import org.carnet.core.Forbidden;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Break-glass: justified, timed by policy, limited to the emergency data set, notified, refusable where allowed. */
@CarnetIntegrationTest
class BreakGlassIntegrationTests {

	private static final Jurisdiction GREECE = Jurisdiction.of("GR");

	private static final String JUSTIFICATION = "Unconscious after a road accident, allergies unknown";

	@Autowired
	BreakGlass breakGlass;

	@Autowired
	ConsentDecisions decisions;

	@Autowired
	Notifications notifications;

	@Autowired
	JdbcClient jdbc;

	private final PersonId amina = PersonId.random();

	private final String weberName = Requesters.unique("dr.weber");

	private final Requester weber = Requesters.clinician(weberName, "DE");

	@Test
	void breakGlassOpensAllergiesAndMedicationsButNeverMentalHealth() {
		EmergencyAccess access = breakGlass.open(weber, amina, GREECE, JUSTIFICATION);

		Map<Category, ConsentDecision> emergency = decisions.decideAll(weber, amina, GREECE,
				EnumSet.allOf(Category.class), Access.READ, Purpose.EMERGENCY);

		assertThat(emergency.get(Category.ALLERGIES).emergencyAccess()).contains(access.id());
		assertThat(emergency.get(Category.MEDICATIONS).basis()).contains(ConsentDecision.Basis.BREAK_GLASS);
		assertThat(emergency.get(Category.IDENTITY).allowed()).isTrue();
		assertThat(emergency.get(Category.CONDITIONS).allowed()).isTrue();
		for (Category sensitive : EnumSet.of(Category.MENTAL_HEALTH, Category.INFECTIOUS_DISEASES,
				Category.REPRODUCTIVE_HEALTH, Category.VITALS, Category.LAB_RESULTS)) {
			assertThat(emergency.get(sensitive).reason()).as("%s", sensitive)
				.contains(DenyReason.NOT_IN_EMERGENCY_SET);
		}
		assertThat(decisions.decide(weber, amina, GREECE, Category.ALLERGIES, Access.READ, Purpose.TREATMENT)
			.allowed()).isFalse();
		assertThat(decisions.decide(weber, amina, GREECE, Category.ALLERGIES, Access.READ_WRITE, Purpose.EMERGENCY)
			.allowed()).isFalse();
	}

	@Test
	void itClosesWhenThePolicyDurationEnds() {
		EmergencyAccess access = breakGlass.open(weber, amina, GREECE, JUSTIFICATION);

		// policies/consent/GR.yaml: break-glass lasts 120 minutes for records held in Greece
		assertThat(Duration.between(access.openedAt(), access.expiresAt())).isEqualTo(Duration.ofMinutes(120));
		assertThat(decisions.decide(weber, amina, GREECE, Category.ALLERGIES, Access.READ, Purpose.EMERGENCY,
				access.expiresAt().minusSeconds(1)).allowed()).isTrue();
		assertThat(decisions.decide(weber, amina, GREECE, Category.ALLERGIES, Access.READ, Purpose.EMERGENCY,
				access.expiresAt()).reason()).contains(DenyReason.NO_GRANT);
	}

	@Test
	void theDefaultDurationIsSixtyMinutes() {
		EmergencyAccess access = breakGlass.open(weber, amina, Jurisdiction.of("TR"), JUSTIFICATION);

		assertThat(Duration.between(access.openedAt(), access.expiresAt())).isEqualTo(Duration.ofMinutes(60));
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = { "", "   ", "emergency", "aaaaaaaaaaaaaaaaaaaaaaaaa", "x x x x x x x x x x x x x",
			"urgent urgent urgent urgent" })
	void aJustificationWithoutRealContentIsRefused(String justification) {
		assertThatThrownBy(() -> breakGlass.open(weber, amina, GREECE, justification))
			.isInstanceOfSatisfying(BadInput.class, ex -> assertThat(ex.field()).isEqualTo("justification"));
		assertThat(breakGlass.forPerson(amina)).isEmpty();
		assertThat(decisions.decide(weber, amina, GREECE, Category.ALLERGIES, Access.READ, Purpose.EMERGENCY)
			.allowed()).isFalse();
	}

	@Test
	void thePersonIsNotified() {
		EmergencyAccess access = breakGlass.open(weber, amina, GREECE, JUSTIFICATION);

		assertThat(notifications.notifications(amina)).singleElement().satisfies(notice -> {
			assertThat(notice.kind()).isEqualTo(NotificationKind.BREAK_GLASS);
			assertThat(notice.actor()).isEqualTo(weberName);
			assertThat(notice.actorJurisdiction()).contains(Jurisdiction.of("DE"));
			assertThat(notice.reference()).contains(access.id().value());
			assertThat(notice.readAt()).isEmpty();
		});
		assertThat(breakGlass.forPerson(amina)).singleElement()
			.satisfies(recorded -> assertThat(recorded.justification()).isEqualTo(JUSTIFICATION));

		Notification notice = notifications.notifications(amina).get(0);
		notifications.markRead(Requesters.person(amina), notice.id());
		assertThat(notifications.notifications(amina).get(0).readAt()).isPresent();
	}

	@Test
	void onlyCliniciansBreakTheGlass() {
		for (Requester other : new Requester[] { Requesters.mediator("m.haddad", "GR"),
				Requesters.auditor("a.audit", "GR"), Requesters.admin("root"), Requesters.person(amina) }) {
			assertThatThrownBy(() -> breakGlass.open(other, amina, GREECE, JUSTIFICATION)).as(other.subject())
				.isInstanceOf(Forbidden.class);
		}
		assertThat(breakGlass.forPerson(amina)).isEmpty();
	}

	@Test
	void thePersonMayOptOutWhereTheirPolicyAllows() {
		Jurisdiction germany = Jurisdiction.of("DE");
		breakGlass.optOut(Requesters.person(amina), amina, germany);

		assertThatThrownBy(() -> breakGlass.open(weber, amina, germany, JUSTIFICATION)).isInstanceOf(Forbidden.class)
			.hasMessageContaining("refused emergency access");

		breakGlass.optIn(Requesters.person(amina), amina);
		assertThat(breakGlass.open(weber, amina, germany, JUSTIFICATION)).isNotNull();
	}

	@Test
	void whereThePolicyForbidsOptingOutItIsRefused() {
		// policies/consent/ES.yaml: person-may-opt-out: false
		assertThatThrownBy(() -> breakGlass.optOut(Requesters.person(amina), amina, Jurisdiction.of("ES")))
			.isInstanceOf(Forbidden.class);
		assertThatThrownBy(() -> breakGlass.optOut(weber, amina, Jurisdiction.of("DE")))
			.isInstanceOf(Forbidden.class);
		assertThat(breakGlass.hasOptedOut(amina)).isFalse();
	}

	@Test
	void theDatabaseRefusesAnEmergencyAccessToSensitiveCategories() {
		EmergencyAccess access = breakGlass.open(weber, amina, GREECE, JUSTIFICATION);

		assertThatThrownBy(() -> jdbc.sql("""
				insert into emergency_accesses (id, person_id, home_jurisdiction, clinician, jurisdiction, justification,
				  categories, opened_at, expires_at)
				select gen_random_uuid(), person_id, home_jurisdiction, clinician, jurisdiction, justification,
				  array['MENTAL_HEALTH'], opened_at, expires_at from emergency_accesses where id = ?""")
			.param(access.id().value())
			.update()).isInstanceOf(DataAccessException.class);
		assertThatThrownBy(() -> jdbc.sql("update emergency_accesses set expires_at = expires_at + interval '1 day' "
				+ "where id = ?").param(access.id().value()).update()).isInstanceOf(DataAccessException.class);
	}
}
