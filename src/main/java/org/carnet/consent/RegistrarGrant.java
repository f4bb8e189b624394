package org.carnet.consent;

import java.util.List;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.Ledger;
import org.carnet.record.PersonRegistered;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the registrar of a new record the initial grant that lets them complete it ({@link Grants#grantToRegistrar}),
 * in the registration's own transaction (if this fails, nobody is registered), and records the grant in the access
 * ledger like any other: a CONSENT_GRANTED event naming the grant and its grantee.
 */
@Component
class RegistrarGrant {

	private final Grants grants;

	private final Ledger ledger;

	RegistrarGrant(Grants grants, Ledger ledger) {
		this.grants = grants;
		this.ledger = ledger;
	}

	@EventListener
	void personRegistered(PersonRegistered registered) {
		ConsentGrant grant = grants.grantToRegistrar(registered.person(), registered.homeJurisdiction(),
				registered.registrar());
		ledger.appendInTransaction(AccessEvent.of(registered.registrar(), AccessAction.CONSENT_GRANTED,
				AccessOutcome.SUCCESS)
			.about(registered.person(), registered.homeJurisdiction())
			.withGrants(List.of(grant.id().value()))
			.withTarget(AccessEvent.userTarget(registered.registrar().subject()))
			.withOperation(registered.operation(), registered.requestId()));
	}
}
