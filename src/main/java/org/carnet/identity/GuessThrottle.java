package org.carnet.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts guesses (passwords, activation codes) in PostgreSQL, so that limits hold across replicas and restarts.
 * An attempt is <em>reserved</em> before it is checked: in one transaction, each of its counters is locked (row
 * lock, in a fixed order so two attempts cannot deadlock), counted and, at its limit, blocked. N concurrent attempts
 * therefore never get more than the limit through, whatever their timing. A refused attempt counts nothing (its
 * transaction rolls back). Keys hold SHA-256 digests, never the user name or code typed (people type passwords into
 * the user-name field).
 */
@Component
class GuessThrottle {

	/** What a guess is about: the account it targets and where it comes from. */
	record Keys(String accountAndSource, String source, String account) {
	}

	/** The attempt was refused unchecked; trying again after {@code retryAfter} may work. */
	static final class Blocked extends RuntimeException {

		private final Duration retryAfter;

		Blocked(Duration retryAfter) {
			super("throttled", null, false, false);
			this.retryAfter = retryAfter;
		}

		Duration retryAfter() {
			return retryAfter;
		}
	}

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final ThrottleSettings settings;

	private final AtomicInteger reservations = new AtomicInteger();

	GuessThrottle(JdbcClient jdbc, PlatformTransactionManager transactions, ThrottleSettings settings) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.settings = settings;
	}

	/** The keys of an attempt of {@code kind} ("login", "claim") on {@code account} from {@code source}. */
	static Keys keys(String kind, String account, String source) {
		String a = digest(account == null ? "" : account);
		String s = digest(source == null ? "unknown" : source);
		return new Keys(kind + ":as:" + digest(a + "|" + s), kind + ":s:" + s, kind + ":a:" + a);
	}

	/** Counts the attempt against every rule, or refuses it with {@link Blocked} counting nothing. */
	void reserve(Keys keys) {
		Instant now = Instant.now();
		List<Counted> counters = new ArrayList<>(List.of(new Counted(keys.accountAndSource(), settings.accountAndSource()),
				new Counted(keys.source(), settings.source()), new Counted(keys.account(), settings.account())));
		counters.sort(Comparator.comparing(Counted::key));
		ownTransaction.executeWithoutResult(status -> {
			Duration wait = Duration.ZERO;
			List<Runnable> updates = new ArrayList<>(3);
			for (Counted counted : counters) {
				jdbc.sql("""
						insert into guess_counters (throttle_key, failures, strikes, last_failure_at)
						values (:key, 0, 0, :now) on conflict (throttle_key) do nothing""")
					.param("key", counted.key())
					.param("now", Timestamp.from(now))
					.update();
				State state = jdbc.sql("""
						select failures, strikes, last_failure_at, blocked_until from guess_counters
						where throttle_key = :key for update""")
					.param("key", counted.key())
					.query((rows, n) -> new State(rows.getInt("failures"), rows.getInt("strikes"),
							rows.getTimestamp("last_failure_at").toInstant(),
							rows.getTimestamp("blocked_until") == null ? null
									: rows.getTimestamp("blocked_until").toInstant()))
					.single();
				if (state.blockedUntil() != null && state.blockedUntil().isAfter(now)) {
					Duration remaining = Duration.between(now, state.blockedUntil());
					wait = remaining.compareTo(wait) > 0 ? remaining : wait;
					continue;
				}
				State next = state.count(counted.rule(), now);
				updates.add(() -> jdbc.sql("""
						update guess_counters set failures = :failures, strikes = :strikes, last_failure_at = :now,
						  blocked_until = :blockedUntil
						where throttle_key = :key""")
					.param("failures", next.failures())
					.param("strikes", next.strikes())
					.param("now", Timestamp.from(now))
					.param("blockedUntil", next.blockedUntil() == null ? null : Timestamp.from(next.blockedUntil()))
					.param("key", counted.key())
					.update());
			}
			if (!wait.isZero()) {
				throw new Blocked(wait);
			}
			updates.forEach(Runnable::run);
		});
		if ((reservations.incrementAndGet() & 0xFF) == 0) {
			forgetIdle(now);
		}
	}

	/**
	 * The attempt succeeded: the account's counters start again (only the owner gets here); the source's counter
	 * gives back this attempt, so that signing in to one's own account does not wipe a source's guesses elsewhere.
	 */
	void succeeded(Keys keys) {
		ownTransaction.executeWithoutResult(status -> {
			jdbc.sql("delete from guess_counters where throttle_key in (:accountAndSource, :account)")
				.param("accountAndSource", keys.accountAndSource())
				.param("account", keys.account())
				.update();
			jdbc.sql("update guess_counters set failures = greatest(failures - 1, 0) where throttle_key = :source")
				.param("source", keys.source())
				.update();
		});
	}

	private void forgetIdle(Instant now) {
		Duration longest = settings.accountAndSource().forgetAfter();
		for (ThrottleSettings.Rule rule : List.of(settings.source(), settings.account())) {
			longest = rule.forgetAfter().compareTo(longest) > 0 ? rule.forgetAfter() : longest;
		}
		jdbc.sql("""
				delete from guess_counters where last_failure_at < :idleSince
				and (blocked_until is null or blocked_until < :now)""")
			.param("idleSince", Timestamp.from(now.minus(longest)))
			.param("now", Timestamp.from(now))
			.update();
	}

	static String digest(String text) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Counted(String key, ThrottleSettings.Rule rule) {
	}

	private record State(int failures, int strikes, Instant lastFailureAt, Instant blockedUntil) {

		/** This attempt counted: at the limit, a block doubling with each strike; idle counters start again. */
		State count(ThrottleSettings.Rule rule, Instant now) {
			boolean forgotten = !lastFailureAt.plus(rule.forgetAfter()).isAfter(now);
			int counted = (forgotten ? 0 : failures) + 1;
			int earlierStrikes = forgotten ? 0 : strikes;
			if (counted >= rule.maxFailures()) {
				return new State(0, earlierStrikes + 1, now, now.plus(rule.block(earlierStrikes)));
			}
			return new State(counted, earlierStrikes, now, null);
		}
	}
}
