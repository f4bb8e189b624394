package org.carnet.consent;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.BadInput;
import org.carnet.core.Category;
import org.carnet.core.Forbidden;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Break-glass: a clinician opens the emergency data set of a person without a grant, with a justification, for the
 * time the policy of the person's home jurisdiction allows (60 minutes by default). Never opens
 * {@link ConsentPolicy#NEVER_BY_BREAK_GLASS}. The person is notified; where their policy allows, they may opt out in
 * advance. An emergency access lets its clinician read for EMERGENCY only, never write.
 */
@Service
public class BreakGlass {

	private final EmergencyAccessStore store;

	private final Notifications notifications;

	private final ConsentPolicies policies;

	private final RepetitionSettings repetition;

	private final Clock clock;

	BreakGlass(EmergencyAccessStore store, Notifications notifications, ConsentPolicies policies,
			RepetitionSettings repetition, Clock clock) {
		this.store = store;
		this.notifications = notifications;
		this.policies = policies;
		this.repetition = repetition;
		this.clock = clock;
	}

	/**
	 * A clinician opens emergency access to the person's emergency data set; the person is notified. While the
	 * clinician's access to the person (from the same country) is still open, opening again returns that one, and the
	 * person is not notified again. A clinician opens at most {@code carnet.consent.repetition.break-glass-per-window}
	 * new accesses per window.
	 */
	@Transactional
	public EmergencyAccess open(Requester clinician, PersonId person, Jurisdiction home, String justification) {
		return open(clinician, person, home, justification, now());
	}

	@Transactional
	EmergencyAccess open(Requester clinician, PersonId person, Jurisdiction home, String justification,
			Instant now) {
		if (!clinician.has(Role.CLINICIAN) || clinician.has(Role.AUDITOR) || clinician.has(Role.ADMIN)) {
			throw new Forbidden("Only clinicians open emergency access");
		}
		Jurisdiction actingFrom = clinician.jurisdiction()
			.orElseThrow(() -> new BadInput("jurisdiction", "your access token names no country you act from"));
		String reason = Justification.check(justification);
		ConsentPolicy policy = policies.of(home);
		if (!policy.breakGlassAllowed()) {
			throw new Forbidden("Emergency access is not allowed for records held in " + home.displayName(),
					"BREAK_GLASS_NOT_ALLOWED");
		}
		if (policy.personMayOptOutOfBreakGlass() && store.hasOptedOut(person)) {
			// where restrictions are hidden, the refusal does not tell the clinician what the person decided
			throw policy.restrictionsHidden()
					? new Forbidden("Emergency access is not available for this record", "BREAK_GLASS_UNAVAILABLE")
					: new Forbidden("The person has refused emergency access to their record", "BREAK_GLASS_OPTED_OUT");
		}
		store.lockOpeningsOf(clinician.subject());
		Optional<EmergencyAccess> open = store.openBy(person, clinician.subject(), actingFrom, now);
		if (open.isPresent()) {
			return open.get();
		}
		if (store.openedSince(clinician.subject(), now.minus(repetition.window())) >= repetition
			.breakGlassPerWindow()) {
			throw new Forbidden("You opened " + repetition.breakGlassPerWindow() + " emergency accesses within "
					+ describe(repetition.window()) + ", the most allowed; ask the person for consent, or a "
					+ "colleague, or try again later", "TOO_MANY");
		}
		Set<Category> categories = EnumSet.copyOf(policy.breakGlassCategories());
		categories.removeAll(ConsentPolicy.NEVER_BY_BREAK_GLASS);
		EmergencyAccess access = new EmergencyAccess(EmergencyAccessId.random(), person, home, clinician.subject(),
				clinician.organisation(), actingFrom, reason, categories, now, now.plus(policy.breakGlassDuration()));
		store.insert(access);
		notifications.tell(person, NotificationKind.BREAK_GLASS, clinician, access.id().value(), now);
		return access;
	}

	/** The person refuses emergency access in advance, where the policy of their home jurisdiction allows it. */
	@Transactional
	public void optOut(Requester person, PersonId personId, Jurisdiction home) {
		Grants.requirePerson(person, personId);
		if (!policies.of(home).personMayOptOutOfBreakGlass()) {
			throw new Forbidden("Emergency access cannot be refused for records held in " + home.displayName(),
					"OPT_OUT_NOT_ALLOWED");
		}
		store.optOut(personId, person.subject(), now());
	}

	/** The person withdraws their opt-out. */
	@Transactional
	public void optIn(Requester person, PersonId personId) {
		Grants.requirePerson(person, personId);
		store.optIn(personId);
	}

	/** True when the person has refused emergency access (honoured only where their policy allows opting out). */
	@Transactional(readOnly = true)
	public boolean hasOptedOut(PersonId person) {
		return store.hasOptedOut(person);
	}

	/** Every emergency access to the person's record, newest first. */
	@Transactional(readOnly = true)
	public List<EmergencyAccess> forPerson(PersonId person) {
		return store.forPerson(person);
	}

	static String describe(java.time.Duration window) {
		if (window.toMinutes() % 60 == 0 && window.toHours() > 0) {
			return window.toHours() == 1 ? "an hour" : window.toHours() + " hours";
		}
		return window.toMinutes() <= 1 ? "a minute" : window.toMinutes() + " minutes";
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}
}
