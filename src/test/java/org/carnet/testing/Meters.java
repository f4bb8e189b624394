package org.carnet.testing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Reads the application's meters in tests, as an operator's dashboard would. */
public final class Meters {

	private Meters() {
	}

	/** The sum of the counters named {@code name} with the given tags (key, value, key, value...), 0 when none. */
	public static long count(MeterRegistry registry, String name, String... tags) {
		return (long) registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
	}

	/** Calls to the key service to unwrap data keys, since start. */
	public static long unwrapCalls(MeterRegistry registry) {
		return count(registry, "carnet.keyring.calls", "operation", "unwrap");
	}
}
