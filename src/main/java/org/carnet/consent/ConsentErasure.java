package org.carnet.consent;

import org.carnet.core.PersonId;
import org.carnet.record.PersonErased;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Forgets everything the consent module holds about an erased person: grants and their revocations, consent
 * requests, share codes, emergency accesses (whose justifications may describe their health), opt-out,
 * notifications and their preference, guardians and proxies, and the statistics agreement (withdrawn, so that the
 * person's contribution to statistics goes too), in the erasure's own transaction ({@link PersonErased}): if this
 * fails, nothing is erased. The audit ledger, which holds no health values, keeps its own record of what happened.
 */
@Component
class ConsentErasure {

	private final JdbcClient jdbc;

	private final StatisticsAgreements statistics;

	ConsentErasure(JdbcClient jdbc, StatisticsAgreements statistics) {
		this.jdbc = jdbc;
		this.statistics = statistics;
	}

	@EventListener
	void recordErased(PersonErased erased) {
		// a withdrawal first: the statistics module removes the person's contribution while their key still exists
		statistics.forget(erased.person(), erased.homeJurisdiction());
		erase(erased.person());
	}

	/** Deletes the person's consent data, inside the caller's erasure transaction; returns the rows deleted. */
	@Transactional
	int erase(PersonId person) {
		int deleted = 0;
		// revocations go with their grants (on delete cascade)
		for (String table : new String[] { "consent_grants", "consent_requests", "share_codes", "emergency_accesses",
				"break_glass_opt_outs", "notifications", "notification_preferences", "representations" }) {
			deleted += jdbc.sql("delete from " + table + " where person_id = ?").param(person.value()).update();
		}
		return deleted;
	}
}
