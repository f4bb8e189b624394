package org.carnet.consent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Unavailable;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The decision against the database: one grant look-up per call whatever the number of categories, none when the
 * role alone decides, and a refusal (not an answer) when the database cannot be asked.
 */
@CarnetIntegrationTest
class ConsentDecisionsIntegrationTests {

	private static final Jurisdiction GREECE = Jurisdiction.of("GR");

	private static final Jurisdiction GERMANY = Jurisdiction.of("DE");

	@Autowired
	Grants grants;

	@Autowired
	org.carnet.identity.Accounts accounts;

	@org.junit.jupiter.api.BeforeEach
	void accounts() {
		Staff.register(accounts, weber);
	}

	@Autowired
	BreakGlass breakGlass;

	@Autowired
	ConsentPolicies policies;

	@Autowired
	DataSource dataSource;

	private final AtomicInteger queries = new AtomicInteger();

	private final PersonId amina = PersonId.random();

	private final String weberName = Requesters.unique("dr.weber");

	private final Requester weber = Requesters.clinician(weberName, "charite", "DE");

	@Test
	void decidingEveryCategoryOfARichlyGrantedRecordCostsOneQuery() {
		List<GrantId> expected = new ArrayList<>();
		for (Category category : Category.values()) {
			expected.add(grant(Grantee.user(weberName), category).id());
		}
		for (int i = 0; i < 9; i++) {
			grant(i % 2 == 0 ? Grantee.organisation("charite") : Grantee.anyClinicianIn(GERMANY),
					Category.values()[i]);
		}
		breakGlass.open(weber, amina, GREECE, "unconscious after a road accident, allergies unknown");
		ConsentDecisions counted = countingDecisions();

		Map<Category, ConsentDecision> all = counted.decideAll(weber, amina, GREECE, EnumSet.allOf(Category.class),
				Access.READ, Purpose.TREATMENT);

		assertThat(queries.get()).isEqualTo(1);
		assertThat(all).hasSize(Category.values().length);
		assertThat(all.values()).allMatch(ConsentDecision::allowed);
		assertThat(all.values().stream().flatMap(d -> d.grants().stream())).containsAll(expected);
		assertThat(all.get(Category.ALLERGIES).grants()).hasSize(2);
	}

	@Test
	void organisationAndCountryGrantsAreFoundForTheirMembersOnly() {
		GrantId toHospital = grant(Grantee.organisation("charite"), Category.ALLERGIES).id();
		GrantId toGermany = grant(Grantee.anyClinicianIn(GERMANY), Category.MEDICATIONS).id();
		grant(Grantee.user(Staff.clinician(accounts, Requesters.unique("dr.other"), "DE").subject()),
				Category.CONDITIONS);
		ConsentDecisions counted = countingDecisions();

		Map<Category, ConsentDecision> all = counted.decideAll(weber, amina, GREECE, EnumSet.allOf(Category.class),
				Access.READ, Purpose.TREATMENT);

		assertThat(all.get(Category.ALLERGIES).grants()).containsExactly(toHospital);
		assertThat(all.get(Category.MEDICATIONS).grants()).containsExactly(toGermany);
		assertThat(all.get(Category.CONDITIONS).reason()).contains(DenyReason.NO_GRANT);
		assertThat(counted.decide(Requesters.mediator("m.haddad", "DE"), amina, GREECE, Category.MEDICATIONS,
				Access.READ, Purpose.CARE_COORDINATION).reason()).contains(DenyReason.NO_GRANT);
	}

	@Test
	void thePersonAndAnAuditorAreDecidedWithoutAnyQuery() {
		grant(Grantee.user(weberName), Category.ALLERGIES);
		ConsentDecisions counted = countingDecisions();

		Map<Category, ConsentDecision> own = counted.decideAll(Requesters.person(amina), amina, GREECE,
				EnumSet.allOf(Category.class), Access.READ_WRITE, Purpose.TREATMENT);
		Map<Category, ConsentDecision> audit = counted.decideAll(Requesters.auditor("a.audit", "GR"), amina, GREECE,
				EnumSet.allOf(Category.class), Access.READ, Purpose.PUBLIC_HEALTH);

		assertThat(queries.get()).isZero();
		assertThat(own.values()).allMatch(d -> d.basis().orElseThrow() == ConsentDecision.Basis.SELF);
		assertThat(audit.values()).allMatch(d -> d.reason().orElseThrow() == DenyReason.ROLE_NEVER_ALLOWED);
	}

	@Test
	void aListOfPersonsIsDecidedWithOneQueryAndAsEachPersonAlone() {
		PersonId yonas = PersonId.random();
		PersonId nobody = PersonId.random();
		grant(Grantee.user(weberName), Category.ALLERGIES);
		grant(Grantee.organisation("charite"), Category.VACCINATIONS);
		grants.grant(Requesters.person(yonas), yonas, GREECE, GrantConsent.of(Grantee.user(weberName),
				Set.of(Category.MEDICATIONS), Access.READ, Set.of(Purpose.TREATMENT), Set.of(GERMANY)));
		breakGlass.open(weber, nobody, GREECE, "unconscious after a road accident, allergies unknown");
		ConsentDecisions counted = countingDecisions();
		Map<PersonId, Jurisdiction> persons = new java.util.LinkedHashMap<>();
		for (PersonId person : List.of(amina, yonas, nobody)) {
			persons.put(person, GREECE);
		}

		Map<PersonId, Map<Category, ConsentDecision>> listed = counted.decideAll(weber, persons,
				EnumSet.allOf(Category.class), Access.READ, Purpose.TREATMENT);
		Map<PersonId, Map<Category, ConsentDecision>> emergency = counted.decideAll(weber, persons,
				EnumSet.allOf(Category.class), Access.READ, Purpose.EMERGENCY);

		assertThat(queries.get()).isEqualTo(2);
		assertThat(listed.keySet()).containsExactly(amina, yonas, nobody);
		for (PersonId person : persons.keySet()) {
			assertThat(listed.get(person)).isEqualTo(counted.decideAll(weber, person, GREECE,
					EnumSet.allOf(Category.class), Access.READ, Purpose.TREATMENT));
			assertThat(emergency.get(person)).isEqualTo(counted.decideAll(weber, person, GREECE,
					EnumSet.allOf(Category.class), Access.READ, Purpose.EMERGENCY));
		}
		assertThat(listed.get(amina).get(Category.ALLERGIES).allowed()).isTrue();
		assertThat(listed.get(amina).get(Category.MEDICATIONS).allowed()).isFalse();
		assertThat(listed.get(yonas).get(Category.MEDICATIONS).allowed()).isTrue();
		assertThat(listed.get(yonas).get(Category.ALLERGIES).allowed()).isFalse();
		assertThat(listed.get(nobody).values()).noneMatch(ConsentDecision::allowed);
		assertThat(emergency.get(nobody).get(Category.ALLERGIES).allowed()).isTrue();
		assertThat(emergency.get(nobody).get(Category.MENTAL_HEALTH).allowed()).isFalse();
	}

	@Test
	void whenGrantsCannotBeReadTheDecisionFailsClosed() {
		ConsentDecisions unreachable = new ConsentDecisions(
				new ConsentFactStore(JdbcClient.create(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none"))),
				policies, Clock.systemUTC(), new SimpleMeterRegistry());

		assertThatThrownBy(() -> unreachable.decide(weber, amina, GREECE, Category.ALLERGIES, Access.READ,
				Purpose.TREATMENT)).isInstanceOf(Unavailable.class).hasMessageContaining("nothing was served");
	}

	private ConsentGrant grant(Grantee grantee, Category category) {
		Set<Jurisdiction> from = grantee.kind() == Grantee.Kind.ANY_CLINICIAN_IN ? Set.of() : Set.of(GERMANY);
		return grants.grant(Requesters.person(amina), amina, GREECE,
				GrantConsent.of(grantee, Set.of(category), Access.READ, Set.of(Purpose.TREATMENT), from));
	}

	private ConsentDecisions countingDecisions() {
		DataSource counting = ProxyDataSourceBuilder.create(dataSource)
			.afterQuery((execution, statements) -> queries.addAndGet(statements.size()))
			.build();
		return new ConsentDecisions(new ConsentFactStore(JdbcClient.create(counting)), policies, Clock.systemUTC(), new SimpleMeterRegistry());
	}
}
