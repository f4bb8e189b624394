package org.carnet.consent;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Unavailable;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * The consent decision: may requester R read or write category C of person P for purpose U at time T? Loads the
 * facts once per call (one query, none when the requester's role alone decides) and applies {@link ConsentRules}.
 * Fails closed: when the facts cannot be loaded, it throws {@link Unavailable} rather than answer. Every denied
 * category counts in the meter {@code carnet.consent.denials}, tagged with its {@link DenyReason} and nothing else.
 */
@Service
public class ConsentDecisions {

	private final ConsentFactStore facts;

	private final ConsentPolicies policies;

	private final Clock clock;

	private final MeterRegistry meters;

	ConsentDecisions(ConsentFactStore facts, ConsentPolicies policies, Clock clock, MeterRegistry meters) {
		this.facts = facts;
		this.policies = policies;
		this.clock = clock;
		this.meters = meters;
	}

	/** The decision for one category now. */
	public ConsentDecision decide(Requester requester, PersonId person, Jurisdiction home, Category category,
			Access access, Purpose purpose) {
		return decide(requester, person, home, category, access, purpose, clock.instant());
	}

	/** The decision for one category at {@code time}. */
	public ConsentDecision decide(Requester requester, PersonId person, Jurisdiction home, Category category,
			Access access, Purpose purpose, Instant time) {
		return decideAll(requester, person, home, Set.of(category), access, purpose, time).get(category);
	}

	/** The decisions for several categories now, from a single look-up of grants. */
	public Map<Category, ConsentDecision> decideAll(Requester requester, PersonId person, Jurisdiction home,
			Set<Category> categories, Access access, Purpose purpose) {
		return decideAll(requester, person, home, categories, access, purpose, clock.instant());
	}

	/** The decisions for several categories at {@code time}, from a single look-up of grants. */
	public Map<Category, ConsentDecision> decideAll(Requester requester, PersonId person, Jurisdiction home,
			Set<Category> categories, Access access, Purpose purpose, Instant time) {
		Map<Category, ConsentDecision> decisions = new EnumMap<>(Category.class);
		Optional<ConsentDecision> byRole = ConsentRules.byRoleAlone(requester, person, access, purpose);
		if (byRole.isPresent()) {
			categories.forEach(category -> decisions.put(category, byRole.get()));
		}
		else {
			ConsentFacts loaded = load(requester, person, home, time);
			for (Category category : categories) {
				decisions.put(category, ConsentRules.decide(requester, person, category, access, purpose, time, loaded));
			}
		}
		count(decisions);
		return Collections.unmodifiableMap(decisions);
	}

	/**
	 * The decisions for several categories of each of several persons (given with their home jurisdictions) now, from
	 * a single look-up of grants for all of them: a list read costs one query, not one per person.
	 */
	public Map<PersonId, Map<Category, ConsentDecision>> decideAll(Requester requester, Map<PersonId, Jurisdiction> persons,
			Set<Category> categories, Access access, Purpose purpose) {
		Instant time = clock.instant();
		Map<PersonId, Map<Category, ConsentDecision>> result = new LinkedHashMap<>();
		Map<PersonId, Jurisdiction> toLoad = new LinkedHashMap<>();
		persons.forEach((person, home) -> {
			Optional<ConsentDecision> byRole = ConsentRules.byRoleAlone(requester, person, access, purpose);
			if (byRole.isPresent()) {
				Map<Category, ConsentDecision> decisions = new EnumMap<>(Category.class);
				categories.forEach(category -> decisions.put(category, byRole.get()));
				result.put(person, Collections.unmodifiableMap(decisions));
			}
			else {
				toLoad.put(person, home);
			}
		});
		if (!toLoad.isEmpty()) {
			Map<PersonId, ConsentFacts> loaded;
			try {
				loaded = facts.loadAll(toLoad.keySet(), requester, time);
			}
			catch (DataAccessException ex) {
				throw new Unavailable("Consent could not be checked; nothing was served", ex);
			}
			toLoad.forEach((person, home) -> {
				ConsentFacts personFacts = applyPolicy(loaded.get(person), home);
				Map<Category, ConsentDecision> decisions = new EnumMap<>(Category.class);
				for (Category category : categories) {
					decisions.put(category,
							ConsentRules.decide(requester, person, category, access, purpose, time, personFacts));
				}
				result.put(person, Collections.unmodifiableMap(decisions));
			});
		}
		result.values().forEach(this::count);
		return result;
	}

	/** Counts the denied categories by reason (one mechanism: every decision passes here). */
	private void count(Map<Category, ConsentDecision> decisions) {
		for (ConsentDecision decision : decisions.values()) {
			decision.reason()
				.ifPresent(reason -> Counter.builder("carnet.consent.denials")
					.description("Categories a consent decision denied, by reason")
					.tag("reason", reason.name())
					.register(meters)
					.increment());
		}
	}

	private ConsentFacts load(Requester requester, PersonId person, Jurisdiction home, Instant time) {
		ConsentFacts loaded;
		try {
			loaded = facts.load(person, requester, time);
		}
		catch (DataAccessException ex) {
			throw new Unavailable("Consent could not be checked; nothing was served", ex);
		}
		return applyPolicy(loaded, home);
	}

	/** A jurisdiction that stopped allowing break-glass closes the emergency accesses already open there. */
	private ConsentFacts applyPolicy(ConsentFacts loaded, Jurisdiction home) {
		if (!loaded.emergencyAccesses().isEmpty() && !policies.of(home).breakGlassAllowed()) {
			return new ConsentFacts(loaded.grants(), List.of());
		}
		return loaded;
	}
}
