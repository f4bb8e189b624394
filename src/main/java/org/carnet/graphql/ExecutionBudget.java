package org.carnet.graphql;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.language.OperationDefinition;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.LightDataFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Bounds a request while it executes, for when the estimate made before was too low: every field fetched counts one
 * result node, and the clock runs from the start. Once the result nodes or the execution timeout of
 * {@link GraphQlLimits} are exceeded, no fetcher is called any more (every field answers null at once), and the answer
 * is one BAD_REQUEST error naming the limit, without data. Mutations are bounded before they run (root fields,
 * repetitions, the estimate) and never stopped midway, so that no change is made without its answer.
 */
class ExecutionBudget implements Instrumentation {

	private static final Logger log = LoggerFactory.getLogger(ExecutionBudget.class);

	private final GraphQlLimits limits;

	ExecutionBudget(GraphQlLimits limits) {
		this.limits = limits;
	}

	/** One request's budget: nodes counted so far, its deadline, and the limit it broke (once broken). */
	static final class Budget implements InstrumentationState {

		private final long started = System.nanoTime();

		private final long deadline;

		private final long maxNodes;

		private final AtomicLong nodes = new AtomicLong();

		private volatile LimitExceeded exceeded;

		Budget(long timeoutNanos, long maxNodes) {
			this.deadline = started + timeoutNanos;
			this.maxNodes = maxNodes;
		}

		/** Counts one node; false when the request is over its budget and the field must not be fetched. */
		boolean charge(GraphQlLimits limits) {
			if (exceeded != null) {
				return false;
			}
			long counted = nodes.incrementAndGet();
			if (counted > maxNodes) {
				exceeded = new LimitExceeded("resultNodes", maxNodes, counted,
						"The request was stopped: its answer grew beyond " + maxNodes
								+ " result nodes, so nothing is returned. Ask for fewer persons, entries or fields.");
				return false;
			}
			if ((counted & 15) != 1) {
				// the clock is read at the first field and every 16th after it: a fetch is not worth a clock read
				return true;
			}
			long now = System.nanoTime();
			if (now - deadline > 0) {
				long maximum = limits.executionTimeout().toMillis();
				exceeded = new LimitExceeded("executionTimeout", maximum, (now - started) / 1_000_000,
						"The request was stopped after " + maximum + " ms, so nothing is returned. Ask for fewer "
								+ "persons, entries or fields, or try again later.");
				return false;
			}
			return true;
		}
	}

	@Override
	public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
		return new Budget(limits.executionTimeout().toNanos(), limits.maxResultNodes());
	}

	@Override
	public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
			InstrumentationState state) {
		if (!(state instanceof Budget budget) || parameters.getExecutionContext()
			.getOperationDefinition()
			.getOperation() == OperationDefinition.Operation.MUTATION) {
			return fetcher;
		}
		if (fetcher instanceof LightDataFetcher<?> light) {
			// keeps graphql-java's light path for property fields: no DataFetchingEnvironment is built for them
			return new LightDataFetcher<Object>() {

				@Override
				public Object get(GraphQLFieldDefinition field, Object source,
						Supplier<DataFetchingEnvironment> environment) throws Exception {
					return budget.charge(limits) ? light.get(field, source, environment) : null;
				}

				@Override
				public Object get(DataFetchingEnvironment environment) throws Exception {
					return budget.charge(limits) ? light.get(environment) : null;
				}
			};
		}
		return environment -> budget.charge(limits) ? fetcher.get(environment) : null;
	}

	@Override
	public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
			InstrumentationExecutionParameters parameters, InstrumentationState state) {
		if (!(state instanceof Budget budget) || budget.exceeded == null) {
			return CompletableFuture.completedFuture(result);
		}
		LimitExceeded exceeded = budget.exceeded;
		log.warn("Stopped a GraphQL request at its limit {}: {} (maximum {})", exceeded.limit(), exceeded.measured(),
				exceeded.maximum());
		return CompletableFuture.completedFuture(new ExecutionResultImpl(exceeded.toError()));
	}
}
