package org.carnet.graphql.read;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * What the audit costs a reader in time: {@code carnet.reads.held} (tag {@code outcome}), how long a GraphQL response
 * whose request read or looked up persons waited, once executed, for its access events to be durable. The append
 * starts when consent is decided and runs while the entries load ({@link ReadAudit}), so this is the part of it that
 * execution did not hide: 0 when the events were durable first. {@code released}: the response then left with its
 * data; {@code withheld}: an event could not be written and the response left without data. Requests that left no
 * access event here (mutations, which append in their own transaction, or {@code me}) are not timed.
 */
@Component
class HeldResponses {

	private final Timer released;

	private final Timer withheld;

	HeldResponses(MeterRegistry registry) {
		this.released = timer(registry, "released");
		this.withheld = timer(registry, "withheld");
	}

	void released(long nanos) {
		released.record(nanos, TimeUnit.NANOSECONDS);
	}

	void withheld(long nanos) {
		withheld.record(nanos, TimeUnit.NANOSECONDS);
	}

	private static Timer timer(MeterRegistry registry, String outcome) {
		return Timer.builder("carnet.reads.held")
			.description("Time a response that read or looked up persons waited after execution for its access events "
					+ "to be durable")
			.tag("outcome", outcome)
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofNanos(100_000))
			.maximumExpectedValue(Duration.ofSeconds(5))
			.register(registry);
	}
}
