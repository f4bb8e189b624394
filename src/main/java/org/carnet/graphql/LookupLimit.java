package org.carnet.graphql;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.conditional.ConditionalNodes;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.ArrayValue;
import graphql.language.DirectivesContainer;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.NullValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.Value;
import graphql.language.VariableReference;
import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;


/**
 * Bounds look-ups of persons before a document runs: its look-ups ({@code person} and {@code personByPhrNumber}
 * fields after aliases, plus every id of {@code persons}) are counted over the operation's root selection, and a
 * document with more than {@code carnet.graphql.lookups.max-per-request}, or more than the requester may still make
 * at {@code carnet.graphql.lookups.per-minute}, is refused as a whole before any look-up: no data, one typed error
 * and one LOOKUP_REFUSED event (outcome DENIED) counting them.
 */
class LookupLimit extends SimplePerformantInstrumentation {

	/** The root fields that find persons by a key a caller may guess. */
	private static final Set<String> SINGLE = Set.of("person", "personByPhrNumber");

	private static final String LIST = "persons";

	private static final ConditionalNodes CONDITIONS = new ConditionalNodes();

	private final LookupSettings settings;

	private final LookupRate rate;

	private final AuditTrail audit;

	LookupLimit(LookupSettings settings, LookupRate rate, AuditTrail audit) {
		this.settings = settings;
		this.rate = rate;
		this.audit = audit;
	}

	@Override
	public InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
		ExecutionContext context = parameters.getExecutionContext();
		OperationDefinition operation = context.getOperationDefinition();
		if (operation != null && operation.getOperation() == OperationDefinition.Operation.QUERY) {
			int lookups = count(operation.getSelectionSet(), context, new HashSet<>());
			if (lookups > 0) {
				check(context, operation, lookups);
			}
		}
		return super.beginExecuteOperation(parameters, state);
	}

	private void check(ExecutionContext context, OperationDefinition operation, int lookups) {
		RequestScope scope = RequestScope.of(context.getGraphQLContext());
		if (lookups > settings.maxPerRequest()) {
			throw refused(scope, operation, lookups, GraphqlErrorBuilder.newError()
				.errorType(ErrorType.BAD_REQUEST)
				.message("This request looks up " + lookups + " persons; at most " + settings.maxPerRequest()
						+ " look-ups (person, personByPhrNumber and ids of persons) are allowed in one request. "
						+ "Nothing was looked up.")
				.extensions(Map.of("lookups", lookups, "maxLookups", settings.maxPerRequest()))
				.build());
		}
		String requester = scope.requester().subject() == null ? "" : scope.requester().subject();
		long retryAfter = rate.take(requester, lookups);
		if (retryAfter > 0) {
			throw refused(scope, operation, lookups, GraphqlErrorBuilder.newError()
				.errorType(ErrorType.TOO_MANY_REQUESTS)
				.message("You looked up too many persons recently (at most " + settings.perMinute()
						+ " per minute); try again in " + retryAfter + " s. Nothing was looked up.")
				.extensions(Map.of("lookups", lookups, "retryAfterSeconds", retryAfter))
				.build());
		}
	}

	private AbortExecutionException refused(RequestScope scope, OperationDefinition operation, int lookups,
			GraphQLError error) {
		String name = scope.operation(operation.getName() != null ? operation.getName() : "lookups");
		audit.refused(scope, name, AccessEvent.of(scope.requester(), AccessAction.LOOKUP_REFUSED, AccessOutcome.DENIED)
			.withCount(lookups));
		return new AbortExecutionException(List.of(error));
	}

	/** The look-ups of a root selection set, fragments expanded (each once), @skip and @include honoured. */
	private static int count(SelectionSet selections, ExecutionContext context, Set<String> fragments) {
		if (selections == null) {
			return 0;
		}
		int lookups = 0;
		for (Selection<?> selection : selections.getSelections()) {
			if (selection instanceof DirectivesContainer<?> node && !included(node, context)) {
				continue;
			}
			if (selection instanceof Field field) {
				if (SINGLE.contains(field.getName())) {
					lookups++;
				}
				else if (LIST.equals(field.getName())) {
					lookups += ids(field, context);
				}
			}
			else if (selection instanceof InlineFragment inline) {
				lookups += count(inline.getSelectionSet(), context, fragments);
			}
			else if (selection instanceof FragmentSpread spread && fragments.add(spread.getName())) {
				FragmentDefinition fragment = context.getFragment(spread.getName());
				if (fragment != null) {
					lookups += count(fragment.getSelectionSet(), context, fragments);
				}
			}
		}
		return lookups;
	}

	/** The ids one {@code persons} field names: a list literal, or the list a variable holds. */
	private static int ids(Field field, ExecutionContext context) {
		Value<?> value = field.getArguments()
			.stream()
			.filter(argument -> argument.getName().equals("ids"))
			.map(argument -> argument.getValue())
			.findFirst()
			.orElse(null);
		if (value instanceof VariableReference variable) {
			Object bound = context.getCoercedVariables().get(variable.getName());
			return bound instanceof Collection<?> list ? list.size() : bound == null ? 0 : 1;
		}
		if (value instanceof ArrayValue array) {
			return array.getValues().size();
		}
		return value == null || value instanceof NullValue ? 0 : 1;
	}

	private static boolean included(DirectivesContainer<?> node, ExecutionContext context) {
		return CONDITIONS.shouldInclude(node, context.getCoercedVariables().toMap(), context.getGraphQLSchema(),
				context.getGraphQLContext());
	}
}
