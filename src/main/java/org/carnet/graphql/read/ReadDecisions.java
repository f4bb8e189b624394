package org.carnet.graphql.read;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import graphql.GraphQLContext;
import org.carnet.consent.Access;
import org.carnet.consent.ConsentDecision;
import org.carnet.consent.ConsentDecisions;
import org.carnet.consent.ConsentPolicies;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.record.Person;

/**
 * The consent decisions of one request: one decision per person and purpose, covering every category, asked of the
 * consent module once. The look-ups decide for all the persons they found with one grant look-up; the consent gate
 * then only reads the decision of its field's category (and decides the same way for a person it meets first, such
 * as the one a registration returns).
 */
final class ReadDecisions {

	static final String KEY = "readDecisions";

	private static final Set<Category> ALL = Set.of(Category.values());

	private final ConsentDecisions consent;

	private final Requester requester;

	private final ConsentPolicies policies;

	private final Map<PersonPurpose, Map<Category, ConsentDecision>> decided = new ConcurrentHashMap<>();

	ReadDecisions(ConsentDecisions consent, ConsentPolicies policies, Requester requester) {
		this.consent = consent;
		this.policies = policies;
		this.requester = requester;
	}

	static ReadDecisions of(GraphQLContext context) {
		ReadDecisions decisions = context.get(KEY);
		if (decisions == null) {
			throw new IllegalStateException("No read decisions: the GraphQL request did not pass the interceptor");
		}
		return decisions;
	}

	/** Decides for every category of these persons not decided yet for {@code purpose}: one grant look-up for all. */
	void decide(Collection<Person> persons, Purpose purpose) {
		Map<PersonId, Jurisdiction> undecided = new LinkedHashMap<>();
		for (Person person : persons) {
			if (!decided.containsKey(new PersonPurpose(person.id(), purpose))) {
				undecided.put(person.id(), person.homeJurisdiction());
			}
		}
		if (undecided.isEmpty()) {
			return;
		}
		consent.decideAll(requester, undecided, ALL, Access.READ, purpose)
			.forEach((id, decisions) -> decided.putIfAbsent(new PersonPurpose(id, purpose), decisions));
	}

	/** The decision for one category of the person and purpose, deciding the person first if not done yet. */
	ConsentDecision decision(Person person, Purpose purpose, Category category) {
		Map<Category, ConsentDecision> decisions = decided.get(new PersonPurpose(person.id(), purpose));
		if (decisions == null) {
			decide(List.of(person), purpose);
			decisions = decided.get(new PersonPurpose(person.id(), purpose));
		}
		return decisions.get(category);
	}

	/**
	 * True when the person's home policy hides restrictions from requesters ({@code reads.restrictions: hidden}) and
	 * the requester is someone else: a withheld category then answers as an empty one, without an error.
	 */
	boolean hidden(Person person) {
		return !requester.is(person.id()) && policies.of(person.homeJurisdiction()).restrictionsHidden();
	}

	/**
	 * The notice every read of this person carries for this requester: the same sentence whether or not anything is
	 * withheld where restrictions are hidden; null otherwise (and for the person themself).
	 */
	String notice(Person person) {
		return hidden(person) ? NOTICE : null;
	}

	/** The notice of a read where restrictions are hidden (the portal shows it in the reader's language). */
	static final String NOTICE = "This record may be incomplete: the person may have chosen not to share parts of it.";

	private record PersonPurpose(PersonId person, Purpose purpose) {
	}
}
