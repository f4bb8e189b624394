package org.carnet.graphql;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The look-ups each requester may still make: a token bucket per requester, in this replica's memory. Memory, not
 * PostgreSQL, because the read path is hot: a database round trip per request would cost every read throughput to
 * stop a few enumerators. With several replicas a requester gets the rate on each replica it reaches; set the rate
 * per replica accordingly (README: configuration).
 */
final class LookupRate {

	/** Beyond this many requesters remembered, buckets that have refilled (the same as absent) are dropped. */
	private static final int PRUNE_ABOVE = 10_000;

	private final double perNano;

	private final double burst;

	private final LongSupplier nanoTime;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	LookupRate(LookupSettings settings, LongSupplier nanoTime) {
		this.perNano = settings.perMinute() / (double) TimeUnit.MINUTES.toNanos(1);
		this.burst = settings.burst();
		this.nanoTime = nanoTime;
	}

	/**
	 * Takes {@code lookups} from the requester's allowance if it holds that many; otherwise takes nothing.
	 *
	 * @return 0 when taken, else the whole seconds to wait until that many are available
	 */
	long take(String requester, int lookups) {
		long now = nanoTime.getAsLong();
		if (buckets.size() > PRUNE_ABOVE) {
			buckets.values().removeIf(bucket -> bucket.full(now));
		}
		return buckets.computeIfAbsent(requester, key -> new Bucket(now)).take(lookups, now);
	}

	private final class Bucket {

		private double tokens = burst;

		private long at;

		Bucket(long now) {
			this.at = now;
		}

		synchronized long take(int wanted, long now) {
			refill(now);
			if (tokens >= wanted) {
				tokens -= wanted;
				return 0;
			}
			return Math.max(1, (long) Math.ceil((wanted - tokens) / perNano / TimeUnit.SECONDS.toNanos(1)));
		}

		synchronized boolean full(long now) {
			refill(now);
			return tokens >= burst;
		}

		private void refill(long now) {
			tokens = Math.min(burst, tokens + (now - at) * perNano);
			at = now;
		}
	}
}
