package org.carnet.graphql;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import graphql.GraphQLContext;
import org.carnet.consent.Access;
import org.carnet.consent.ConsentDecision;
import org.carnet.consent.ConsentDecisions;
import org.carnet.core.Category;
import org.carnet.core.Forbidden;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.record.Entry;
import org.carnet.record.Person;
import org.carnet.record.Section;

/**
 * What one GraphQL request is about: who asks (captured before execution, so it does not depend on the thread a
 * fetcher runs on), its id, the consent decisions taken (once per person and purpose: one grant look-up for all
 * categories) and what was served and withheld per person and purpose, for the audit records written before the
 * response leaves.
 */
final class RequestScope {

	private static final String KEY = RequestScope.class.getName();

	private final Requester requester;

	private final String requestId;

	private final Map<PersonPurpose, Map<Category, ConsentDecision>> decisions = new ConcurrentHashMap<>();

	/** The audit tally: one entry per person and purpose, so that every purpose used is recorded as it was. */
	private final Map<PersonPurpose, PersonReads> reads = new ConcurrentHashMap<>();

	/** Look-ups (by id or PHR number) that found nobody: recorded as one summarising event, never the guesses. */
	private final AtomicInteger missedLookups = new AtomicInteger();

	/** Entries loaded ahead for the fields asked (and allowed), per person and section. */
	private final Map<PersonId, Map<Section, List<Entry>>> loaded = new ConcurrentHashMap<>();

	private volatile String operationName;

	RequestScope(Requester requester, String requestId, String operationName) {
		this.requester = requester;
		this.requestId = requestId == null ? UUID.randomUUID().toString() : requestId;
		this.operationName = operationName;
	}

	/** The name of the operation being executed, as the document names it (clients need not send it apart). */
	void executing(String name) {
		if (operationName == null) {
			operationName = name;
		}
	}

	/** The operation's name as the client gave it, or null for an anonymous document. */
	String operationName() {
		return operationName;
	}

	/** The name to record for a step: the operation's name, else the field that was asked for. */
	String operation(String field) {
		return operationName != null ? operationName : field;
	}

	static RequestScope of(GraphQLContext context) {
		RequestScope scope = context.get(KEY);
		if (scope == null) {
			throw new IllegalStateException("No request scope: the GraphQL request did not pass the interceptor");
		}
		return scope;
	}

	void attachTo(GraphQLContext.Builder context) {
		context.of(KEY, this);
	}

	Requester requester() {
		return requester;
	}

	/** The signed-in person's own record id, or {@link Forbidden} for anyone who is not a person with a record. */
	PersonId ownRecord(String refusal) {
		return requester.personId().filter(p -> requester.has(Role.MIGRANT)).orElseThrow(() -> new Forbidden(refusal));
	}

	String requestId() {
		return requestId;
	}

	/** The read decision for one category of the person, deciding all categories at the first ask. */
	ConsentDecision readDecision(ConsentDecisions consent, Person person, Purpose purpose, Category category) {
		return decisions
			.computeIfAbsent(new PersonPurpose(person, purpose),
					key -> consent.decideAll(requester, person.id(), person.homeJurisdiction(),
							Set.of(Category.values()), Access.READ, purpose))
			.get(category);
	}

	/** Takes the read decisions of all these persons not decided yet, with one grant look-up for all of them. */
	void decideReads(ConsentDecisions consent, Collection<Person> persons, Purpose purpose) {
		Map<PersonId, Jurisdiction> undecided = new LinkedHashMap<>();
		Map<PersonId, Person> byId = new LinkedHashMap<>();
		for (Person person : persons) {
			if (!decisions.containsKey(new PersonPurpose(person, purpose))) {
				undecided.put(person.id(), person.homeJurisdiction());
				byId.put(person.id(), person);
			}
		}
		if (undecided.isEmpty()) {
			return;
		}
		consent.decideAll(requester, undecided, Set.of(Category.values()), Access.READ, purpose)
			.forEach((id, decided) -> decisions.putIfAbsent(new PersonPurpose(byId.get(id), purpose), decided));
	}

	/** Keeps entries loaded ahead of their fields (only sections whose category was allowed). */
	void loaded(Map<PersonId, Map<Section, List<Entry>>> entries) {
		entries.forEach((person, sections) -> loaded.merge(person, sections, (old, added) -> {
			Map<Section, List<Entry>> merged = new EnumMap<>(Section.class);
			merged.putAll(old);
			merged.putAll(added);
			return merged;
		}));
	}

	/** The entries of one section loaded ahead for every one of these persons, or empty if any of them is missing. */
	Optional<Map<PersonId, List<Entry>>> loaded(Collection<PersonId> persons, Section section) {
		Map<PersonId, List<Entry>> result = new LinkedHashMap<>();
		for (PersonId person : persons) {
			Map<Section, List<Entry>> sections = loaded.get(person);
			List<Entry> entries = sections == null ? null : sections.get(section);
			if (entries == null) {
				return Optional.empty();
			}
			result.put(person, entries);
		}
		return Optional.of(result);
	}

	void served(Person person, Purpose purpose, Category category, ConsentDecision decision) {
		tally(person, purpose).served(category, decision);
	}

	void withheld(Person person, Purpose purpose, Category category) {
		tally(person, purpose).withheld(category);
	}

	void failed(Person person, Purpose purpose) {
		tally(person, purpose).failed();
	}

	/** A look-up found the person: an access even when no health field is asked (it reveals the id and country). */
	void lookedUp(Person person, Purpose purpose) {
		tally(person, purpose);
	}

	/** Look-ups that found nobody. */
	void missed(int lookups) {
		missedLookups.addAndGet(lookups);
	}

	int missedLookups() {
		return missedLookups.get();
	}

	/** What was read, one tally per person and purpose. */
	List<PersonReads> reads() {
		return List.copyOf(reads.values());
	}

	private PersonReads tally(Person person, Purpose purpose) {
		return reads.computeIfAbsent(new PersonPurpose(person, purpose), key -> new PersonReads(person, purpose));
	}

	private record PersonPurpose(Person person, Purpose purpose) {
	}
}
