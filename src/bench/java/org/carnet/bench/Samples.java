package org.carnet.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The operations of one measured window: when each started (nanoseconds since the window opened), how long it took,
 * whether it succeeded; and the first few failures, for the report.
 */
final class Samples {

	private long[] starts = new long[1 << 14];

	private long[] latencies = new long[1 << 14];

	private boolean[] ok = new boolean[1 << 14];

	private int size;

	private final List<String> failures = new ArrayList<>();

	private long windowNanos;

	synchronized void record(long start, long latency, boolean success, String failure) {
		if (size == starts.length) {
			starts = Arrays.copyOf(starts, size * 2);
			latencies = Arrays.copyOf(latencies, size * 2);
			ok = Arrays.copyOf(ok, size * 2);
		}
		starts[size] = start;
		latencies[size] = latency;
		ok[size] = success;
		size++;
		if (!success && failures.size() < 5 && failure != null) {
			failures.add(failure.length() > 300 ? failure.substring(0, 300) + "..." : failure);
		}
	}

	synchronized void window(long nanos) {
		this.windowNanos = nanos;
	}

	synchronized long windowNanos() {
		return windowNanos;
	}

	synchronized int size() {
		return size;
	}

	synchronized int errors() {
		int errors = 0;
		for (int i = 0; i < size; i++) {
			if (!ok[i]) {
				errors++;
			}
		}
		return errors;
	}

	synchronized List<String> failures() {
		return List.copyOf(failures);
	}

	/** All latencies, sorted, in nanoseconds. */
	synchronized long[] sortedLatencies() {
		long[] sorted = Arrays.copyOf(latencies, size);
		Arrays.sort(sorted);
		return sorted;
	}

	/** Per second of the window: {second, count, p50 ns, p99 ns, max ns}, by start time. */
	synchronized List<long[]> perSecond() {
		List<long[]> seconds = new ArrayList<>();
		int buckets = (int) (windowNanos / 1_000_000_000L) + 1;
		List<List<Long>> byBucket = new ArrayList<>();
		for (int b = 0; b < buckets; b++) {
			byBucket.add(new ArrayList<>());
		}
		for (int i = 0; i < size; i++) {
			int bucket = (int) Math.min(buckets - 1, Math.max(0, starts[i] / 1_000_000_000L));
			byBucket.get(bucket).add(latencies[i]);
		}
		for (int b = 0; b < buckets; b++) {
			long[] values = byBucket.get(b).stream().mapToLong(Long::longValue).sorted().toArray();
			if (values.length > 0) {
				seconds.add(new long[] { b, values.length, percentile(values, 0.50), percentile(values, 0.99),
						values[values.length - 1] });
			}
		}
		return seconds;
	}

	/**
	 * The windows of several runs of one scenario as one, each run placed after the previous one (as if measured
	 * back to back): for comparisons measured in alternating slices.
	 */
	static Samples concat(List<Samples> parts) {
		Samples all = new Samples();
		long offset = 0;
		for (Samples part : parts) {
			synchronized (part) {
				for (int i = 0; i < part.size; i++) {
					all.record(offset + part.starts[i], part.latencies[i], part.ok[i], null);
				}
				for (String failure : part.failures) {
					if (all.failures.size() < 5) {
						all.failures.add(failure);
					}
				}
				offset += part.windowNanos;
			}
		}
		all.window(offset);
		return all;
	}

	static long percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return 0;
		}
		return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1))];
	}
}
