package org.carnet.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.Ledger;
import org.carnet.consent.GrantId;
import org.carnet.core.CarnetException;
import org.carnet.core.Category;
import org.carnet.core.Forbidden;
import org.carnet.core.NotFound;
import org.carnet.core.Unavailable;
import org.carnet.record.Person;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the access ledger for the API: a change and its event in one transaction (nothing changes unaudited), a
 * refused attempt as a DENIED event, and a request's reads before its response leaves (fail closed).
 */
@Component
class AuditTrail {

	private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

	private final Ledger ledger;

	private final TransactionTemplate transactions;

	AuditTrail(Ledger ledger, TransactionTemplate transactions) {
		this.ledger = ledger;
		this.transactions = transactions;
	}

	/**
	 * Runs {@code change} and appends the event it describes in the same transaction. A refusal (no consent, wrong
	 * role, not found) is recorded as a DENIED event of the same action, then passed on.
	 */
	<T> T change(RequestScope scope, String operation, AccessAction action, Supplier<T> change,
			Function<T, AccessEvent> event) {
		return change(scope, operation, action, AccessEvent.of(scope.requester(), action, AccessOutcome.DENIED), change,
				event);
	}

	/** As {@link #change(RequestScope, String, AccessAction, Supplier, Function)}, recording {@code refusal}. */
	<T> T change(RequestScope scope, String operation, AccessAction action, AccessEvent refusal, Supplier<T> change,
			Function<T, AccessEvent> event) {
		try {
			return transactions.execute(tx -> {
				T result = change.get();
				ledger.appendInTransaction(event.apply(result).withOperation(operation, scope.requestId()));
				return result;
			});
		}
		catch (Forbidden | NotFound | ConsentRequired ex) {
			refused(scope, operation, refusal);
			throw ex;
		}
	}

	/** Appends an event outside a transaction; throws {@link Unavailable} when the ledger cannot take it. */
	void append(RequestScope scope, String operation, AccessEvent draft) {
		ledger.append(draft.withOperation(operation, scope.requestId()));
	}

	/** Appends an event of a task outside any request; throws {@link Unavailable} when the ledger cannot take it. */
	void system(String operation, AccessEvent draft) {
		ledger.append(draft.withOperation(operation, null));
	}

	/** Records a refused attempt; the refusal stands even when the ledger cannot take the event (it is logged). */
	void refused(RequestScope scope, String operation, AccessEvent draft) {
		try {
			ledger.append(draft.withOperation(operation, scope.requestId()));
		}
		catch (CarnetException ex) {
			log.error("Could not record a refused {} by {} (request {}): {}", draft.action(), draft.requesterSubject(),
					scope.requestId(), ex.getMessage());
		}
	}

	/**
	 * Appends one READ event per person and purpose the request touched (a look-up without health fields included:
	 * nothing served or withheld), with the categories served and withheld and the grants used, and one LOOKUP_MISSED
	 * event counting the look-ups that found nobody. Throws {@link Unavailable} when the ledger cannot take them: the
	 * caller then answers without data.
	 */
	void reads(RequestScope scope, String operation) {
		List<CompletableFuture<AccessEvent>> appends = new ArrayList<>();
		for (PersonReads reads : scope.reads()) {
			Person person = reads.person();
			Set<Category> served = reads.served();
			Set<Category> withheld = reads.withheld();
			AccessOutcome outcome = reads.hasFailed() ? AccessOutcome.ERROR
					: served.isEmpty() && !withheld.isEmpty() ? AccessOutcome.DENIED
							: withheld.isEmpty() ? AccessOutcome.SUCCESS : AccessOutcome.PARTIAL;
			appends.add(ledger.appendAsync(AccessEvent.of(scope.requester(), AccessAction.READ, outcome)
				.about(person.id(), person.homeJurisdiction())
				.withPurpose(reads.purpose())
				.withCategories(served, withheld)
				.withGrants(reads.grants().stream().map(GrantId::value).toList())
				.withOperation(operation, scope.requestId())));
		}
		int missed = scope.missedLookups();
		if (missed > 0) {
			appends.add(ledger.appendAsync(AccessEvent.of(scope.requester(), AccessAction.LOOKUP_MISSED,
					AccessOutcome.SUCCESS)
				.withCount(missed)
				.withOperation(operation, scope.requestId())));
		}
		try {
			CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();
		}
		catch (RuntimeException ex) {
			Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
			throw new Unavailable("The access could not be recorded in the audit log, so nothing was served; "
					+ "try again shortly", cause);
		}
	}
}
