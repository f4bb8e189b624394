package org.carnet.consent;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 * Fails closed: when the facts cannot be loaded, it throws {@link Unavailable} rather than answer.
 */
@Service
public class ConsentDecisions {

	private final ConsentFactStore facts;

	private final ConsentPolicies policies;

	private final Clock clock;

	ConsentDecisions(ConsentFactStore facts, ConsentPolicies policies, Clock clock) {
		this.facts = facts;
		this.policies = policies;
		this.clock = clock;
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
		Optional<ConsentDecision> byRole = ConsentRules.byRoleAlone(requester, person, purpose);
		if (byRole.isPresent()) {
			categories.forEach(category -> decisions.put(category, byRole.get()));
			return Collections.unmodifiableMap(decisions);
		}
		ConsentFacts loaded = load(requester, person, home, time);
		for (Category category : categories) {
			decisions.put(category, ConsentRules.decide(requester, person, category, access, purpose, time, loaded));
		}
		return Collections.unmodifiableMap(decisions);
	}

	private ConsentFacts load(Requester requester, PersonId person, Jurisdiction home, Instant time) {
		ConsentFacts loaded;
		try {
			loaded = facts.load(person, requester, time);
		}
		catch (DataAccessException ex) {
			throw new Unavailable("Consent could not be checked; nothing was served", ex);
		}
		// a jurisdiction that stopped allowing break-glass closes the emergency accesses already open there
		if (!loaded.emergencyAccesses().isEmpty() && !policies.of(home).breakGlassAllowed()) {
			return new ConsentFacts(loaded.grants(), List.of());
		}
		return loaded;
	}
}
