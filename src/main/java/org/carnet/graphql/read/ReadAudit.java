package org.carnet.graphql.read;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import graphql.GraphQLContext;
import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.Ledger;
import org.carnet.consent.ConsentDecision;
import org.carnet.consent.GrantId;
import org.carnet.core.Category;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Unavailable;
import org.carnet.graphql.RequestScope;
import org.carnet.record.Person;

/**
 * The audit of one request's reads: what it served and withheld of each person for each purpose, and on which
 * grants, written to the ledger as one READ event per person and purpose (a look-up without health fields included),
 * plus one LOOKUP_MISSED event counting the look-ups that found nobody.
 * <p>
 * Timing: an event's content is known once consent is decided for every field of its person, which is when the
 * entries are about to be loaded ({@link SectionLoader} calls {@link #start()}). Its durable append starts then and
 * runs while the entries are read and decrypted and the answer is assembled; {@link #finish} waits for it before the
 * response is released. A read that fails after its event was started (keys, database, a limit) gets a second READ
 * event with outcome ERROR; a person reached again after the start (deeper in the document) gets a further event with
 * the final tally. No data leaves before the event that records it is durable.
 */
final class ReadAudit {

	static final String KEY = "readAudit";

	private final Ledger ledger;

	private final RequestScope scope;

	private final HeldResponses held;

	/** One tally per person and purpose, so that every purpose used is recorded as it was. */
	private final Map<PersonPurpose, Tally> tallies = new ConcurrentHashMap<>();

	/** Look-ups (by id or PHR number) that found nobody: recorded as one summarising event, never the guesses. */
	private final AtomicInteger missed = new AtomicInteger();

	/** At most two: the events started early and those of the end; each takes one place among the ledger's waiting. */
	private final List<CompletableFuture<List<AccessEvent>>> appends = new ArrayList<>();

	ReadAudit(Ledger ledger, RequestScope scope, HeldResponses held) {
		this.ledger = ledger;
		this.scope = scope;
		this.held = held;
	}

	static ReadAudit of(GraphQLContext context) {
		ReadAudit audit = context.get(KEY);
		if (audit == null) {
			throw new IllegalStateException("No read audit: the GraphQL request did not pass the interceptor");
		}
		return audit;
	}

	/** A look-up found the person: an access even when no health field is asked (it reveals the id and country). */
	void lookedUp(Person person, Purpose purpose) {
		tally(person, purpose);
	}

	/** Look-ups that found nobody. */
	void missed(int lookups) {
		missed.addAndGet(lookups);
	}

	void served(Person person, Purpose purpose, Category category, ConsentDecision decision) {
		tally(person, purpose).served(category, decision);
	}

	void withheld(Person person, Purpose purpose, Category category) {
		tally(person, purpose).withheld(category);
	}

	/** A served field of the person could not be produced (consent, keys, database): nothing of it was answered. */
	void failed(Person person, Purpose purpose) {
		tally(person, purpose).failed();
	}

	/** Loading these persons' entries failed: every read of them that served something failed. */
	void failed(Collection<PersonId> persons) {
		tallies.forEach((key, tally) -> {
			if (persons.contains(key.person().id())) {
				tally.failedIfServed();
			}
		});
	}

	/**
	 * Starts the durable append of every read whose fields have met the consent gate and whose event has not been
	 * started yet: called when the fields about to be loaded are decided, so that the append overlaps the loading.
	 */
	synchronized void start() {
		List<AccessEvent> drafts = new ArrayList<>();
		tallies.forEach((key, tally) -> {
			Snapshot now = tally.snapshot();
			// a look-up whose fields have not met the gate yet (another alias, fetched later) is not known yet
			if (tally.started == null && now.gated()) {
				tally.started = now;
				drafts.add(event(key.person(), key.purpose(), now));
			}
		});
		append(drafts);
	}

	/**
	 * After execution: appends what is still to be said (reads not started yet, reads that failed or grew since their
	 * start, the missed look-ups) and waits until every event of the request is durable.
	 *
	 * @param answered false when the response carries no data at all (a limit stopped the request): reads whose event
	 * was already started then get a second event saying they failed
	 * @throws Unavailable when the ledger could not take an event: the caller then answers without data
	 */
	synchronized void finish(boolean answered) {
		List<AccessEvent> drafts = new ArrayList<>();
		tallies.forEach((key, tally) -> {
			Snapshot now = tally.snapshot();
			if (tally.started == null) {
				drafts.add(event(key.person(), key.purpose(), now));
			}
			else if (now.failed() || (!answered && !tally.started.served().isEmpty())) {
				drafts.add(event(key.person(), key.purpose(), now.asFailed()));
			}
			else if (!now.equals(tally.started)) {
				drafts.add(event(key.person(), key.purpose(), now));
			}
		});
		int lookups = missed.get();
		if (lookups > 0) {
			drafts.add(AccessEvent.of(scope.requester(), AccessAction.LOOKUP_MISSED, AccessOutcome.SUCCESS)
				.withCount(lookups)
				.withOperation(scope.operationName(), scope.requestId()));
		}
		append(drafts);
		if (appends.isEmpty()) {
			return;
		}
		long executed = System.nanoTime();
		try {
			CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();
		}
		catch (RuntimeException ex) {
			held.withheld(System.nanoTime() - executed);
			Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
			throw new Unavailable("The access could not be recorded in the audit log, so nothing was served; "
					+ "try again shortly", cause);
		}
		held.released(System.nanoTime() - executed);
	}

	private void append(List<AccessEvent> drafts) {
		if (!drafts.isEmpty()) {
			appends.add(ledger.appendAllAsync(drafts));
		}
	}

	private AccessEvent event(Person person, Purpose purpose, Snapshot read) {
		return AccessEvent.of(scope.requester(), AccessAction.READ, read.outcome())
			.about(person.id(), person.homeJurisdiction())
			.withPurpose(purpose)
			.withCategories(read.served(), read.withheld())
			.withGrants(read.grants().stream().map(GrantId::value).toList())
			.withOperation(scope.operationName(), scope.requestId());
	}

	private Tally tally(Person person, Purpose purpose) {
		return tallies.computeIfAbsent(new PersonPurpose(person, purpose), key -> new Tally());
	}

	private record PersonPurpose(Person person, Purpose purpose) {
	}

	/** What was read of one person for one purpose so far. */
	private static final class Tally {

		private final Set<Category> served = EnumSet.noneOf(Category.class);

		private final Set<Category> withheld = EnumSet.noneOf(Category.class);

		private final Set<GrantId> grants = new LinkedHashSet<>();

		private boolean failed;

		/** What the event started early said; null until then. */
		private Snapshot started;

		synchronized void served(Category category, ConsentDecision decision) {
			served.add(category);
			grants.addAll(decision.grants());
		}

		synchronized void withheld(Category category) {
			withheld.add(category);
		}

		synchronized void failed() {
			failed = true;
		}

		synchronized void failedIfServed() {
			if (!served.isEmpty()) {
				failed = true;
			}
		}

		synchronized Snapshot snapshot() {
			return new Snapshot(served.isEmpty() ? Set.of() : EnumSet.copyOf(served),
					withheld.isEmpty() ? Set.of() : EnumSet.copyOf(withheld), Set.copyOf(grants), failed);
		}
	}

	private record Snapshot(Set<Category> served, Set<Category> withheld, Set<GrantId> grants, boolean failed) {

		/** True once a field of the read has met the consent gate (served or withheld). */
		boolean gated() {
			return !served.isEmpty() || !withheld.isEmpty();
		}

		Snapshot asFailed() {
			return new Snapshot(served, withheld, grants, true);
		}

		AccessOutcome outcome() {
			return failed ? AccessOutcome.ERROR
					: served.isEmpty() && !withheld.isEmpty() ? AccessOutcome.DENIED
							: withheld.isEmpty() ? AccessOutcome.SUCCESS : AccessOutcome.PARTIAL;
		}
	}
}
