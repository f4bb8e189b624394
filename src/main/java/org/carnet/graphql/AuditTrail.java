package org.carnet.graphql;

import java.util.function.Function;
import java.util.function.Supplier;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.Ledger;
import org.carnet.core.CarnetException;
import org.carnet.core.Forbidden;
import org.carnet.core.NotFound;
import org.carnet.core.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the access ledger for the API: a change and its event in one transaction (nothing changes unaudited), a
 * refused attempt as a DENIED event. A request's reads are audited by {@code ReadAudit}.
 */
@Component
public class AuditTrail {

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
	public <T> T change(RequestScope scope, String operation, AccessAction action, Supplier<T> change,
			Function<T, AccessEvent> event) {
		return change(scope, operation, action, AccessEvent.of(scope.requester(), action, AccessOutcome.DENIED), change,
				event);
	}

	/** As {@link #change(RequestScope, String, AccessAction, Supplier, Function)}, recording {@code refusal}. */
	public <T> T change(RequestScope scope, String operation, AccessAction action, AccessEvent refusal,
			Supplier<T> change, Function<T, AccessEvent> event) {
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
	public void append(RequestScope scope, String operation, AccessEvent draft) {
		ledger.append(draft.withOperation(operation, scope.requestId()));
	}

	/** Appends an event of a task outside any request; throws {@link Unavailable} when the ledger cannot take it. */
	public void system(String operation, AccessEvent draft) {
		ledger.append(draft.withOperation(operation, null));
	}

	/** Records a refused attempt; the refusal stands even when the ledger cannot take the event (it is logged). */
	public void refused(RequestScope scope, String operation, AccessEvent draft) {
		try {
			ledger.append(draft.withOperation(operation, scope.requestId()));
		}
		catch (CarnetException ex) {
			log.error("Could not record a refused {} by {} (request {}): {}", draft.action(), draft.requesterSubject(),
					scope.requestId(), ex.getMessage());
		}
	}
}
