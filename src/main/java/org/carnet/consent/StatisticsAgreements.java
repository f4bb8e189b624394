package org.carnet.consent;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.carnet.core.BadInput;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The person's agreement to public-health statistics (purpose PUBLIC_HEALTH), per category: off by default, changed
 * and withdrawn by the person alone, at any time. Each change publishes {@link StatisticsConsentChanged} in its
 * transaction.
 * <p>
 * Not a grant: a grant names someone who reads the record, for a window the home policy bounds; an agreement lets
 * no one read anything (only coded facts of the record count in aggregates, without name or id) and lasts until the
 * person withdraws it.
 */
@Service
public class StatisticsAgreements {

	/** The categories with coded facts that statistics count; the others hold free text or nothing countable. */
	public static final Set<Category> OFFERED = Set.copyOf(EnumSet.of(Category.CONDITIONS, Category.VACCINATIONS,
			Category.INFECTIOUS_DISEASES, Category.MENTAL_HEALTH, Category.VITALS));

	private final StatisticsAgreementStore store;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	StatisticsAgreements(StatisticsAgreementStore store, ApplicationEventPublisher events, Clock clock) {
		this.store = store;
		this.events = events;
		this.clock = clock;
	}

	/** The person's agreement now; off when they never opted in or withdrew. */
	@Transactional(readOnly = true)
	public StatisticsAgreement of(PersonId person) {
		return store.find(person).orElseGet(() -> StatisticsAgreement.off(person));
	}

	/**
	 * The next {@code limit} agreements of contributing persons after {@code after} (in person id order; null: from
	 * the first), locked until the caller's transaction ends: a change or withdrawal of one of these persons waits for
	 * it, so that what is derived from them in that transaction stays true when it commits.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<StatisticsAgreement> lockedAfter(PersonId after, int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("A page holds at least one agreement");
		}
		return store.lockedAfter(after == null ? new UUID(0, 0) : after.value(), limit);
	}

	/**
	 * The person sets the categories that count (none: they withdraw). Only the person may (role MIGRANT, their own
	 * record); a category without countable facts is refused naming the field.
	 */
	@Transactional
	public StatisticsAgreement set(Requester by, PersonId person, Jurisdiction home, Set<Category> categories) {
		Grants.requirePerson(by, person);
		Set<Category> notOffered = categories.stream().filter(c -> !OFFERED.contains(c)).collect(Collectors.toSet());
		if (!notOffered.isEmpty()) {
			throw new BadInput("categories", "statistics count only " + sorted(OFFERED) + "; not " + sorted(notOffered));
		}
		store.lock(person);
		StatisticsAgreement agreement;
		if (categories.isEmpty()) {
			store.delete(person);
			agreement = StatisticsAgreement.off(person);
		}
		else {
			agreement = new StatisticsAgreement(person, categories, Optional.of(now()));
			store.save(agreement, by.subject());
		}
		events.publishEvent(new StatisticsConsentChanged(person, home, agreement.categories()));
		return agreement;
	}

	/** Forgets the agreement of an erased person, as a withdrawal (inside the erasure's transaction). */
	void forget(PersonId person, Jurisdiction home) {
		if (store.delete(person)) {
			events.publishEvent(new StatisticsConsentChanged(person, home, Set.of()));
		}
	}

	private static String sorted(Set<Category> categories) {
		return categories.stream().sorted().map(Category::name).collect(Collectors.joining(", "));
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}
}
