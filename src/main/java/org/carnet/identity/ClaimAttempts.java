package org.carnet.identity;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.carnet.core.PhrNumber;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts wrong activation attempts per PHR number, per client address and in total, in the database so that the
 * limits hold across restarts and replicas. Counts are committed on their own, whatever happens to the caller's
 * transaction. Whether the PHR number exists plays no part.
 */
@Component
class ClaimAttempts {

	private static final String TOTAL = "total";

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final IdentitySettings.Claim limits;

	ClaimAttempts(JdbcClient jdbc, PlatformTransactionManager transactions, IdentitySettings settings) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.limits = settings.claim();
	}

	/** Refuses with {@link ClaimThrottled} while any of the counters concerned is at its limit. */
	void check(PhrNumber phr, String address) {
		Instant now = Instant.now();
		List<Limit> concerned = concerned(phr, address);
		Duration wait = Duration.ZERO;
		for (Limit limit : concerned) {
			Duration remaining = jdbc.sql("""
					select failures, window_started_at from claim_attempts
					where throttle_key = :key and window_started_at > :windowStart""")
				.param("key", limit.key())
				.param("windowStart", Timestamp.from(now.minus(limits.window())))
				.query((rows, n) -> rows.getInt("failures") >= limit.max()
						? Duration.between(now, rows.getTimestamp("window_started_at").toInstant().plus(limits.window()))
						: Duration.ZERO)
				.optional()
				.orElse(Duration.ZERO);
			if (remaining.compareTo(wait) > 0) {
				wait = remaining;
			}
		}
		if (!wait.isZero()) {
			throw new ClaimThrottled(wait);
		}
	}

	void recordFailure(PhrNumber phr, String address) {
		Instant now = Instant.now();
		ownTransaction.executeWithoutResult(status -> {
			for (Limit limit : concerned(phr, address)) {
				jdbc.sql("""
						insert into claim_attempts (throttle_key, failures, window_started_at) values (:key, 1, :now)
						on conflict (throttle_key) do update set
						  failures = case when claim_attempts.window_started_at <= :windowStart then 1
						                  else claim_attempts.failures + 1 end,
						  window_started_at = case when claim_attempts.window_started_at <= :windowStart then :now
						                           else claim_attempts.window_started_at end""")
					.param("key", limit.key())
					.param("now", Timestamp.from(now))
					.param("windowStart", Timestamp.from(now.minus(limits.window())))
					.update();
			}
			jdbc.sql("delete from claim_attempts where window_started_at <= :windowStart")
				.param("windowStart", Timestamp.from(now.minus(limits.window())))
				.update();
		});
	}

	/** After a successful claim the number's counter starts again; the address and total counters do not. */
	void clear(PhrNumber phr) {
		ownTransaction.executeWithoutResult(status -> jdbc.sql("delete from claim_attempts where throttle_key = :key")
			.param("key", phrKey(phr))
			.update());
	}

	private List<Limit> concerned(PhrNumber phr, String address) {
		List<Limit> concerned = new ArrayList<>(3);
		concerned.add(new Limit(phrKey(phr), limits.maxFailuresPerPhrNumber()));
		if (address != null && !address.isBlank()) {
			concerned.add(new Limit("address:" + address, limits.maxFailuresPerAddress()));
		}
		concerned.add(new Limit(TOTAL, limits.maxFailuresInTotal()));
		return concerned;
	}

	private static String phrKey(PhrNumber phr) {
		return "phr:" + phr.value();
	}

	private record Limit(String key, int max) {
	}
}
