package org.carnet.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Consent requests: a clinician asks, or a mediator proposes a grant on the person's behalf; the person sees the
 * pending ones and approves (which creates the grant) or declines. Unanswered requests expire (policy
 * {@code consent-requests.lifetime}).
 */
@Service
public class ConsentRequests {

	private static final int MAX_REASON = 1000;

	private final ConsentRequestStore store;

	private final Grants grants;

	private final Notifications notifications;

	private final ConsentPolicies policies;

	private final RepetitionSettings repetition;

	private final Clock clock;

	ConsentRequests(ConsentRequestStore store, Grants grants, Notifications notifications, ConsentPolicies policies,
			RepetitionSettings repetition, Clock clock) {
		this.store = store;
		this.grants = grants;
		this.notifications = notifications;
		this.policies = policies;
		this.repetition = repetition;
		this.clock = clock;
	}

	/**
	 * A clinician or mediator asks the person for consent; the person is notified. A clinician asks for themself,
	 * acting from their jurisdiction. A mediator asks for themself (CARE_COORDINATION only) or, naming a grantee,
	 * proposes a grant to someone else: that is how a mediator helps a person grant, and it takes effect only when
	 * the person approves it.
	 * <p>
	 * While the requester's earlier request to the person (for the same grantee) is pending, asking again for the same
	 * terms returns that request without notifying the person again, and asking for other terms is refused: the
	 * person answers one request at a time. A requester sends at most
	 * {@code carnet.consent.repetition.consent-requests-per-window} requests per window.
	 */
	@Transactional
	public ConsentRequest request(Requester requester, PersonId person, Jurisdiction home, RequestConsent input) {
		return request(requester, person, home, input, now());
	}

	@Transactional
	ConsentRequest request(Requester requester, PersonId person, Jurisdiction home, RequestConsent input,
			Instant now) {
		if (requester.has(Role.AUDITOR) || requester.has(Role.ADMIN)
				|| !(requester.has(Role.CLINICIAN) || requester.has(Role.MEDIATOR))) {
			throw new Forbidden("Only clinicians and mediators ask for consent");
		}
		Jurisdiction actingFrom = requester.jurisdiction()
			.orElseThrow(() -> new BadInput("jurisdiction", "your access token names no country you act from"));
		ConsentPolicy policy = policies.of(home);
		boolean proposal = input.grantee().isPresent();
		Role role;
		Grantee grantee;
		Set<Jurisdiction> jurisdictions;
		if (proposal) {
			if (!requester.has(Role.MEDIATOR)) {
				throw new BadInput("grantee", "only a mediator proposes a grant to someone else; leave it empty to "
						+ "ask for yourself");
			}
			role = Role.MEDIATOR;
			jurisdictions = Grants.jurisdictions(input.grantee().get(), input.jurisdictions());
			grantee = grants.checkGrantee(input.grantee().get(), input.purposes(), jurisdictions);
		}
		else {
			role = requester.has(Role.CLINICIAN) ? Role.CLINICIAN : Role.MEDIATOR;
			if (role == Role.MEDIATOR && !input.purposes().equals(Set.of(Purpose.CARE_COORDINATION))) {
				throw new BadInput("purposes", "a mediator asks only for CARE_COORDINATION for themself");
			}
			if (!input.jurisdictions().isEmpty() && !input.jurisdictions().equals(Set.of(actingFrom))) {
				throw new BadInput("jurisdictions", "a request is for the country you act from (" + actingFrom + ")");
			}
			grantee = Grantee.user(requester.subject());
			jurisdictions = Set.of(actingFrom);
		}
		if (input.categories().isEmpty()) {
			throw new BadInput("categories", "name at least one category");
		}
		if (input.purposes().isEmpty()) {
			throw new BadInput("purposes", "name at least one purpose");
		}
		Access access = input.access() == null ? Access.READ : input.access();
		Grantee forWhom = grantee;
		Set<Category> coarse = Grants.coarseCategories(input.categories(), input.coarseCategories(),
				() -> proposal ? grants.mediatorOnly(forWhom) : !requester.has(Role.CLINICIAN));
		String reason = input.reason() == null ? "" : input.reason().strip();
		if (reason.isEmpty()) {
			throw new BadInput("reason", "tell the person why you ask");
		}
		if (reason.length() > MAX_REASON) {
			throw new BadInput("reason", "at most " + MAX_REASON + " characters");
		}
		Duration duration = Grants.grantDuration(input.duration(), policy, "duration");
		store.lockRequestsOf(requester.subject());
		for (ConsentRequest pending : store.pendingFrom(person, requester.subject(), now)) {
			if (!pending.grantee().equals(grantee)) {
				continue;
			}
			if (pending.categories().equals(input.categories()) && pending.access() == access
					&& pending.purposes().equals(input.purposes()) && pending.jurisdictions().equals(jurisdictions)
					&& pending.grantDuration().equals(duration) && pending.coarseCategories().equals(coarse)) {
				return pending;
			}
			throw new Forbidden("Your earlier request to this person (" + pending.id().value()
					+ ") is still waiting for an answer; ask again once they have answered it or it has expired",
					"REQUEST_PENDING");
		}
		if (store.sentSince(requester.subject(), now.minus(repetition.window())) >= repetition
			.consentRequestsPerWindow()) {
			throw new Forbidden("You sent " + repetition.consentRequestsPerWindow() + " consent requests within "
					+ BreakGlass.describe(repetition.window()) + ", the most allowed; try again later", "TOO_MANY");
		}
		ConsentRequest request = new ConsentRequest(ConsentRequestId.random(), person, home,
				proposal ? ConsentRequest.Kind.MEDIATOR_PROPOSAL : ConsentRequest.Kind.FOR_REQUESTER,
				requester.subject(), role, requester.organisation(), actingFrom, grantee, input.categories(), access,
				input.purposes(), jurisdictions, duration, reason, now, now.plus(policy.consentRequestLifetime()),
				Optional.empty(), Optional.empty(), Optional.empty(), coarse);
		store.insert(request);
		notifications.tell(person, NotificationKind.CONSENT_REQUESTED, requester, request.id().value(), now);
		return request;
	}

	/** Every request to the person, newest first, in every state. */
	@Transactional(readOnly = true)
	public List<ConsentRequest> forPerson(PersonId person) {
		return store.forPerson(person);
	}

	/** The requests awaiting the person's answer, newest first. */
	@Transactional(readOnly = true)
	public List<ConsentRequest> pending(PersonId person) {
		return pending(person, now());
	}

	List<ConsentRequest> pending(PersonId person, Instant at) {
		return store.forPerson(person)
			.stream()
			.filter(request -> request.statusAt(at) == ConsentRequestStatus.PENDING)
			.toList();
	}

	/** The requests a clinician or mediator sent, newest first. */
	@Transactional(readOnly = true)
	public List<ConsentRequest> sentBy(Requester requester) {
		if (!(requester.has(Role.CLINICIAN) || requester.has(Role.MEDIATOR)) || requester.has(Role.AUDITOR)
				|| requester.has(Role.ADMIN) || requester.has(Role.PUBLIC_HEALTH_ANALYST)) {
			// fail closed: only the roles that send requests see them, and their answers name persons
			throw new Forbidden("Only clinicians and mediators send consent requests");
		}
		return store.sentBy(requester.subject());
	}

	/** The person approves (creating the grant described by the request) or declines a pending request. */
	@Transactional
	public ConsentRequest answer(Requester person, ConsentRequestId id, boolean approve) {
		return answer(person, id, approve, now());
	}

	@Transactional
	ConsentRequest answer(Requester person, ConsentRequestId id, boolean approve, Instant now) {
		ConsentRequest request = store.find(id)
			.filter(found -> person.has(Role.MIGRANT) && person.is(found.person()))
			.orElseThrow(() -> new NotFound("No such consent request to you"));
		Grants.requireConsentRight(person);
		switch (request.statusAt(now)) {
			case APPROVED:
				throw new BadInput("id", "you already approved this request");
			case DECLINED:
				throw new BadInput("id", "you already declined this request");
			case EXPIRED:
				throw new BadInput("id", "this request expired on " + request.expiresAt()
						+ "; the requester may ask again");
			default:
				break;
		}
		GrantId grantId = null;
		if (approve) {
			ConsentPolicy policy = policies.of(request.home());
			// the policy may have shortened the maximum since the request was made
			Duration duration = request.grantDuration().compareTo(policy.maximumGrantDuration()) > 0
					? policy.maximumGrantDuration() : request.grantDuration();
			GrantConsent consent = new GrantConsent(request.grantee(), request.categories(), request.access(),
					request.purposes(), request.jurisdictions(), Optional.of(now), Optional.of(now.plus(duration)),
					Optional.of(request.coarseCategories()));
			grantId = grants.create(request.person(), request.home(), consent, person.subject(),
					GrantOrigin.CONSENT_REQUEST, request.id().value(), now).id();
		}
		if (!store.answer(id, now, approve, grantId)) {
			// answered concurrently; the grant made above rolls back with this transaction
			throw new BadInput("id", "this request was answered already");
		}
		return store.find(id).orElseThrow();
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}
}
