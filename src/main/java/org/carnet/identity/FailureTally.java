package org.carnet.identity;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.Ledger;
import org.carnet.core.CarnetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes anonymous failures (sign-ins to no existing account, wrong activation codes, attempts refused by the
 * throttle) to the ledger without one event per guess: per kind and source, the first failure of a window
 * ({@code carnet.identity.throttle.audit-window}, 15 minutes) is an event of its own, the others are counted and
 * written as one summary event naming their number and the window once it has ended (at the next failure of any
 * source). Failures against an existing account are not tallied: their callers record each one, naming the account.
 */
@Component
class FailureTally {

	private static final Logger log = LoggerFactory.getLogger(FailureTally.class);

	/** The requester of an event about no known account. */
	static final String UNKNOWN = "(unknown account)";

	private final JdbcClient jdbc;

	private final Ledger ledger;

	private final TransactionTemplate ownTransaction;

	private final Duration window;

	FailureTally(JdbcClient jdbc, Ledger ledger, PlatformTransactionManager transactions, ThrottleSettings settings) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.window = settings.auditWindow();
	}

	/**
	 * Counts one failure of {@code kind} (also the ledger's operation name, e.g. "login") from the source with this
	 * digest; when it opens a window, an event of {@code action} by {@code subject} is written for it.
	 */
	void failed(String kind, String sourceKey, AccessAction action, String subject) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		Instant windowStart = now.minus(window);
		String key = kind + "|" + sourceKey;
		List<AccessEvent> events = new ArrayList<>(2);
		ownTransaction.executeWithoutResult(status -> {
			jdbc.sql("""
					insert into failure_tallies (tally_key, window_started_at, last_failure_at, failures, unrecorded)
					values (:key, :now, :now, 0, 0) on conflict (tally_key) do nothing""")
				.param("key", key)
				.param("now", Timestamp.from(now))
				.update();
			Tally tally = jdbc.sql("""
					select window_started_at, last_failure_at, failures, unrecorded from failure_tallies
					where tally_key = :key for update""")
				.param("key", key)
				.query((rows, n) -> new Tally(key, rows.getTimestamp("window_started_at").toInstant(),
						rows.getTimestamp("last_failure_at").toInstant(), rows.getInt("failures"),
						rows.getInt("unrecorded")))
				.single();
			boolean opensWindow = tally.failures() == 0 || !tally.windowStartedAt().isAfter(windowStart);
			if (opensWindow) {
				if (tally.unrecorded() > 0) {
					events.add(summary(tally));
				}
				events.add(AccessEvent.bySubject(subject, null, action, AccessOutcome.DENIED)
					.withOperation(kind, null)
					.at(now));
				update(key, now, now, 1, 0);
			}
			else {
				update(key, tally.windowStartedAt(), now, tally.failures() + 1, tally.unrecorded() + 1);
			}
			events.addAll(summariseEndedWindows(windowStart, key));
		});
		for (AccessEvent event : events) {
			try {
				ledger.append(event);
			}
			catch (CarnetException ex) {
				log.error("Could not record a {} of {} in the access ledger: {}", event.action(), kind,
						ex.getMessage());
			}
		}
	}

	/** Ended windows of other sources still holding uncounted failures: their summaries, a few at a time. */
	private List<AccessEvent> summariseEndedWindows(Instant windowStart, String except) {
		List<Tally> ended = jdbc.sql("""
				select tally_key, window_started_at, last_failure_at, failures, unrecorded from failure_tallies
				where window_started_at <= :windowStart and tally_key <> :except
				order by window_started_at limit 20 for update skip locked""")
			.param("windowStart", Timestamp.from(windowStart))
			.param("except", except)
			.query((rows, n) -> new Tally(rows.getString("tally_key"), rows.getTimestamp("window_started_at").toInstant(),
					rows.getTimestamp("last_failure_at").toInstant(), rows.getInt("failures"),
					rows.getInt("unrecorded")))
			.list();
		List<AccessEvent> summaries = new ArrayList<>();
		for (Tally tally : ended) {
			if (tally.unrecorded() > 0) {
				summaries.add(summary(tally));
			}
			jdbc.sql("delete from failure_tallies where tally_key = :key").param("key", tally.key()).update();
		}
		return summaries;
	}

	private AccessEvent summary(Tally tally) {
		String kind = tally.key().substring(0, tally.key().indexOf('|'));
		AccessAction action = kind.startsWith("login") ? AccessAction.LOGIN_FAILED : AccessAction.DENIED;
		return AccessEvent.bySubject(UNKNOWN, null, action, AccessOutcome.DENIED)
			.withOperation(kind + ": " + tally.unrecorded() + " more failed attempts from one source between "
					+ tally.windowStartedAt().truncatedTo(ChronoUnit.SECONDS) + " and "
					+ tally.lastFailureAt().truncatedTo(ChronoUnit.SECONDS), null);
	}

	private void update(String key, Instant windowStartedAt, Instant last, int failures, int unrecorded) {
		jdbc.sql("""
				update failure_tallies set window_started_at = :windowStartedAt, last_failure_at = :last,
				  failures = :failures, unrecorded = :unrecorded
				where tally_key = :key""")
			.param("windowStartedAt", Timestamp.from(windowStartedAt))
			.param("last", Timestamp.from(last))
			.param("failures", failures)
			.param("unrecorded", unrecorded)
			.param("key", key)
			.update();
	}

	private record Tally(String key, Instant windowStartedAt, Instant lastFailureAt, int failures, int unrecorded) {
	}
}
