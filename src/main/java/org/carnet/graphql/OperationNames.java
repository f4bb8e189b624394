package org.carnet.graphql;

import graphql.ExecutionResult;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.OperationDefinition;


/** Tells the request scope which operation runs, so that audit events name it even when the client did not. */
class OperationNames extends SimplePerformantInstrumentation {

	@Override
	public InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
		OperationDefinition operation = parameters.getExecutionContext().getOperationDefinition();
		Object scope = parameters.getExecutionContext().getGraphQLContext().get(RequestScope.KEY);
		if (scope instanceof RequestScope requestScope && operation != null) {
			requestScope.executing(operation.getName());
		}
		return super.beginExecuteOperation(parameters, state);
	}
}
