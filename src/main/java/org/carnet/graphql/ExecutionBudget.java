package org.carnet.graphql;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.execution.ExecutionContext;
import graphql.execution.ResultNodesInfo;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.language.OperationDefinition;
import graphql.schema.DataFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Bounds a request while it executes, for when the estimate made before was too low. Result nodes are counted by
 * graphql-java itself (it counts every field anyway; given {@link ResultNodesInfo#MAX_RESULT_NODES} it fetches
 * nothing more past it), and the clock is read before every fetcher that does work (property reads of objects already
 * in memory are left on graphql-java's light path). Once the result nodes or the execution timeout of
 * {@link GraphQlLimits} are exceeded, no fetcher is called any more, and the answer is one BAD_REQUEST error naming
 * the limit, without data. Mutations are bounded before they run (root fields, repetitions, the estimate) and never
 * stopped midway, so that no change is made without its answer.
 */
class ExecutionBudget implements Instrumentation {

	private static final Logger log = LoggerFactory.getLogger(ExecutionBudget.class);

	private final GraphQlLimits limits;

	ExecutionBudget(GraphQlLimits limits) {
		this.limits = limits;
	}

	/** One request's budget: its deadline, and the limit it broke (once broken). */
	static final class Budget implements InstrumentationState {

		private final long started = System.nanoTime();

		private final long deadline;

		private volatile LimitExceeded exceeded;

		/** query, mutation or subscription once the operation runs; unknown for a document refused before. */
		private volatile String operationType = "unknown";

		Budget(long timeoutNanos) {
			this.deadline = started + timeoutNanos;
		}

		long started() {
			return started;
		}

		String operationType() {
			return operationType;
		}

		/** False when the request is past its time and the field must not be fetched. */
		boolean inTime(GraphQlLimits limits) {
			if (exceeded != null) {
				return false;
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
		return new Budget(limits.executionTimeout().toNanos());
	}

	@Override
	public InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
		ExecutionContext context = parameters.getExecutionContext();
		if (state instanceof Budget budget) {
			budget.operationType = context.getOperationDefinition().getOperation().name().toLowerCase(Locale.ROOT);
		}
		if (context.getOperationDefinition().getOperation() != OperationDefinition.Operation.MUTATION) {
			context.getGraphQLContext()
				.put(ResultNodesInfo.MAX_RESULT_NODES, (int) Math.min(limits.maxResultNodes(), Integer.MAX_VALUE));
		}
		return null;
	}

	@Override
	public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
			InstrumentationState state) {
		if (!(state instanceof Budget budget) || parameters.isTrivialDataFetcher() || parameters.getExecutionContext()
			.getOperationDefinition()
			.getOperation() == OperationDefinition.Operation.MUTATION) {
			return fetcher;
		}
		return environment -> budget.inTime(limits) ? fetcher.get(environment) : null;
	}

	@Override
	public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
			InstrumentationExecutionParameters parameters, InstrumentationState state) {
		LimitExceeded exceeded = state instanceof Budget budget ? budget.exceeded : null;
		ResultNodesInfo nodes = parameters.getGraphQLContext().get(ResultNodesInfo.RESULT_NODES_INFO);
		if (exceeded == null && nodes != null && nodes.isMaxResultNodesExceeded()) {
			long maximum = limits.maxResultNodes();
			exceeded = new LimitExceeded("resultNodes", maximum, maximum + 1,
					"The request was stopped: its answer grew beyond " + maximum
							+ " result nodes, so nothing is returned. Ask for fewer persons, entries or fields.");
		}
		if (exceeded == null) {
			return CompletableFuture.completedFuture(result);
		}
		log.warn("Stopped a GraphQL request at its limit {}: {} (maximum {})", exceeded.limit(), exceeded.measured(),
				exceeded.maximum());
		return CompletableFuture.completedFuture(new ExecutionResultImpl(exceeded.toError()));
	}
}
