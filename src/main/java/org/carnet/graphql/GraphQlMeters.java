package org.carnet.graphql;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import graphql.schema.DataFetcher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The GraphQL timings operators read, under the names and tags of Spring for GraphQL's observations:
 * {@code graphql.request} (tags {@code graphql.outcome}, {@code graphql.operation.type}) once per request, and
 * {@code graphql.datafetcher} (tags {@code graphql.outcome}, {@code graphql.field.name}) per fetcher that does work
 * (controllers, loaders; never the hundreds of property reads of an answer). The tags come from closed sets: the
 * outcome, the operation's type, the schema's field names; never the client's operation name or variables.
 * <p>
 * Recorded by the one instrumentation ({@link RequestInstrumentation}) instead of Spring's observation
 * instrumentation: with a second instrumentation, graphql-java chains both around every field of every answer, which
 * for a whole record (about 560 fields) measured a tenth of the request's CPU.
 */
final class GraphQlMeters {

	static final String SUCCESS = "SUCCESS";

	static final String REQUEST_ERROR = "REQUEST_ERROR";

	private final MeterRegistry registry;

	private final Map<String, Timer> requests = new ConcurrentHashMap<>();

	/** Per field name: the timer of its successful fetches and of those that threw. */
	private final Map<String, Timer[]> fetchers = new ConcurrentHashMap<>();

	GraphQlMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	/** One request, from the start of its execution to its result. */
	void request(String outcome, String operationType, long nanos) {
		requests.computeIfAbsent(outcome + ' ' + operationType, key -> Timer.builder("graphql.request")
			.description("GraphQL requests")
			.tag("graphql.outcome", outcome)
			.tag("graphql.operation.type", operationType)
			.register(registry)).record(nanos, TimeUnit.NANOSECONDS);
	}

	/** The fetcher, timed until its value (or, for an asynchronous one, its future) is complete. */
	DataFetcher<?> timed(DataFetcher<?> fetcher, String field) {
		Timer[] timers = fetchers.computeIfAbsent(field, name -> new Timer[] { fetcherTimer(name, SUCCESS),
				fetcherTimer(name, "ERROR") });
		return environment -> {
			long started = System.nanoTime();
			Object value;
			try {
				value = fetcher.get(environment);
			}
			catch (Exception | Error ex) {
				timers[1].record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
				throw ex;
			}
			if (value instanceof CompletionStage<?> stage) {
				return stage.whenComplete((result, failure) -> timers[failure == null ? 0 : 1]
					.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
			}
			timers[0].record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
			return value;
		};
	}

	private Timer fetcherTimer(String field, String outcome) {
		return Timer.builder("graphql.datafetcher")
			.description("GraphQL fetchers that do work")
			.tag("graphql.outcome", outcome)
			.tag("graphql.field.name", field)
			.register(registry);
	}
}
