package org.carnet.identity;

import java.util.List;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.Ledger;
import org.carnet.record.PersonErased;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Ends an erased person's access, in the erasure's own transaction (if this fails, nothing is erased): the account
 * bound to the record is closed (it signs in no more, and the API refuses its tokens, see {@link OpenAccountTokens}),
 * every authorization the authorization server holds for it (refresh and access tokens, of every client) is deleted,
 * its HTTP sessions (portal and sign-in, on every replica: they live in PostgreSQL) are deleted with what they
 * held, an unused activation code goes, and the closing is recorded in the access ledger.
 */
@Component
class AccountClosure {

	private static final Logger log = LoggerFactory.getLogger(AccountClosure.class);

	private final UserStore users;

	private final JdbcClient jdbc;

	private final Ledger ledger;

	AccountClosure(UserStore users, JdbcClient jdbc, Ledger ledger) {
		this.users = users;
		this.jdbc = jdbc;
		this.ledger = ledger;
	}

	@EventListener
	void recordErased(PersonErased erased) {
		List<String> closed = users.closeAccountsOf(erased.person());
		for (String username : closed) {
			int authorizations = jdbc.sql("delete from oauth2_authorization where principal_name = :name")
				.param("name", username)
				.update();
			jdbc.sql("delete from oauth2_authorization_consent where principal_name = :name")
				.param("name", username)
				.update();
			// its sessions on every replica, with what they held (tokens, the greeting's given names, share codes)
			int sessions = jdbc.sql("delete from spring_session where principal_name = :name")
				.param("name", username)
				.update();
			ledger.appendInTransaction(AccessEvent.bySubject(Accounts.SYSTEM, null, AccessAction.ACCOUNT_CLOSED,
					AccessOutcome.SUCCESS)
				.about(erased.person(), erased.homeJurisdiction())
				.withTarget(AccessEvent.userTarget(username))
				.withOperation("erasure", null));
			// the user name may be the person's name: the record's id only
			log.info("Closed the account of erased record {}: {} authorizations revoked, {} sessions ended",
					erased.person(), authorizations, sessions);
		}
		jdbc.sql("delete from activation_codes where person_id = :person")
			.param("person", erased.person().value())
			.update();
	}
}
