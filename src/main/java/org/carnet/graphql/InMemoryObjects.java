package org.carnet.graphql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.Profiler;
import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherResult;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStepInfo;
import graphql.execution.ExecutionStrategyParameters;
import graphql.execution.FieldCollectorParameters;
import graphql.execution.MergedField;
import graphql.execution.MergedSelectionSet;
import graphql.execution.ResponseMapFactory;
import graphql.execution.ResultNodesInfo;
import graphql.execution.conditional.ConditionalNodeDecision;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.language.BooleanValue;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.Node;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.LightDataFetcher;
import org.reactivestreams.Publisher;

/**
 * graphql-java's query strategy, except that an object made only of values already in memory is completed in one
 * pass. An entry of a record (an allergy, a vaccination, who recorded it) is such an object: every field is read by a
 * light data fetcher from a record the section loader has already decrypted. graphql-java completes each such field
 * as it completes a field that calls a service (a result path, an execution step, a fetch, a completion, each with
 * its instrumentation hooks), about 1.8 µs per field, a third of a whole record's CPU; here each is a call of the
 * same fetcher and of the same scalar or enum serialisation, in the order of the document.
 * <p>
 * The pass is taken only where it answers exactly what graphql-java would:
 * <ul>
 * <li>every selected field (after fragments, aliases, {@code @skip} and {@code @include}) has a light data fetcher,
 * no argument and no other directive, and a scalar, enum or object type (in lists or non-null at will);</li>
 * <li>the instrumentation observes no field that is not fetched by work ({@link RequestInstrumentation}, or none);
 * no profiling, no {@code @defer}.</li>
 * </ul>
 * Anything else met while completing (a fetcher that throws or answers a future, a publisher or a
 * {@link DataFetcherResult}, a null for a non-null field, a value a scalar refuses, a list that is not one) drops what
 * the pass had made and lets graphql-java complete the object as it always does, with its errors and null bubbling:
 * the fetchers are side-effect free, so fetching twice changes nothing. Result nodes are counted as graphql-java
 * counts them (one per field, one per list item), against the same {@link ResultNodesInfo#MAX_RESULT_NODES}, and
 * the data loader dispatch is told of the object as of one completed with its fields.
 * <p>
 * Which fields an object selects is also worked out once per field of the document, rather than once per object: the
 * items of a list share it, and so do the requests that send the same parsed document ({@link ParsedDocuments} keeps
 * one {@link Document} per text), unless the selection can change with the variables (a {@code @skip} or
 * {@code @include} whose condition is not a literal, or a custom {@link ConditionalNodeDecision} in the request's
 * context): then it is worked out once per request. The selection depends on nothing else: the document's fields and
 * fragments, and the schema's types and fetchers.
 */
final class InMemoryObjects extends AsyncExecutionStrategy {

	/** The request's plans, in its {@code GraphQLContext}. */
	private static final String PLANS = InMemoryObjects.class.getName();

	/** What a completion answers when only graphql-java's own completion can answer. */
	private static final Object SLOW = new Object();

	/** The fetchers of the pass are light: asking them for their environment means the pass does not fit. */
	private static final Supplier<DataFetchingEnvironment> NO_ENVIRONMENT = () -> {
		throw new NeedsEnvironment();
	};

	/**
	 * The plans of the documents whose selection does not change with the variables, by document (by identity: weak
	 * keys, so a document {@link ParsedDocuments} no longer keeps takes its plans with it).
	 */
	private final Cache<Document, SharedPlans> documents = Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();

	InMemoryObjects(DataFetcherExceptionHandler exceptionHandler) {
		super(exceptionHandler);
	}

	@Override
	protected Object completeValueForObject(ExecutionContext context, ExecutionStrategyParameters parameters,
			GraphQLObjectType type, Object result) {
		if (context.getQueryStrategy() != this || context.hasIncrementalSupport() || context.getProfiler() != Profiler.NO_OP
				|| !fieldsUnobserved(context.getInstrumentation())) {
			return super.completeValueForObject(context, parameters, type, result);
		}
		Plan plan = plans(context).of(context, parameters.getField(), type, fieldCollector);
		if (plan.inMemory() && !context.getResultNodesInfo().isMaxResultNodesExceeded()) {
			int[] nodes = new int[1];
			Object answer = plan.complete(context, result, nodes);
			if (answer != SLOW) {
				count(context, nodes[0]);
				// as graphql-java tells the dispatch of an object whose fields are all completed
				context.getDataLoaderDispatcherStrategy().executeObject(context, parameters, plan.size());
				context.getDataLoaderDispatcherStrategy().executeObjectOnFieldValuesInfo(List.of(), parameters);
				return answer;
			}
		}
		ExecutionStepInfo step = parameters.getExecutionStepInfo().changeTypeWithPreservedNonNull(type);
		// as graphql-java does, with the selection worked out once for the field
		return executeObject(context,
				parameters.transform(builder -> builder.executionStepInfo(step).fields(plan.fields()).source(result)));
	}

	/** True when the instrumentation does nothing for fields fetched without work, which the pass leaves out. */
	private static boolean fieldsUnobserved(Instrumentation instrumentation) {
		return instrumentation instanceof RequestInstrumentation
				|| instrumentation == SimplePerformantInstrumentation.INSTANCE;
	}

	private static void count(ExecutionContext context, int nodes) {
		ResultNodesInfo info = context.getResultNodesInfo();
		Integer maximum = context.getGraphQLContext().get(ResultNodesInfo.MAX_RESULT_NODES);
		for (int i = 0; i < nodes; i++) {
			if (info.incrementAndGetResultNodesCount() > (maximum == null ? Integer.MAX_VALUE : maximum)) {
				info.maxResultNodesExceeded();
			}
		}
	}

	private Plans plans(ExecutionContext context) {
		return context.getGraphQLContext().computeIfAbsent(PLANS, key -> new Plans(shared(context)));
	}

	/** The plans this request may share with others of the same document, or null. */
	private SharedPlans shared(ExecutionContext context) {
		if (context.getGraphQLContext().get(ConditionalNodeDecision.class) != null) {
			return null;
		}
		SharedPlans shared = documents.get(context.getDocument(),
				document -> new SharedPlans(context.getGraphQLSchema(), !conditionsAreLiterals(document)));
		return shared.usableFor(context.getGraphQLSchema()) ? shared : null;
	}

	/** True when every {@code @skip} and {@code @include} of the document has a literal condition. */
	private static boolean conditionsAreLiterals(Document document) {
		ArrayDeque<Node<?>> nodes = new ArrayDeque<>();
		nodes.push(document);
		while (!nodes.isEmpty()) {
			Node<?> node = nodes.pop();
			if (node instanceof Directive directive
					&& (directive.getName().equals("skip") || directive.getName().equals("include"))
					&& directive.getArguments().stream().anyMatch(argument -> !(argument.getValue() instanceof BooleanValue))) {
				return false;
			}
			for (Node<?> child : node.getChildren()) {
				nodes.push(child);
			}
		}
		return true;
	}

	/**
	 * The plans of one document for every request that sends it, by the document's field nodes and the object type
	 * (a field of an interface meets several).
	 */
	private static final class SharedPlans {

		private final GraphQLSchema schema;

		private final boolean variesWithVariables;

		private final Map<FieldNodes, Plan> byField = new ConcurrentHashMap<>();

		SharedPlans(GraphQLSchema schema, boolean variesWithVariables) {
			this.schema = schema;
			this.variesWithVariables = variesWithVariables;
		}

		boolean usableFor(GraphQLSchema requestSchema) {
			return !variesWithVariables && requestSchema == schema;
		}

		Plan of(ExecutionContext context, MergedField field, GraphQLObjectType type,
				graphql.execution.FieldCollector collector) {
			FieldNodes key = new FieldNodes(field.getFields(), type);
			Plan plan = byField.get(key);
			if (plan == null) {
				plan = Plan.of(context, field, type, collector, 0);
				Plan raced = byField.putIfAbsent(key, plan);
				return raced == null ? plan : raced;
			}
			return plan;
		}
	}

	/** The field nodes a merged field is made of (compared by identity) and the object type it is completed as. */
	private record FieldNodes(List<Field> fields, GraphQLObjectType type) {

		@Override
		public boolean equals(Object other) {
			if (!(other instanceof FieldNodes that) || that.type != type || that.fields.size() != fields.size()) {
				return false;
			}
			for (int i = 0; i < fields.size(); i++) {
				if (that.fields.get(i) != fields.get(i)) {
					return false;
				}
			}
			return true;
		}

		@Override
		public int hashCode() {
			int hash = System.identityHashCode(type);
			for (Field node : fields) {
				hash = 31 * hash + System.identityHashCode(node);
			}
			return hash;
		}
	}

	/** One request's plans, by field of its document (the same {@link MergedField} for every item of a list). */
	private static final class Plans {

		private final Map<MergedField, Plan> byField = new IdentityHashMap<>();

		private final SharedPlans shared;

		Plans(SharedPlans shared) {
			this.shared = shared;
		}

		synchronized Plan of(ExecutionContext context, MergedField field, GraphQLObjectType type,
				graphql.execution.FieldCollector collector) {
			Plan plan = byField.get(field);
			if (plan != null && plan.type() == type) {
				return plan;
			}
			plan = shared != null ? shared.of(context, field, type, collector) : Plan.of(context, field, type, collector, 0);
			if (byField.containsKey(field)) {
				// an abstract field meeting several types: keep the first, work the others out each time
				return plan;
			}
			byField.put(field, plan);
			return plan;
		}
	}

	/**
	 * An object's selected fields, in the order of the answer; {@code steps} is null when they cannot all be completed
	 * in one pass.
	 */
	private record Plan(GraphQLObjectType type, MergedSelectionSet fields, String[] keys, Step[] steps) {

		/** Deeper than any document the limits let through: a guard, not a limit. */
		private static final int MAX_DEPTH = 32;

		static Plan of(ExecutionContext context, MergedField field, GraphQLObjectType type,
				graphql.execution.FieldCollector collector, int depth) {
			FieldCollectorParameters parameters = FieldCollectorParameters.newParameters()
				.schema(context.getGraphQLSchema())
				.objectType(type)
				.fragments(context.getFragmentsByName())
				.variables(context.getCoercedVariables().toMap())
				.graphQLContext(context.getGraphQLContext())
				.build();
			MergedSelectionSet fields = collector.collectFields(parameters, field, false);
			List<String> keys = fields.getKeys();
			Step[] steps = depth < MAX_DEPTH ? new Step[keys.size()] : null;
			for (int i = 0; steps != null && i < keys.size(); i++) {
				steps[i] = Step.of(context, type, fields.getSubField(keys.get(i)), collector, depth);
				if (steps[i] == null) {
					steps = null;
				}
			}
			return new Plan(type, fields, keys.toArray(String[]::new), steps);
		}

		boolean inMemory() {
			return steps != null;
		}

		int size() {
			return keys.length;
		}

		Object complete(ExecutionContext context, Object source, int[] nodes) {
			Object[] values = new Object[steps.length];
			for (int i = 0; i < steps.length; i++) {
				Object value = steps[i].complete(context, source, nodes);
				if (value == SLOW) {
					return SLOW;
				}
				values[i] = value;
			}
			return context.getResponseMapFactory() == ResponseMapFactory.DEFAULT ? new AnswerObject(keys, values)
					: context.getResponseMapFactory().createInsertionOrdered(Arrays.asList(keys), Arrays.asList(values));
		}
	}

	/** One selected field: its fetcher and how its value is completed. */
	private record Step(GraphQLFieldDefinition definition, LightDataFetcher<?> fetcher, Shape shape) {

		static Step of(ExecutionContext context, GraphQLObjectType parent, MergedField field,
				graphql.execution.FieldCollector collector, int depth) {
			GraphQLFieldDefinition definition = parent.getFieldDefinition(field.getName());
			if (definition == null || !definition.getArguments().isEmpty()) {
				// introspection (__typename) or a field with arguments: graphql-java's
				return null;
			}
			for (Field node : field.getFields()) {
				if (!node.getArguments().isEmpty() || node.getDirectives().stream()
					.anyMatch(directive -> !directive.getName().equals("skip") && !directive.getName().equals("include"))) {
					return null;
				}
			}
			DataFetcher<?> fetcher = context.getGraphQLSchema().getCodeRegistry().getDataFetcher(parent, definition);
			if (!(fetcher instanceof LightDataFetcher<?> light)) {
				return null;
			}
			Shape shape = Shape.of(context, definition.getType(), field, collector, depth);
			return shape == null ? null : new Step(definition, light, shape);
		}

		Object complete(ExecutionContext context, Object source, int[] nodes) {
			Object fetched;
			try {
				fetched = fetcher.get(definition, source, NO_ENVIRONMENT);
			}
			catch (Exception | NeedsEnvironment ex) {
				return SLOW;
			}
			nodes[0]++;
			return shape.complete(context, fetched, nodes);
		}
	}

	/**
	 * Whether values of a class are ones graphql-java completes in its own way (a result with errors, a future, a
	 * publisher). Asked of the class once: each value's four checks against interfaces cost more than the rest of its
	 * completion, as the JVM's one-entry cache of a class's last matched interface changes hands between threads.
	 */
	private static final ClassValue<Boolean> DEFERRED = new ClassValue<>() {
		@Override
		protected Boolean computeValue(Class<?> type) {
			return DataFetcherResult.class.isAssignableFrom(type) || CompletionStage.class.isAssignableFrom(type)
					|| Flow.Publisher.class.isAssignableFrom(type) || Publisher.class.isAssignableFrom(type);
		}
	};

	/** How a value of one output type is completed. */
	private sealed interface Shape {

		static Shape of(ExecutionContext context, GraphQLOutputType type, MergedField field,
				graphql.execution.FieldCollector collector, int depth) {
			if (type instanceof GraphQLNonNull nonNull) {
				Shape inner = of(context, (GraphQLOutputType) nonNull.getWrappedType(), field, collector, depth);
				return inner == null ? null : new NonNull(inner);
			}
			if (type instanceof GraphQLList list) {
				Shape inner = of(context, (GraphQLOutputType) list.getWrappedType(), field, collector, depth);
				return inner == null ? null : new ListOf(inner);
			}
			if (type instanceof GraphQLScalarType scalar) {
				return new Scalar(scalar);
			}
			if (type instanceof GraphQLEnumType enumeration) {
				return new Enumeration(enumeration);
			}
			if (type instanceof GraphQLObjectType object) {
				Plan plan = Plan.of(context, field, object, collector, depth + 1);
				return plan.inMemory() ? new Nested(plan) : null;
			}
			// an interface or union: its type is resolved per value, by graphql-java
			return null;
		}

		/** The completed value, or {@link #SLOW}. */
		default Object complete(ExecutionContext context, Object fetched, int[] nodes) {
			if (fetched != null && DEFERRED.get(fetched.getClass())) {
				return SLOW;
			}
			Object value = context.getValueUnboxer().unbox(fetched);
			return value == null ? null : completeValue(context, value, nodes);
		}

		/** Completes a value that is not null. */
		Object completeValue(ExecutionContext context, Object value, int[] nodes);
	}

	private record NonNull(Shape inner) implements Shape {

		@Override
		public Object complete(ExecutionContext context, Object fetched, int[] nodes) {
			Object value = inner.complete(context, fetched, nodes);
			// a null where the schema promises none: graphql-java's error and null bubbling
			return value == null ? SLOW : value;
		}

		@Override
		public Object completeValue(ExecutionContext context, Object value, int[] nodes) {
			throw new IllegalStateException("complete() handles non-null types");
		}
	}

	private record ListOf(Shape inner) implements Shape {

		@Override
		public Object completeValue(ExecutionContext context, Object value, int[] nodes) {
			// a List first: the interface the answer's writer asks about too, so the JVM's cached check stays put
			Iterable<?> items = value instanceof List<?> list ? list : value instanceof Iterable<?> other ? other : null;
			if (items == null) {
				// an array or a value that is no list: graphql-java converts or refuses it
				return SLOW;
			}
			List<Object> completed = items instanceof List<?> list ? new ArrayList<>(list.size()) : new ArrayList<>();
			for (Object item : items) {
				nodes[0]++;
				Object element = inner.complete(context, item, nodes);
				if (element == SLOW) {
					return SLOW;
				}
				completed.add(element);
			}
			return completed;
		}
	}

	private record Scalar(GraphQLScalarType type) implements Shape {

		@Override
		public Object completeValue(ExecutionContext context, Object value, int[] nodes) {
			try {
				return type.getCoercing().serialize(value, context.getGraphQLContext(), context.getLocale());
			}
			catch (RuntimeException ex) {
				return SLOW;
			}
		}
	}

	private record Enumeration(GraphQLEnumType type) implements Shape {

		@Override
		public Object completeValue(ExecutionContext context, Object value, int[] nodes) {
			try {
				return type.serialize(value, context.getGraphQLContext(), context.getLocale());
			}
			catch (RuntimeException ex) {
				return SLOW;
			}
		}
	}

	private record Nested(Plan plan) implements Shape {

		@Override
		public Object completeValue(ExecutionContext context, Object value, int[] nodes) {
			return plan.complete(context, value, nodes);
		}
	}

	/** Thrown by the environment supplier of the pass: the fetcher needs more than its field and source. */
	private static final class NeedsEnvironment extends Error {

		NeedsEnvironment() {
			super("needs a data fetching environment", null, false, false);
		}
	}
}
