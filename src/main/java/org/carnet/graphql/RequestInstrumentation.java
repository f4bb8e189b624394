package org.carnet.graphql;

import java.util.concurrent.CompletableFuture;

import graphql.ExecutionResult;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;

import org.springframework.stereotype.Component;

/**
 * The one instrumentation of the GraphQL engine: names the operation for the audit ({@link OperationNames}), bounds
 * look-ups before the operation runs ({@link LookupLimit}), checks every argument before its fetcher
 * ({@link InputChecks}) and bounds result nodes and time while it runs ({@link ExecutionBudget}). One bean rather
 * than four: graphql-java chains several instrumentations around every field of every answer, which a whole-record
 * list of 50 persons measured at a third more CPU.
 */
@Component
class RequestInstrumentation extends SimplePerformantInstrumentation {

	private final OperationNames names = new OperationNames();

	private final LookupLimit lookups;

	private final InputChecks inputs = new InputChecks();

	private final ExecutionBudget budget;

	private final ActingForRequests actingFor;

	RequestInstrumentation(LookupSettings lookupSettings, LookupRate lookupRate, AuditTrail audit,
			GraphQlLimits limits, ActingForRequests actingFor) {
		this.actingFor = actingFor;
		this.lookups = new LookupLimit(lookupSettings, lookupRate, audit);
		this.budget = new ExecutionBudget(limits);
	}

	@Override
	public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
		return budget.createState(parameters);
	}

	@Override
	public InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
		names.beginExecuteOperation(parameters, state);
		lookups.beginExecuteOperation(parameters, state);
		budget.beginExecuteOperation(parameters, state);
		return super.beginExecuteOperation(parameters, state);
	}

	@Override
	public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
			InstrumentationState state) {
		if (parameters.isTrivialDataFetcher()) {
			// a value already in memory (an entry's field, a property): no argument to check, no time to bound, and
			// no root field (those are controllers). Asking for the field or its path would make graphql-java build
			// a whole fetching environment for each of the hundreds of fields of a record
			return fetcher;
		}
		DataFetcher<?> checked = inputs.instrumentDataFetcher(fetcher, parameters, state);
		if (parameters.getExecutionStepInfo().getPath().getLevel() == 1) {
			// a guardian or proxy reaches only the person's reads and, if allowed, consent changes
			checked = actingFor.guard(checked, parameters.getField().getName(),
					parameters.getExecutionStepInfo().getObjectType().getName().equals("Mutation"));
		}
		return budget.instrumentDataFetcher(checked, parameters, state);
	}

	@Override
	public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
			InstrumentationExecutionParameters parameters, InstrumentationState state) {
		return budget.instrumentExecutionResult(result, parameters, state);
	}
}
