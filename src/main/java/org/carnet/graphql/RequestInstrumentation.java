package org.carnet.graphql;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import graphql.ExecutionResult;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.graphql.execution.DataFetcherExceptionResolver;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.stereotype.Component;

/**
 * The one instrumentation of the GraphQL engine: names the operation for the audit ({@link OperationNames}), bounds
 * look-ups before the operation runs ({@link LookupLimit}), checks every argument before its fetcher
 * ({@link InputChecks}), bounds result nodes and time while it runs ({@link ExecutionBudget}) and times requests and
 * the fetchers that do work ({@link GraphQlMeters}). One bean rather than five, given to graphql-java as it is:
 * graphql-java chains several instrumentations (Spring for GraphQL chains even one) around every field of every
 * answer, which for a whole record measured a tenth of the request's CPU. Spring's observation instrumentation is
 * therefore not configured ({@code spring.autoconfigure.exclude}); its meters are recorded here.
 */
@Component
class RequestInstrumentation extends SimplePerformantInstrumentation implements GraphQlSourceBuilderCustomizer {

	private static final Logger log = LoggerFactory.getLogger(RequestInstrumentation.class);

	private final OperationNames names = new OperationNames();

	private final LookupLimit lookups;

	private final InputChecks inputs = new InputChecks();

	private final ExecutionBudget budget;

	private final ActingForRequests actingFor;

	private final GraphQlMeters meters;

	private final ObjectProvider<Instrumentation> instrumentations;

	private final ObjectProvider<DataFetcherExceptionResolver> exceptionResolvers;

	RequestInstrumentation(LookupSettings lookupSettings, LookupRate lookupRate, AuditTrail audit,
			GraphQlLimits limits, ActingForRequests actingFor, MeterRegistry registry,
			ObjectProvider<Instrumentation> instrumentations,
			ObjectProvider<DataFetcherExceptionResolver> exceptionResolvers) {
		this.actingFor = actingFor;
		this.lookups = new LookupLimit(lookupSettings, lookupRate, audit);
		this.budget = new ExecutionBudget(limits);
		this.meters = new GraphQlMeters(registry);
		this.instrumentations = instrumentations;
		this.exceptionResolvers = exceptionResolvers;
	}

	/**
	 * Replaces Spring's chain of the instrumentation beans by this one, when it is the only one (a bean added later
	 * keeps the chain, and its cost, rather than being left out silently), and graphql-java's query strategy by
	 * {@link InMemoryObjects}, with the exception handler Spring builds from the same resolvers.
	 */
	@Override
	public void customize(GraphQlSource.SchemaResourceBuilder builder) {
		DataFetcherExceptionHandler handler = DataFetcherExceptionResolver
			.createExceptionHandler(exceptionResolvers.orderedStream().toList());
		builder.configureGraphQl(graphQl -> graphQl.queryExecutionStrategy(new InMemoryObjects(handler)));
		List<Instrumentation> all = instrumentations.orderedStream().toList();
		if (all.size() == 1 && all.get(0) == this) {
			builder.configureGraphQl(graphQl -> graphQl.instrumentation(this));
		}
		else {
			log.info("{} GraphQL instrumentations: graphql-java chains them around every field", all.size());
		}
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
		checked = meters.timed(checked, parameters.getField().getName());
		return budget.instrumentDataFetcher(checked, parameters, state);
	}

	@Override
	public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
			InstrumentationExecutionParameters parameters, InstrumentationState state) {
		return budget.instrumentExecutionResult(result, parameters, state).whenComplete((answer, failure) -> {
			if (state instanceof ExecutionBudget.Budget request) {
				String outcome = failure == null && answer.getErrors().isEmpty() ? GraphQlMeters.SUCCESS
						: GraphQlMeters.REQUEST_ERROR;
				meters.request(outcome, request.operationType(), System.nanoTime() - request.started());
			}
		});
	}
}
