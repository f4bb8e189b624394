package org.carnet.consent;

import java.time.Duration;
import java.time.Instant;
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
import org.carnet.core.Role;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Consent requests: asked by a clinician or proposed by a mediator, answered by the person, expiring unanswered. */
@CarnetIntegrationTest
class ConsentRequestsIntegrationTests {

	private static final Jurisdiction GREECE = Jurisdiction.of("GR");

	@Autowired
	ConsentRequests requests;

	@Autowired
	ConsentDecisions decisions;

	@Autowired
	Grants grants;

	@Autowired
	Notifications notifications;

	@Autowired
	org.carnet.identity.Accounts accounts;

	@org.junit.jupiter.api.BeforeEach
	void accounts() {
		Staff.register(accounts, weber);
	}

	private final PersonId amina = PersonId.random();

	private final Requester aminaHerself = Requesters.person(amina);

	private final String weberName = Requesters.unique("dr.weber");

	private final Requester weber = Requesters.clinician(weberName, "DE");

	@Test
	void approvingAClinicianRequestCreatesTheGrantItDescribes() {
		ConsentRequest request = requests.request(weber, amina, GREECE,
				RequestConsent.forMe(Set.of(Category.ALLERGIES, Category.MEDICATIONS), Access.READ, Purpose.TREATMENT,
						"Admitted to Charité for surgery; I need her allergies", Optional.of(Duration.ofDays(30))));
		assertThat(decisions.decide(weber, amina, GREECE, Category.ALLERGIES, Access.READ, Purpose.TREATMENT)
			.allowed()).isFalse();
		assertThat(requests.pending(amina)).extracting(ConsentRequest::id).containsExactly(request.id());

		ConsentRequest approved = requests.answer(aminaHerself, request.id(), true);

		assertThat(approved.statusAt(Instant.now())).isEqualTo(ConsentRequestStatus.APPROVED);
		ConsentGrant grant = grants.find(approved.grant().orElseThrow()).orElseThrow();
		assertThat(grant.grantee()).isEqualTo(Grantee.user(weberName));
		assertThat(grant.jurisdictions()).containsExactly(Jurisdiction.of("DE"));
		assertThat(grant.categories()).containsExactlyInAnyOrder(Category.ALLERGIES, Category.MEDICATIONS);
		assertThat(grant.purposes()).containsExactly(Purpose.TREATMENT);
		assertThat(Duration.between(grant.validFrom(), grant.validUntil())).isEqualTo(Duration.ofDays(30));
		assertThat(grant.origin()).isEqualTo(GrantOrigin.CONSENT_REQUEST);
		assertThat(grant.originId()).contains(request.id().value());
		assertThat(grant.grantedBy()).isEqualTo(aminaHerself.subject());
		assertThat(requests.pending(amina)).isEmpty();
		assertThat(decisions.decide(weber, amina, GREECE, Category.ALLERGIES, Access.READ, Purpose.TREATMENT)
			.grants()).containsExactly(grant.id());
	}

	@Test
	void decliningCreatesNoGrantAndAnAnswerIsFinal() {
		ConsentRequest request = requests.request(weber, amina, GREECE, RequestConsent.forMe(
				Set.of(Category.MENTAL_HEALTH), Access.READ, Purpose.TREATMENT, "Follow-up", Optional.empty()));

		ConsentRequest declined = requests.answer(aminaHerself, request.id(), false);

		assertThat(declined.statusAt(Instant.now())).isEqualTo(ConsentRequestStatus.DECLINED);
		assertThat(declined.grant()).isEmpty();
		assertThat(grants.history(amina)).isEmpty();
		assertThatThrownBy(() -> requests.answer(aminaHerself, request.id(), true)).isInstanceOf(BadInput.class)
			.hasMessageContaining("already declined");
		assertThat(grants.history(amina)).isEmpty();
	}

	@Test
	void anUnansweredRequestExpiresAndCanNoLongerBeApproved() {
		ConsentRequest request = requests.request(weber, amina, GREECE, RequestConsent.forMe(
				Set.of(Category.VACCINATIONS), Access.READ, Purpose.TREATMENT, "Vaccination check", Optional.empty()));
		// policies/consent/default.yaml: consent requests live 14 days (GR does not override it)
		assertThat(Duration.between(request.createdAt(), request.expiresAt())).isEqualTo(Duration.ofDays(14));
		Instant later = request.expiresAt().plusSeconds(1);

		assertThat(requests.pending(amina, later)).isEmpty();
		assertThatThrownBy(() -> requests.answer(aminaHerself, request.id(), true, later))
			.isInstanceOf(BadInput.class)
			.hasMessageContaining("expired");
		assertThat(grants.history(amina)).isEmpty();
	}

	@Test
	void aMediatorsProposalBecomesAGrantOnlyWhenThePersonApprovesIt() {
		Requester mediator = Staff.mediator(accounts, Requesters.unique("m.haddad"), "GR");
		String gp = Staff.clinician(accounts, Requesters.unique("dr.gp"), "DE").subject();
		ConsentRequest proposal = requests.request(mediator, amina, GREECE,
				RequestConsent.proposal(Grantee.user(gp), Set.of(Category.VACCINATIONS, Category.ALLERGIES),
						Access.READ, Set.of(Purpose.TREATMENT), Set.of(Jurisdiction.of("DE")),
						"Amina asked me to share her vaccinations with her new GP", Optional.empty()));
		Requester doctor = Requesters.clinician(gp, "DE");

		assertThat(proposal.kind()).isEqualTo(ConsentRequest.Kind.MEDIATOR_PROPOSAL);
		assertThat(proposal.requestedByRole()).isEqualTo(Role.MEDIATOR);
		assertThat(decisions.decide(doctor, amina, GREECE, Category.VACCINATIONS, Access.READ, Purpose.TREATMENT)
			.allowed()).isFalse();

		requests.answer(aminaHerself, proposal.id(), true);

		assertThat(decisions.decide(doctor, amina, GREECE, Category.VACCINATIONS, Access.READ, Purpose.TREATMENT)
			.allowed()).isTrue();
		assertThat(decisions.decide(mediator, amina, GREECE, Category.VACCINATIONS, Access.READ,
				Purpose.CARE_COORDINATION).allowed()).isFalse();
	}

	@Test
	void aMediatorAsksForThemselfOnlyForCareCoordination() {
		Requester mediator = Staff.mediator(accounts, Requesters.unique("m.haddad"), "GR");

		assertThatThrownBy(() -> requests.request(mediator, amina, GREECE, RequestConsent.forMe(
				Set.of(Category.IDENTITY), Access.READ, Purpose.TREATMENT, "To help", Optional.empty())))
			.isInstanceOfSatisfying(BadInput.class, ex -> assertThat(ex.field()).isEqualTo("purposes"));
		ConsentRequest request = requests.request(mediator, amina, GREECE, RequestConsent.forMe(
				Set.of(Category.IDENTITY), Access.READ, Purpose.CARE_COORDINATION, "To book your appointments",
				Optional.empty()));
		requests.answer(aminaHerself, request.id(), true);

		assertThat(decisions.decide(mediator, amina, GREECE, Category.IDENTITY, Access.READ,
				Purpose.CARE_COORDINATION).allowed()).isTrue();
	}

	@Test
	void onlyThePersonAnswersAndOnlyCliniciansAndMediatorsAsk() {
		ConsentRequest request = requests.request(weber, amina, GREECE, RequestConsent.forMe(
				Set.of(Category.ALLERGIES), Access.READ, Purpose.TREATMENT, "Surgery", Optional.empty()));

		assertThatThrownBy(() -> requests.answer(weber, request.id(), true)).isInstanceOf(NotFound.class);
		assertThatThrownBy(() -> requests.answer(Requesters.person(PersonId.random()), request.id(), true))
			.isInstanceOf(NotFound.class);
		assertThatThrownBy(() -> requests.request(Requesters.auditor("a.audit", "GR"), amina, GREECE,
				RequestConsent.forMe(Set.of(Category.ALLERGIES), Access.READ, Purpose.PUBLIC_HEALTH, "Audit",
						Optional.empty())))
			.isInstanceOf(Forbidden.class);
		assertThatThrownBy(() -> requests.request(weber, amina, GREECE, RequestConsent.proposal(Grantee.user("x"),
				Set.of(Category.ALLERGIES), Access.READ, Set.of(Purpose.TREATMENT), Set.of(Jurisdiction.of("DE")),
				"For a colleague", Optional.empty())))
			.isInstanceOfSatisfying(BadInput.class, ex -> assertThat(ex.field()).isEqualTo("grantee"));
		assertThat(grants.history(amina)).isEmpty();
	}

	@Test
	void aRequestNamesWhatIsMissingOrTooLong() {
		assertThatThrownBy(() -> requests.request(weber, amina, GREECE, RequestConsent.forMe(Set.of(), Access.READ,
				Purpose.TREATMENT, "Surgery", Optional.empty())))
			.isInstanceOfSatisfying(BadInput.class, ex -> assertThat(ex.field()).isEqualTo("categories"));
		assertThatThrownBy(() -> requests.request(weber, amina, GREECE, RequestConsent.forMe(
				Set.of(Category.ALLERGIES), Access.READ, Purpose.TREATMENT, "   ", Optional.empty())))
			.isInstanceOfSatisfying(BadInput.class, ex -> assertThat(ex.field()).isEqualTo("reason"));
		assertThatThrownBy(() -> requests.request(weber, amina, GREECE, RequestConsent.forMe(
				Set.of(Category.ALLERGIES), Access.READ, Purpose.TREATMENT, "Surgery",
				Optional.of(Duration.ofDays(800)))))
			.isInstanceOfSatisfying(BadInput.class, ex -> assertThat(ex.field()).isEqualTo("duration"));
		assertThat(requests.forPerson(amina)).isEmpty();
	}

	@Test
	void thePersonIsToldOfEveryRequestAndTheRequesterSeesWhatTheySent() {
		ConsentRequest request = requests.request(weber, amina, GREECE, RequestConsent.forMe(
				Set.of(Category.ALLERGIES), Access.READ, Purpose.TREATMENT, "Surgery", Optional.empty()));

		assertThat(notifications.notifications(amina)).singleElement().satisfies(notice -> {
			assertThat(notice.kind()).isEqualTo(NotificationKind.CONSENT_REQUESTED);
			assertThat(notice.actor()).isEqualTo(weberName);
			assertThat(notice.actorJurisdiction()).contains(Jurisdiction.of("DE"));
			assertThat(notice.reference()).contains(request.id().value());
		});
		assertThat(requests.sentBy(weber)).extracting(ConsentRequest::id).containsExactly(request.id());
	}
}
