package org.carnet.audit;

import java.time.Duration;
import java.util.List;

import org.carnet.core.TimedCheck;
import org.carnet.core.Unavailable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Whether the ledger can append now ({@code ledger} in the readiness group), without writing an event per probe:
 * every stream's writer runs, fewer callers wait than {@code carnet.audit.max-waiting}, and a transaction that is
 * rolled back takes the locks an append takes, within {@code carnet.health.timeout}: the insert lock on
 * {@code access_events} (refused on a read-only server or standby, and blocked by anyone holding the table) and every
 * stream head {@code for update} (blocked by a transaction that holds a head). Nothing is written; the heads are held
 * for the microseconds between lock and rollback.
 */
@Component
class LedgerHealthIndicator implements HealthIndicator {

	private final Ledger ledger;

	private final TimedCheck<Integer> locks;

	LedgerHealthIndicator(Ledger ledger, JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
			@Value("${carnet.health.timeout:2s}") Duration timeout) {
		this.ledger = ledger;
		TransactionTemplate transactions = new TransactionTemplate(transactionManager);
		// the locks wait at most half the deadline, so that the probe answers with PostgreSQL's own refusal
		long lockMillis = Math.max(1, timeout.toMillis() / 2);
		this.locks = new TimedCheck<>("ledger", timeout, () -> transactions.execute(status -> {
			status.setRollbackOnly();
			jdbc.execute("set local lock_timeout = " + lockMillis);
			jdbc.execute("set local statement_timeout = " + timeout.toMillis());
			jdbc.execute("lock table access_events in row exclusive mode");
			List<Integer> heads = jdbc.queryForList(
					"select stream from access_stream_heads order by stream for update", Integer.class);
			return heads.size();
		}));
	}

	@Override
	public Health health() {
		int streams = ledger.streams();
		int running = ledger.runningWriters();
		if (running < streams) {
			return Health.down().withDetail("reason", "writers stopped").withDetail("runningWriters", running).build();
		}
		if (ledger.saturated()) {
			return Health.down().withDetail("reason", "carnet.audit.max-waiting callers wait").build();
		}
		try {
			int heads = locks.run();
			return Health.up().withDetail("streams", streams).withDetail("heads", heads).build();
		}
		catch (Unavailable ex) {
			String reason = ex.getCause() == null ? ex.getMessage() : StreamWriter.describe(ex.getCause());
			return Health.down().withDetail("reason", reason).build();
		}
	}
}
