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
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Records sign-ins with a user name and password in the access ledger, successful and failed. A failed attempt
 * names the account only when it exists: people type passwords into the name field.
 */
@Component
class LoginAudit {

	private static final Logger log = LoggerFactory.getLogger(LoginAudit.class);

	private static final String UNKNOWN = "(unknown account)";

	private final Ledger ledger;

	private final Users users;

	LoginAudit(Ledger ledger, Users users) {
		this.ledger = ledger;
		this.users = users;
	}

	@EventListener
	void succeeded(AuthenticationSuccessEvent event) {
		if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken token) {
			record(AccessEvent.bySubject(token.getName(), null, AccessAction.LOGIN_SUCCEEDED, AccessOutcome.SUCCESS));
		}
	}

	@EventListener
	void failed(AbstractAuthenticationFailureEvent event) {
		if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken token) {
			String tried = token.getName();
			String subject = tried != null && users.find(tried).isPresent() ? Users.normalise(tried) : UNKNOWN;
			record(AccessEvent.bySubject(subject, null, AccessAction.LOGIN_FAILED, AccessOutcome.DENIED));
		}
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
