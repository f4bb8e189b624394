package org.carnet.graphql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The look-ups each requester may still make: a token bucket per requester in PostgreSQL ({@code lookup_allowances}),
 * so that the rate holds for the requester whichever replicas their requests reach. A take from the bucket is one
 * statement (an upsert that refills, takes and answers, now and then deleting refilled buckets of others on the way);
 * a refusal takes nothing.
 * <p>
 * So that most look-ups cost no round trip, a take takes a little more than its request needs when the bucket has
 * plenty, and this replica keeps the rest as the requester's <em>reserve</em>: at most
 * {@code carnet.graphql.lookups.reserve} look-ups, never more than half of what the bucket still holds after the
 * request's own, usable for {@link #RESERVE_LAPSES} after the take. The requester's next requests on this replica are
 * served from the reserve without a statement. A reserve was taken from the shared bucket, so the bucket still bounds
 * what all replicas serve together; what reserves change: over any stretch of time a requester may make at most
 * {@code reserve} look-ups per replica more than the bucket alone would allow (reserves taken before the stretch, spent
 * in it), and their requests on another replica may be refused while up to {@code reserve} look-ups wait unused in a
 * reserve here, for at most {@link #RESERVE_LAPSES}.
 */
@Component
class LookupRate {

	/**
	 * Refills the bucket for the time since it was last touched (never beyond the burst); if it holds {@code needed},
	 * takes that plus a reserve (at most {@code reserve}, at most half of what remains), else takes nothing and says it
	 * refused. A new requester starts with a full bucket. Times are the replica's, so a replica whose clock is behind
	 * refills nothing rather than taking back time.
	 */
	private static final String TAKE = """
			insert into lookup_allowances as a (requester_key, tokens, refilled_at, refused, taken)
			values (:key, :burst - :needed - least(:reserve, floor((:burst - :needed) / 2)), :now, false,
			        :needed + least(:reserve, floor((:burst - :needed) / 2)))
			on conflict (requester_key) do update set (tokens, refilled_at, refused, taken) = (
			  select take.available - take.taken, greatest(a.refilled_at, :now), take.available < :needed, take.taken
			  from (select available,
			               case when available >= :needed
			                    then :needed + least(:reserve, floor((available - :needed) / 2)) else 0 end as taken
			        from (select least(:burst, a.tokens + :perSecond
			                           * greatest(0, extract(epoch from (:now - a.refilled_at))::float8)) as available)
			             refill) take)
			returning tokens, refused, taken""";

	/** The same, deleting first the buckets of other requesters that have refilled (the same as no bucket). */
	private static final String SWEEP_AND_TAKE = "with swept as (delete from lookup_allowances "
			+ "where refilled_at < :stale and requester_key <> :key) " + TAKE;

	/** How often this replica deletes the buckets that have refilled, within a take (still one statement). */
	private static final Duration SWEEP_EVERY = Duration.ofMinutes(5);

	/** How long after its take a reserve may be spent: what bounds the time it may wait unused on this replica. */
	static final Duration RESERVE_LAPSES = Duration.ofSeconds(10);

	private final double perSecond;

	private final double burst;

	private final int reserve;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final AtomicReference<Instant> nextSweep = new AtomicReference<>(Instant.MIN);

	/** The reserves this replica holds, by requester key; lapsed ones are dropped at each sweep. */
	private final Map<String, Reserve> reserves = new ConcurrentHashMap<>();

	@Autowired
	LookupRate(LookupSettings settings, JdbcClient jdbc) {
		this(settings, jdbc, Clock.systemUTC());
	}

	LookupRate(LookupSettings settings, JdbcClient jdbc, Clock clock) {
		this.perSecond = settings.perMinute() / 60.0;
		this.burst = settings.burst();
		this.reserve = settings.reserve();
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Takes {@code lookups} from the requester's reserve on this replica and, for what it lacks, from their allowance,
	 * if that holds enough; otherwise takes nothing.
	 *
	 * @return 0 when taken, else the whole seconds to wait until that many are available
	 */
	long take(String requester, int lookups) {
		Instant now = clock.instant();
		String key = key(requester);
		Reserve held = reserves.get(key);
		int fromReserve = held == null ? 0 : held.take(lookups, now);
		if (fromReserve == lookups) {
			return 0;
		}
		int needed = lookups - fromReserve;
		boolean sweep = sweepDue(now);
		Taken taken = jdbc.sql(sweep ? SWEEP_AND_TAKE : TAKE)
			.param("key", key)
			.param("burst", burst)
			.param("needed", (double) needed)
			.param("reserve", (double) reserve)
			.param("now", Timestamp.from(now))
			.param("perSecond", perSecond)
			.param("stale", Timestamp.from(now.minusSeconds((long) Math.ceil(burst / perSecond))))
			.query((row, n) -> new Taken(row.getDouble("tokens"), row.getBoolean("refused"), row.getDouble("taken")))
			.single();
		if (sweep) {
			reserves.values().removeIf(r -> r.lapsed(now));
		}
		if (taken.refused()) {
			if (fromReserve > 0) {
				// the request is refused as a whole: what it had from the reserve stays there
				held.giveBack(fromReserve);
			}
			return Math.max(1, (long) Math.ceil((needed - taken.tokens()) / perSecond));
		}
		int extra = (int) Math.round(taken.taken()) - needed;
		if (extra > 0) {
			reserves.computeIfAbsent(key, k -> new Reserve()).add(extra, now);
		}
		return 0;
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

	private record Taken(double tokens, boolean refused, double taken) {
	}

	/** Look-ups of one requester taken from the bucket and not yet spent on this replica, until they lapse. */
	private static final class Reserve {

		private int lookups;

		private Instant lapses = Instant.MIN;

		/** Takes all {@code wanted} if the reserve holds them, else as many as it holds (none once lapsed). */
		synchronized int take(int wanted, Instant now) {
			if (lapsed(now)) {
				lookups = 0;
			}
			int taken = Math.min(wanted, lookups);
			lookups -= taken;
			return taken;
		}

		/** Adds look-ups just taken from the bucket; the reserve may be spent until {@link #RESERVE_LAPSES} from now. */
		synchronized void add(int more, Instant now) {
			if (lapsed(now)) {
				lookups = 0;
			}
			lookups += more;
			lapses = now.plus(RESERVE_LAPSES);
		}

		/** Puts back what a refused request had taken from the reserve, which lapses when it would have. */
		synchronized void giveBack(int taken) {
			lookups += taken;
		}

		synchronized boolean lapsed(Instant now) {
			return !now.isBefore(lapses);
		}
	}
}
