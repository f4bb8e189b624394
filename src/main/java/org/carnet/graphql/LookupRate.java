package org.carnet.graphql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The look-ups each requester may still make: a token bucket per requester in PostgreSQL ({@code lookup_allowances}),
 * so that the rate holds for the requester whichever replicas their requests reach. One statement per request that
 * looks anyone up (an upsert that refills, takes and answers, now and then deleting refilled buckets of others on the
 * way), none for the others; a refusal takes nothing.
 */
@Component
class LookupRate {

	/**
	 * Refills the bucket for the time since it was last touched (never beyond the burst), takes {@code wanted} if it
	 * holds that many, and says whether it refused. A new requester starts with a full bucket. Times are the
	 * replica's, so a replica whose clock is behind refills nothing rather than taking back time.
	 */
	private static final String TAKE = """
			insert into lookup_allowances as a (requester_key, tokens, refilled_at, refused)
			values (:key, :burst - :wanted, :now, false)
			on conflict (requester_key) do update set (tokens, refilled_at, refused) = (
			  select case when available >= :wanted then available - :wanted else available end,
			         greatest(a.refilled_at, :now), available < :wanted
			  from (select least(:burst, a.tokens + :perSecond
			                     * greatest(0, extract(epoch from (:now - a.refilled_at))::float8)) as available) refill)
			returning tokens, refused""";

	/** The same, deleting first the buckets of other requesters that have refilled (the same as no bucket). */
	private static final String SWEEP_AND_TAKE = "with swept as (delete from lookup_allowances "
			+ "where refilled_at < :stale and requester_key <> :key) " + TAKE;

	/** How often this replica deletes the buckets that have refilled, within a take (still one statement). */
	private static final Duration SWEEP_EVERY = Duration.ofMinutes(5);

	private final double perSecond;

	private final double burst;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final AtomicReference<Instant> nextSweep = new AtomicReference<>(Instant.MIN);

	@Autowired
	LookupRate(LookupSettings settings, JdbcClient jdbc) {
		this(settings, jdbc, Clock.systemUTC());
	}

	LookupRate(LookupSettings settings, JdbcClient jdbc, Clock clock) {
		this.perSecond = settings.perMinute() / 60.0;
		this.burst = settings.burst();
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Takes {@code lookups} from the requester's allowance if it holds that many; otherwise takes nothing.
	 *
	 * @return 0 when taken, else the whole seconds to wait until that many are available
	 */
	long take(String requester, int lookups) {
		Instant now = clock.instant();
		boolean sweep = sweepDue(now);
		Taken taken = jdbc.sql(sweep ? SWEEP_AND_TAKE : TAKE)
			.param("key", key(requester))
			.param("burst", burst)
			.param("wanted", (double) lookups)
			.param("now", Timestamp.from(now))
			.param("perSecond", perSecond)
			.param("stale", Timestamp.from(now.minusSeconds((long) Math.ceil(burst / perSecond))))
			.query((row, n) -> new Taken(row.getDouble("tokens"), row.getBoolean("refused")))
			.single();
		if (!taken.refused()) {
			return 0;
		}
		return Math.max(1, (long) Math.ceil((lookups - taken.tokens()) / perSecond));
	}

	/** True at most once per {@link #SWEEP_EVERY} on this replica. */
	private boolean sweepDue(Instant now) {
		Instant due = nextSweep.get();
		return !now.isBefore(due) && nextSweep.compareAndSet(due, now.plus(SWEEP_EVERY));
	}

	/** A digest of the requester's subject: what the table holds names nobody. */
	private static String key(String requester) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(requester.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	private record Taken(double tokens, boolean refused) {
	}
}
