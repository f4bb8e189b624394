package org.carnet.identity;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.Ledger;
import org.carnet.core.CarnetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Records sign-ins with a user name and password in the access ledger. A success, and a failure against an existing
 * account, are each one event naming the account (the throttle bounds how many a guesser can cause). Failures that
 * name no existing account, and attempts the throttle refused unchecked, go through {@link FailureTally}: one event
 * per source and window, then a summary with their number, so an anonymous guesser cannot flood the ledger. A
 * failure names the account only when it exists: people type passwords into the name field.
 */
@Component
class LoginAudit {

	private static final Logger log = LoggerFactory.getLogger(LoginAudit.class);

	private final Ledger ledger;

	private final UserStore users;

	private final FailureTally tally;

	LoginAudit(Ledger ledger, UserStore users, FailureTally tally) {
		this.ledger = ledger;
		this.users = users;
		this.tally = tally;
	}

	@EventListener
	void succeeded(AuthenticationSuccessEvent event) {
		if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken token) {
			record(AccessEvent.bySubject(token.getName(), null, AccessAction.LOGIN_SUCCEEDED, AccessOutcome.SUCCESS));
		}
	}

	/** A wrong password (or no such account), checked; {@code name} is normalised and free of control characters. */
	void failed(String name, String sourceKey) {
		if (exists(name)) {
			record(AccessEvent.bySubject(name, null, AccessAction.LOGIN_FAILED, AccessOutcome.DENIED)
				.withOperation("login", null));
		}
		else {
			tally.failed("login", sourceKey, AccessAction.LOGIN_FAILED, FailureTally.UNKNOWN);
		}
	}

	/** An attempt refused unchecked by the throttle: tallied per source; the first of a window names the account. */
	void throttled(String name, String sourceKey) {
		tally.failed("login throttled", sourceKey, AccessAction.LOGIN_FAILED,
				exists(name) ? name : FailureTally.UNKNOWN);
	}

	private boolean exists(String name) {
		return name != null && !name.isEmpty() && users.find(name).isPresent();
	}

	private void record(AccessEvent event) {
		try {
			ledger.append(event);
		}
		catch (CarnetException ex) {
			log.error("Could not record {} of {} in the access ledger: {}", event.action(), event.requesterSubject(),
					ex.getMessage());
		}
	}
}
