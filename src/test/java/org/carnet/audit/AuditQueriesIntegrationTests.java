package org.carnet.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.carnet.core.BadInput;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Auditors' and persons' views of the ledger. The events of this class happen in March 2001, so that the events
 * other tests append to the shared ledger (now) stay out of every window asked for here.
 */
@CarnetIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditQueriesIntegrationTests {

	private static final Instant MARCH = Instant.parse("2001-03-01T00:00:00Z");

	private static final Instant APRIL = Instant.parse("2001-04-01T00:00:00Z");

	@Autowired
	Ledger ledger;

	@Autowired
	AuditQueries queries;

	final PersonId amina = PersonId.random();

	final PersonId karim = PersonId.random();

	final PersonId tied = PersonId.random();

	AccessEvent greekReadsAmina;

	AccessEvent germanReadsAmina;

	AccessEvent germanDenied;

	AccessEvent germanBreaksGlass;

	AccessEvent germanEmergencyRead;

	AccessEvent greekReadsKarim;

	AccessEvent greekAsksKarim;

	AccessEvent failedLogin;

	@BeforeAll
	void appendMarch2001() {
		greekReadsAmina = at(1, AccessEvents.read(AccessEvents.nikolaou(), amina, "GR"));
		germanReadsAmina = at(2, AccessEvents.read(AccessEvents.weber(), amina, "GR").withOutcome(AccessOutcome.PARTIAL));
		germanDenied = at(3, AccessEvents.read(AccessEvents.weber(), amina, "GR").withOutcome(AccessOutcome.DENIED));
		germanBreaksGlass = at(4, AccessEvent.of(AccessEvents.weber(), AccessAction.BREAK_GLASS, AccessOutcome.SUCCESS)
			.about(amina, Jurisdiction.of("GR"))
			.withPurpose(Purpose.EMERGENCY)
			.withBreakGlassJustification("unconscious, no relatives reachable"));
		germanEmergencyRead = at(5,
				AccessEvents.read(AccessEvents.weber(), amina, "GR").withPurpose(Purpose.EMERGENCY));
		greekReadsKarim = at(6, AccessEvents.read(AccessEvents.nikolaou(), karim, "DE"));
		greekAsksKarim = at(7,
				AccessEvent.of(AccessEvents.nikolaou(), AccessAction.CONSENT_REQUESTED, AccessOutcome.SUCCESS)
					.about(karim, Jurisdiction.of("DE")));
		failedLogin = at(8,
				AccessEvent.bySubject("dr.weber", "carnet-portal", AccessAction.LOGIN_FAILED, AccessOutcome.DENIED));
		Instant sameMicrosecond = Instant.parse("2001-06-01T12:00:00.000001Z");
		for (int i = 0; i < 3; i++) {
			ledger.append(AccessEvents.read(AccessEvents.nikolaou(), tied, "GR").at(sameMicrosecond));
		}
	}

	@Test
	void aPersonsAccessLogHoldsOnlyTheirRecordNewestFirst() {
		AccessEventPage page = queries.forPerson(amina, 100, null);

		assertThat(page.events()).containsExactly(germanEmergencyRead, germanBreaksGlass, germanDenied,
				germanReadsAmina, greekReadsAmina);
		assertThat(page.pageInfo().hasNextPage()).isFalse();
		assertThat(page.pageInfo().hasPreviousPage()).isFalse();
	}

	@Test
	void pagesFollowEachOtherWithoutLossOrRepetition() {
		AccessEventPage first = queries.forPerson(amina, 2, null);
		AccessEventPage second = queries.forPerson(amina, 2, first.pageInfo().endCursor());
		AccessEventPage third = queries.forPerson(amina, 2, second.pageInfo().endCursor());

		assertThat(first.events()).containsExactly(germanEmergencyRead, germanBreaksGlass);
		assertThat(second.events()).containsExactly(germanDenied, germanReadsAmina);
		assertThat(third.events()).containsExactly(greekReadsAmina);
		assertThat(List.of(first.pageInfo().hasNextPage(), second.pageInfo().hasNextPage(),
				third.pageInfo().hasNextPage())).containsExactly(true, true, false);
		assertThat(second.pageInfo().hasPreviousPage()).isTrue();
		assertThat(first.pageInfo().startCursor()).isEqualTo(first.edges().get(0).cursor());
		assertThat(third.pageInfo().endCursor()).isEqualTo(third.edges().get(0).cursor());
	}

	@Test
	void eventsAtTheSameMicrosecondArePagedBySequence() {
		List<AccessEvent> seen = new ArrayList<>();
		String after = null;
		do {
			AccessEventPage page = queries.forPerson(tied, 1, after);
			seen.addAll(page.events());
			after = page.pageInfo().hasNextPage() ? page.pageInfo().endCursor() : null;
		}
		while (after != null);

		assertThat(seen).hasSize(3);
		assertThat(seen).extracting(AccessEvent::sequence).isSortedAccordingTo((a, b) -> Long.compare(b, a));
	}

	@Test
	void auditorsFilterByRequesterOrganisationAndCountry() {
		assertThat(search(filter().requester("dr.weber"))).containsExactly(failedLogin, germanEmergencyRead,
				germanBreaksGlass, germanDenied, germanReadsAmina);
		assertThat(search(filter().organisation("org-athens-reception"))).containsExactly(greekAsksKarim,
				greekReadsKarim, greekReadsAmina);
		assertThat(search(filter().requesterJurisdiction("DE"))).containsExactly(germanEmergencyRead,
				germanBreaksGlass, germanDenied, germanReadsAmina);
		assertThat(search(filter().homeJurisdiction("DE"))).containsExactly(greekAsksKarim, greekReadsKarim);
		assertThat(search(filter().person(karim))).containsExactly(greekAsksKarim, greekReadsKarim);
	}

	@Test
	void auditorsFilterCrossBorderAndEmergencyAccesses() {
		assertThat(search(filter().crossBorder(true))).containsExactly(greekAsksKarim, greekReadsKarim,
				germanEmergencyRead, germanBreaksGlass, germanDenied, germanReadsAmina);
		assertThat(search(filter().crossBorder(false).person(amina))).containsExactly(greekReadsAmina);
		assertThat(search(filter().emergency(true))).containsExactly(germanEmergencyRead, germanBreaksGlass);
		assertThat(search(filter().emergency(false).person(amina))).containsExactly(germanDenied, germanReadsAmina,
				greekReadsAmina);
	}

	@Test
	void auditorsFilterByActionOutcomeAndTime() {
		assertThat(search(filter().actions(AccessAction.BREAK_GLASS, AccessAction.CONSENT_REQUESTED)))
			.containsExactly(greekAsksKarim, germanBreaksGlass);
		assertThat(search(filter().outcomes(AccessOutcome.DENIED, AccessOutcome.PARTIAL))).containsExactly(failedLogin,
				germanDenied, germanReadsAmina);
		assertThat(search(filter().between(minute(2), minute(4)))).containsExactly(germanDenied, germanReadsAmina);
	}

	@Test
	void crossBorderFlowsAreCountedByCountryWithEmergenciesApart() {
		CrossBorderSummary summary = queries.crossBorderSummary(MARCH, APRIL);

		assertThat(summary.flows()).containsExactly(
				new CrossBorderSummary.Flow(Jurisdiction.of("DE"), Jurisdiction.of("GR"), 1, 2, 1),
				new CrossBorderSummary.Flow(Jurisdiction.of("GR"), Jurisdiction.of("DE"), 1, 0, 0));
		assertThat(queries.crossBorderSummary(APRIL, APRIL.plus(30, ChronoUnit.DAYS)).flows()).isEmpty();
	}

	@Test
	void refusesACursorItDidNotIssueAndPagesOutOfBounds() {
		assertThatThrownBy(() -> queries.forPerson(amina, 10, "not-a-cursor")).isInstanceOf(BadInput.class)
			.hasMessageContaining("after");
		assertThatThrownBy(() -> queries.forPerson(amina, 0, null)).isInstanceOf(BadInput.class)
			.hasMessageContaining("first");
		assertThatThrownBy(() -> queries.forPerson(amina, 101, null)).isInstanceOf(BadInput.class);
		assertThatThrownBy(() -> queries.crossBorderSummary(APRIL, MARCH)).isInstanceOf(BadInput.class);
	}

	private List<AccessEvent> search(Criteria criteria) {
		return queries.search(criteria.build(), 100, null).events();
	}

	private AccessEvent at(int minute, AccessEvent draft) {
		return ledger.append(draft.at(minute(minute)));
	}

	private static Instant minute(int minute) {
		return MARCH.plus(10, ChronoUnit.DAYS).plus(minute, ChronoUnit.MINUTES);
	}

	private static Criteria filter() {
		return new Criteria();
	}

	/** A filter within March 2001, built step by step for readable tests. */
	private static final class Criteria {

		private PersonId person;

		private String requester;

		private String organisation;

		private Jurisdiction requesterJurisdiction;

		private Jurisdiction homeJurisdiction;

		private Boolean crossBorder;

		private Boolean emergency;

		private Set<AccessAction> actions = Set.of();

		private Set<AccessOutcome> outcomes = Set.of();

		private Instant from = MARCH;

		private Instant to = APRIL;

		Criteria person(PersonId person) {
			this.person = person;
			return this;
		}

		Criteria requester(String subject) {
			this.requester = subject;
			return this;
		}

		Criteria organisation(String organisation) {
			this.organisation = organisation;
			return this;
		}

		Criteria requesterJurisdiction(String code) {
			this.requesterJurisdiction = Jurisdiction.of(code);
			return this;
		}

		Criteria homeJurisdiction(String code) {
			this.homeJurisdiction = Jurisdiction.of(code);
			return this;
		}

		Criteria crossBorder(boolean crossBorder) {
			this.crossBorder = crossBorder;
			return this;
		}

		Criteria emergency(boolean emergency) {
			this.emergency = emergency;
			return this;
		}

		Criteria actions(AccessAction... actions) {
			this.actions = Set.of(actions);
			return this;
		}

		Criteria outcomes(AccessOutcome... outcomes) {
			this.outcomes = Set.of(outcomes);
			return this;
		}

		Criteria between(Instant from, Instant to) {
			this.from = from;
			this.to = to;
			return this;
		}

		AuditFilter build() {
			return new AuditFilter(person, requester, organisation, requesterJurisdiction, homeJurisdiction,
					crossBorder, emergency, actions, outcomes, from, to);
		}
	}
}
