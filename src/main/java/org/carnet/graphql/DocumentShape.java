package org.carnet.graphql;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import graphql.introspection.Introspection;
import graphql.language.ArrayValue;
import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

/**
 * What a document asks for, measured once per document text with its fragments expanded (each fragment measured once
 * and its measure reused wherever it is spread, so the measuring itself stays linear in the text, however the
 * fragments multiply): fields, aliases, directives, depth, the root fields of its mutations, and per operation an
 * estimate of its result nodes whose list sizes may depend on the request's variables ({@code ids}, {@code first}).
 */
final class DocumentShape {

	/** Root fields of mutations kept for the audit of a refused document (their person arguments). */
	private static final int KEPT_ROOT_FIELDS = 100;

	/** The page size of a connection when {@code first} is not given (see audit.graphqls). */
	static final int DEFAULT_PAGE = 20;

	/** Fields, aliases, directives and depth of a selection, fragments expanded (saturating at Long.MAX_VALUE). */
	record Counts(long fields, long aliases, long directives, long depth) {

		static final Counts NONE = new Counts(0, 0, 0, 0);

		Counts plus(Counts other) {
			return new Counts(add(fields, other.fields), add(aliases, other.aliases),
					add(directives, other.directives), Math.max(depth, other.depth));
		}
	}

	private final Document document;

	private final Counts counts;

	/** The most root fields any one mutation of the document has. */
	private final long rootMutationFields;

	/** Per mutation field, the most times any one mutation of the document asks for it. */
	private final Map<String, Long> mutationFields;

	/** The first root fields of the document's mutations, in order. */
	private final List<Field> keptMutationFields;

	/** The name of the document's first named mutation, if any. */
	private final String mutationName;

	/** Per operation name ("" for an anonymous one), its estimated result nodes; empty until {@link #estimate}. */
	private final Map<String, Cost> costs = new HashMap<>();

	private DocumentShape(Document document, Counts counts, long rootMutationFields, Map<String, Long> mutationFields,
			List<Field> keptMutationFields, String mutationName) {
		this.mutationName = mutationName;
		this.document = document;
		this.counts = counts;
		this.rootMutationFields = rootMutationFields;
		this.mutationFields = mutationFields;
		this.keptMutationFields = keptMutationFields;
	}

	Counts counts() {
		return counts;
	}

	long rootMutationFields() {
		return rootMutationFields;
	}

	Map<String, Long> mutationFields() {
		return mutationFields;
	}

	List<Field> keptMutationFields() {
		return keptMutationFields;
	}

	/** The name of the document's first named mutation, or null. */
	String mutationName() {
		return mutationName;
	}

	/** Measures a parsed (not yet validated) document without the schema. */
	static DocumentShape measure(Document document) {
		Map<String, FragmentDefinition> fragments = fragments(document);
		Counter counter = new Counter(fragments);
		Counts total = Counts.NONE;
		long rootMutationFields = 0;
		Map<String, Long> mutationFields = new LinkedHashMap<>();
		List<Field> kept = new ArrayList<>();
		String mutationName = null;
		for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
			Counts counts = counter.count(operation.getSelectionSet());
			total = total.plus(new Counts(0, 0, operation.getDirectives().size(), 0)).plus(counts);
			if (operation.getOperation() == OperationDefinition.Operation.MUTATION) {
				if (mutationName == null) {
					mutationName = operation.getName();
				}
				Map<String, Long> byName = new LinkedHashMap<>();
				long roots = new RootFields(fragments, byName, kept).collect(operation.getSelectionSet());
				rootMutationFields = Math.max(rootMutationFields, roots);
				byName.forEach((name, count) -> mutationFields.merge(name, count, Math::max));
			}
		}
		return new DocumentShape(document, total, rootMutationFields, Map.copyOf(mutationFields), List.copyOf(kept),
				mutationName);
	}

	/** Estimates each operation's result nodes, once the document is valid against {@code schema}. */
	DocumentShape estimate(GraphQLSchema schema, int assumedListSize) {
		Estimator estimator = new Estimator(schema, fragments(document), assumedListSize);
		for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
			GraphQLCompositeType root = switch (operation.getOperation()) {
				case MUTATION -> schema.getMutationType();
				case SUBSCRIPTION -> schema.getSubscriptionType();
				default -> schema.getQueryType();
			};
			Cost cost = root == null ? Cost.ZERO : estimator.cost(operation.getSelectionSet(), root, false);
			costs.put(operation.getName() == null ? "" : operation.getName(), cost);
		}
		return this;
	}

	/**
	 * The estimated result nodes of the operation that runs, with the list sizes these variables give; when the
	 * operation cannot be told (several and no name), the largest.
	 */
	long cost(String operationName, Map<String, Object> variables) {
		if (costs.isEmpty()) {
			return 0;
		}
		Cost named = costs.get(operationName == null ? "" : operationName);
		if (named == null && costs.size() == 1) {
			named = costs.values().iterator().next();
		}
		if (named != null) {
			return named.value(variables);
		}
		long largest = 0;
		for (Cost cost : costs.values()) {
			largest = Math.max(largest, cost.value(variables));
		}
		return largest;
	}

	private static Map<String, FragmentDefinition> fragments(Document document) {
		Map<String, FragmentDefinition> fragments = new HashMap<>();
		for (FragmentDefinition fragment : document.getDefinitionsOfType(FragmentDefinition.class)) {
			fragments.putIfAbsent(fragment.getName(), fragment);
		}
		return fragments;
	}

	/** Counts selections, each fragment once. A fragment spread inside itself counts nothing (validation refuses it). */
	private static final class Counter {

		private final Map<String, FragmentDefinition> fragments;

		private final Map<String, Counts> measured = new HashMap<>();

		private final Set<String> measuring = new HashSet<>();

		Counter(Map<String, FragmentDefinition> fragments) {
			this.fragments = fragments;
		}

		Counts count(SelectionSet selectionSet) {
			if (selectionSet == null) {
				return Counts.NONE;
			}
			long fields = 0;
			long aliases = 0;
			long directives = 0;
			long depth = 0;
			for (Selection<?> selection : selectionSet.getSelections()) {
				Counts inner;
				if (selection instanceof Field field) {
					Counts below = count(field.getSelectionSet());
					boolean introspection = field.getName().startsWith("__");
					inner = new Counts(add(1, below.fields()), add(field.getAlias() != null ? 1 : 0, below.aliases()),
							add(field.getDirectives().size(), below.directives()),
							introspection ? 0 : 1 + below.depth());
				}
				else if (selection instanceof FragmentSpread spread) {
					Counts fragment = fragment(spread.getName());
					inner = new Counts(fragment.fields(), fragment.aliases(),
							add(spread.getDirectives().size(), fragment.directives()), fragment.depth());
				}
				else if (selection instanceof InlineFragment inline) {
					Counts below = count(inline.getSelectionSet());
					inner = new Counts(below.fields(), below.aliases(),
							add(inline.getDirectives().size(), below.directives()), below.depth());
				}
				else {
					continue;
				}
				fields = add(fields, inner.fields());
				aliases = add(aliases, inner.aliases());
				directives = add(directives, inner.directives());
				depth = Math.max(depth, inner.depth());
			}
			return new Counts(fields, aliases, directives, depth);
		}

		private Counts fragment(String name) {
			Counts known = measured.get(name);
			if (known != null) {
				return known;
			}
			FragmentDefinition definition = fragments.get(name);
			if (definition == null || !measuring.add(name)) {
				return Counts.NONE;
			}
			Counts counts = count(definition.getSelectionSet())
				.plus(new Counts(0, 0, definition.getDirectives().size(), 0));
			measuring.remove(name);
			measured.put(name, counts);
			return counts;
		}
	}

	/** Counts the root fields of a mutation, by name, through fragments; keeps the first ones for the audit. */
	private static final class RootFields {

		private final Map<String, FragmentDefinition> fragments;

		private final Map<String, Long> byName;

		private final List<Field> kept;

		private final Map<String, Map<String, Long>> fragmentCounts = new HashMap<>();

		private final Set<String> measuring = new HashSet<>();

		RootFields(Map<String, FragmentDefinition> fragments, Map<String, Long> byName, List<Field> kept) {
			this.fragments = fragments;
			this.byName = byName;
			this.kept = kept;
		}

		long collect(SelectionSet selectionSet) {
			Map<String, Long> counts = counts(selectionSet);
			byName.putAll(counts);
			long total = 0;
			for (long count : counts.values()) {
				total = add(total, count);
			}
			return total;
		}

		private Map<String, Long> counts(SelectionSet selectionSet) {
			Map<String, Long> counts = new LinkedHashMap<>();
			if (selectionSet == null) {
				return counts;
			}
			for (Selection<?> selection : selectionSet.getSelections()) {
				if (selection instanceof Field field) {
					counts.merge(field.getName(), 1L, DocumentShape::add);
					if (kept.size() < KEPT_ROOT_FIELDS) {
						kept.add(field);
					}
				}
				else if (selection instanceof InlineFragment inline) {
					counts(inline.getSelectionSet()).forEach((name, count) -> counts.merge(name, count, DocumentShape::add));
				}
				else if (selection instanceof FragmentSpread spread) {
					fragment(spread.getName()).forEach((name, count) -> counts.merge(name, count, DocumentShape::add));
				}
			}
			return counts;
		}

		private Map<String, Long> fragment(String name) {
			Map<String, Long> known = fragmentCounts.get(name);
			if (known != null) {
				return known;
			}
			FragmentDefinition definition = fragments.get(name);
			if (definition == null || !measuring.add(name)) {
				return Map.of();
			}
			Map<String, Long> counts = counts(definition.getSelectionSet());
			measuring.remove(name);
			fragmentCounts.put(name, counts);
			return counts;
		}
	}

	/**
	 * Where a list's size comes from: the argument {@code ids} (the number of ids) or {@code first} (the page size),
	 * given literally or as a variable.
	 */
	record SizeSource(Value<?> value, long absent) {

		long size(Map<String, Object> variables) {
			Value<?> given = value;
			if (given instanceof VariableReference reference) {
				Object raw = variables == null ? null : variables.get(reference.getName());
				if (raw == null) {
					return absent;
				}
				if (raw instanceof Collection<?> collection) {
					return collection.size();
				}
				if (raw instanceof Number number) {
					return Math.max(0, number.longValue());
				}
				return 1;
			}
			if (given == null || given instanceof NullValue) {
				return absent;
			}
			if (given instanceof ArrayValue array) {
				return array.getValues().size();
			}
			if (given instanceof IntValue integer) {
				BigInteger number = integer.getValue();
				return number.signum() < 0 ? 0 : number.bitLength() > 62 ? Long.MAX_VALUE : number.longValue();
			}
			return 1;
		}
	}

	/** A term of an estimate: {@code factor} times the size from {@code source} times {@code inner}. */
	record Term(long factor, SizeSource source, Cost inner) {
	}

	/** An estimate of result nodes: a fixed part plus terms whose list sizes depend on the request. */
	record Cost(long fixed, List<Term> terms) {

		static final Cost ZERO = new Cost(0, List.of());

		long value(Map<String, Object> variables) {
			long total = fixed;
			for (Term term : terms) {
				total = add(total, multiply(multiply(term.factor(), term.source().size(variables)),
						term.inner().value(variables)));
			}
			return total;
		}

		Cost plus(Cost other) {
			if (other.terms.isEmpty() && terms.isEmpty()) {
				return new Cost(add(fixed, other.fixed), List.of());
			}
			List<Term> all = new ArrayList<>(terms);
			all.addAll(other.terms);
			return new Cost(add(fixed, other.fixed), all);
		}

		Cost times(long factor) {
			if (factor == 1) {
				return this;
			}
			List<Term> scaled = new ArrayList<>(terms.size());
			for (Term term : terms) {
				scaled.add(new Term(multiply(term.factor(), factor), term.source(), term.inner()));
			}
			return new Cost(multiply(fixed, factor), scaled);
		}
	}

	/**
	 * Estimates result nodes with the schema: a field is one node, times the size of each list above it. A list's size
	 * is the number of {@code ids}, the {@code first} of the connection above it, or the assumed list size.
	 */
	private static final class Estimator {

		private final GraphQLSchema schema;

		private final Map<String, FragmentDefinition> fragments;

		private final long assumedListSize;

		private final Map<String, Cost> estimated = new HashMap<>();

		private final Set<String> estimating = new HashSet<>();

		Estimator(GraphQLSchema schema, Map<String, FragmentDefinition> fragments, long assumedListSize) {
			this.schema = schema;
			this.fragments = fragments;
			this.assumedListSize = assumedListSize;
		}

		/** @param paged true right below a connection whose {@code first} already counts its page */
		Cost cost(SelectionSet selectionSet, GraphQLCompositeType parent, boolean paged) {
			Cost total = Cost.ZERO;
			if (selectionSet == null) {
				return total;
			}
			for (Selection<?> selection : selectionSet.getSelections()) {
				if (selection instanceof Field field) {
					total = total.plus(field(field, parent, paged));
				}
				else if (selection instanceof InlineFragment inline) {
					GraphQLCompositeType type = inline.getTypeCondition() == null ? parent
							: composite(inline.getTypeCondition().getName(), parent);
					total = total.plus(cost(inline.getSelectionSet(), type, paged));
				}
				else if (selection instanceof FragmentSpread spread) {
					total = total.plus(fragment(spread.getName(), parent, paged));
				}
			}
			return total;
		}

		private Cost field(Field field, GraphQLCompositeType parent, boolean paged) {
			GraphQLFieldDefinition definition = Introspection.getFieldDef(schema, parent, field.getName());
			if (definition == null) {
				return new Cost(1, List.of());
			}
			GraphQLType type = GraphQLTypeUtil.unwrapNonNull(definition.getType());
			boolean list = GraphQLTypeUtil.isList(type);
			SizeSource source = sizeSource(field, definition);
			Cost below = Cost.ZERO;
			if (field.getSelectionSet() != null
					&& GraphQLTypeUtil.unwrapAll(type) instanceof GraphQLCompositeType composite) {
				below = cost(field.getSelectionSet(), composite, source != null && !list);
			}
			if (source != null) {
				return new Cost(1, List.of(new Term(1, source, below)));
			}
			return new Cost(1, List.of()).plus(below.times(list && !paged ? assumedListSize : 1));
		}

		private Cost fragment(String name, GraphQLCompositeType parent, boolean paged) {
			String key = name + (paged ? "/paged" : "");
			Cost known = estimated.get(key);
			if (known != null) {
				return known;
			}
			FragmentDefinition definition = fragments.get(name);
			if (definition == null || !estimating.add(key)) {
				return Cost.ZERO;
			}
			Cost cost = cost(definition.getSelectionSet(),
					composite(definition.getTypeCondition().getName(), parent), paged);
			estimating.remove(key);
			estimated.put(key, cost);
			return cost;
		}

		private GraphQLCompositeType composite(String typeName, GraphQLCompositeType fallback) {
			return schema.getType(typeName) instanceof GraphQLCompositeType composite ? composite : fallback;
		}

		private static SizeSource sizeSource(Field field, GraphQLFieldDefinition definition) {
			String name = definition.getArgument("ids") != null ? "ids"
					: definition.getArgument("first") != null ? "first" : null;
			if (name == null) {
				return null;
			}
			Value<?> value = null;
			for (Argument argument : field.getArguments()) {
				if (argument.getName().equals(name)) {
					value = argument.getValue();
				}
			}
			return new SizeSource(value, name.equals("first") ? DEFAULT_PAGE : 0);
		}
	}

	static long add(long a, long b) {
		long sum = a + b;
		return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
	}

	static long multiply(long a, long b) {
		long high = Math.multiplyHigh(a, b);
		long low = a * b;
		return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
	}
}
