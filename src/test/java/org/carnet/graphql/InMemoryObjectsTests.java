package org.carnet.graphql;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.ExecutionStrategy;
import graphql.execution.ResultNodesInfo;
import graphql.execution.SimpleDataFetcherExceptionHandler;
import graphql.execution.ValueUnboxer;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.dataloader.BatchLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;
import org.junit.jupiter.api.Test;

import org.assertj.core.api.InstanceOfAssertFactories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-pass completion of objects made of values in memory answers exactly what graphql-java answers (data, errors
 * and their paths, result nodes), for every document shape it takes and every one it hands back.
 */
class InMemoryObjectsTests {

	private static final String SDL = """
			scalar DateTime
			enum Severity { MILD SEVERE }
			type Query {
			  entries: [Entry!]!
			  maybe: [Entry]
			  holders: [Holder]
			  one(n: Int): Entry
			}
			type Entry {
			  id: ID!
			  substance: String
			  severity: Severity
			  at: DateTime
			  tags: [String!]
			  scores: [[Int]]
			  recorded: Provenance!
			  count: Int
			  strict: String!
			  computed: String
			  shout(loud: Boolean): String
			}
			type Provenance { by: String country: String }
			type Holder { name: String item: Entry }
			""";

	enum Severity {
		MILD, SEVERE
	}

	record Provenance(String by, String country) {
	}

	record Entry(String id, String substance, Object severity, OffsetDateTime at, List<String> tags,
			List<List<Integer>> scores, Provenance recorded, Object count, String strict) {
	}

	record Holder(String name, String itemId) {
	}

	private static Entry entry(int i) {
		return new Entry("e" + i, i % 3 == 0 ? null : "substance " + i + " \u0627\u0644\u0628\u0646\u0633\u0644\u064a\u0646",
				i % 2 == 0 ? Severity.MILD : Severity.SEVERE,
				OffsetDateTime.of(2026, 1, 1 + i % 28, 10, 0, 0, 0, ZoneOffset.UTC), i % 4 == 0 ? null : List.of("a", "b"),
				List.of(List.of(i, i + 1), new ArrayList<>(java.util.Arrays.asList(1, null))),
				new Provenance("clinician-" + i, "GR"), i, "strict-" + i);
	}

	private static final List<Entry> ENTRIES = java.util.stream.IntStream.range(0, 12)
		.mapToObj(InMemoryObjectsTests::entry)
		.toList();

	private final AtomicInteger unboxed = new AtomicInteger();

	private List<Entry> maybe = new ArrayList<>(ENTRIES);

	private GraphQL engine(ExecutionStrategy strategy) {
		return engine(strategy, null);
	}

	/** An engine; with {@code documents}, one that keeps parsed documents by text, as Carnet's does. */
	private GraphQL engine(ExecutionStrategy strategy, Map<String, PreparsedDocumentEntry> documents) {
		DataFetcher<?> computed = environment -> "computed " + environment.<Entry>getSource().id();
		DataFetcher<?> shout = environment -> Boolean.TRUE.equals(environment.getArgument("loud"))
				? environment.<Entry>getSource().id().toUpperCase() : environment.<Entry>getSource().id();
		RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
			.scalar(DateTimeScalar.INSTANCE)
			.type("Query", type -> type.dataFetcher("entries", environment -> ENTRIES)
				.dataFetcher("maybe", environment -> maybe)
				.dataFetcher("holders",
						environment -> List.of(new Holder("first", "e1"), new Holder("second", "e2"), new Holder(null, "none")))
				.dataFetcher("one", environment -> ENTRIES.get(environment.<Integer>getArgument("n"))))
			.type("Entry", type -> type.dataFetcher("computed", computed).dataFetcher("shout", shout))
			.type("Holder", type -> type.dataFetcher("item",
					environment -> environment.getDataLoader("entries").load(environment.<Holder>getSource().itemId())))
			.build();
		GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(SDL), wiring);
		ValueUnboxer counting = value -> {
			unboxed.incrementAndGet();
			return ValueUnboxer.DEFAULT.unbox(value);
		};
		GraphQL.Builder builder = GraphQL.newGraphQL(schema)
			.queryExecutionStrategy(strategy)
			.instrumentation(SimplePerformantInstrumentation.INSTANCE)
			.valueUnboxer(counting);
		if (documents != null) {
			builder.preparsedDocumentProvider((input, parse) -> CompletableFuture
				.completedFuture(documents.computeIfAbsent(input.getQuery(), text -> parse.apply(input))));
		}
		return builder.build();
	}

	/** The answer as graphql-java's specification map, and the result nodes it counted. */
	private record Answer(Map<String, Object> specification, int nodes, boolean exceeded, int unboxed) {
	}

	private Answer run(ExecutionStrategy strategy, String document, Map<String, Object> variables, Integer maxNodes)
			throws Exception {
		return run(engine(strategy), document, variables, maxNodes);
	}

	private Answer run(GraphQL engine, String document, Map<String, Object> variables, Integer maxNodes)
			throws Exception {
		unboxed.set(0);
		BatchLoader<String, Entry> loader = ids -> CompletableFuture.completedFuture(ids.stream()
			.map(id -> ENTRIES.stream().filter(entry -> entry.id().equals(id)).findFirst().orElse(null))
			.toList());
		DataLoaderRegistry loaders = DataLoaderRegistry.newRegistry()
			.register("entries", DataLoaderFactory.newDataLoader(loader))
			.build();
		ExecutionInput input = ExecutionInput.newExecutionInput(document)
			.variables(variables)
			.dataLoaderRegistry(loaders)
			.graphQLContext(builder -> {
				if (maxNodes != null) {
					builder.of(ResultNodesInfo.MAX_RESULT_NODES, maxNodes);
				}
			})
			.build();
		ExecutionResult result = engine.executeAsync(input).get(10, TimeUnit.SECONDS);
		ResultNodesInfo nodes = input.getGraphQLContext().get(ResultNodesInfo.RESULT_NODES_INFO);
		return new Answer(result.toSpecification(), nodes.getResultNodesCount(), nodes.isMaxResultNodesExceeded(),
				unboxed.get());
	}

	private Answer[] both(String document, Map<String, Object> variables, Integer maxNodes) throws Exception {
		Answer graphqlJava = run(new AsyncExecutionStrategy(new SimpleDataFetcherExceptionHandler()), document,
				variables, maxNodes);
		Answer onePass = run(new InMemoryObjects(new SimpleDataFetcherExceptionHandler()), document, variables,
				maxNodes);
		assertThat(onePass.exceeded()).isEqualTo(graphqlJava.exceeded());
		if (!graphqlJava.exceeded()) {
			// past the limit graphql-java fetches nulls and Carnet answers only the limit's error (ExecutionBudget)
			assertThat(onePass.specification()).isEqualTo(graphqlJava.specification());
			assertThat(onePass.nodes()).isEqualTo(graphqlJava.nodes());
		}
		return new Answer[] { graphqlJava, onePass };
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> entries(Answer answer, String field) {
		return (List<Map<String, Object>>) ((Map<String, Object>) answer.specification().get("data")).get(field);
	}

	@Test
	void everyFieldKindAnswersAsGraphqlJavaAndIsCompletedInOnePass() throws Exception {
		String document = """
				query Q($withTags: Boolean!, $noCount: Boolean!) {
				  entries {
				    id
				    name: substance
				    substance
				    severity
				    at
				    tags @include(if: $withTags)
				    scores
				    count @skip(if: $noCount)
				    recorded { by country where: country }
				    ...More
				    ... on Entry { strict recorded { by } }
				  }
				}
				fragment More on Entry { severity at }
				""";
		Answer[] answers = both(document, Map.of("withTags", true, "noCount", false), null);
		assertThat(answers[0].specification()).doesNotContainKey("errors");
		List<Map<String, Object>> entries = entries(answers[0], "entries");
		assertThat(entries).hasSize(12);
		assertThat(entries.get(1)).containsEntry("name", "substance 1 \u0627\u0644\u0628\u0646\u0633\u0644\u064a\u0646")
			.containsEntry("severity", "SEVERE")
			.containsEntry("at", "2026-01-02T10:00:00.000Z")
			.containsEntry("recorded", Map.of("by", "clinician-1", "country", "GR", "where", "GR"));
		// graphql-java unboxes every value twice (fetched, then completed); the one pass once
		assertThat(answers[1].unboxed()).isLessThan(answers[0].unboxed());

		Answer[] skipped = both(document, Map.of("withTags", false, "noCount", true), null);
		assertThat(entries(skipped[1], "entries").get(1)).doesNotContainKeys("tags", "count");
	}

	@Test
	void aNullWhereTheSchemaPromisesNoneIsGraphqlJavasErrorAndNullBubbling() throws Exception {
		maybe = new ArrayList<>(ENTRIES);
		Entry broken = ENTRIES.get(5);
		maybe.set(5, new Entry(broken.id(), broken.substance(), broken.severity(), broken.at(), broken.tags(),
				broken.scores(), broken.recorded(), broken.count(), null));
		maybe.set(7, null);
		Answer[] answers = both("{ maybe { id strict recorded { by } } }", Map.of(), null);
		assertThat(answers[1].specification().get("errors").toString()).contains("strict").contains("maybe, 5");
		List<Map<String, Object>> entries = entries(answers[1], "maybe");
		assertThat(entries.get(5)).isNull();
		assertThat(entries.get(7)).isNull();
		assertThat(entries.get(6)).isNotNull();
	}

	@Test
	void valuesAScalarOrEnumRefusesAreGraphqlJavasSerialisationErrors() throws Exception {
		maybe = new ArrayList<>(ENTRIES);
		Entry entry = ENTRIES.get(2);
		maybe.set(2, new Entry(entry.id(), entry.substance(), "UNHEARD_OF", entry.at(), entry.tags(), entry.scores(),
				entry.recorded(), 1L << 40, entry.strict()));
		Answer[] answers = both("{ maybe { id severity count } }", Map.of(), null);
		assertThat(answers[1].specification().get("errors").toString()).contains("severity").contains("count");
	}

	@Test
	void fieldsWithWorkArgumentsIntrospectionOrLoadersAreLeftToGraphqlJava() throws Exception {
		Answer[] computed = both("{ entries { id computed shout(loud: true) __typename recorded { by } } }", Map.of(),
				null);
		assertThat(computed[1].specification().toString()).contains("computed e3").contains("E3").contains("Entry");
		Answer[] loaded = both("{ holders { name item { id substance recorded { country } } } entries { id } }",
				Map.of(), null);
		assertThat(loaded[1].specification().toString()).contains("substance 1").contains("item=null");
		Answer[] argument = both("{ one(n: 4) { id tags severity } }", Map.of(), null);
		assertThat(argument[1].specification().toString()).contains("e4");
	}

	@Test
	void resultNodesAreCountedAsGraphqlJavaCountsThemAndTheLimitIsSeen() throws Exception {
		String document = "{ entries { id tags scores recorded { by country } } }";
		Answer[] unlimited = both(document, Map.of(), null);
		assertThat(unlimited[1].nodes()).isGreaterThan(12 * 6);
		Answer[] limited = both(document, Map.of(), unlimited[0].nodes() - 1);
		assertThat(limited[1].exceeded()).isTrue();
		Answer[] exact = both(document, Map.of(), unlimited[0].nodes());
		assertThat(exact[1].exceeded()).isFalse();
	}

	@Test
	void requestsSendingTheSameParsedDocumentAnswerAsGraphqlJavaEachTime() throws Exception {
		// one engine and one strategy for every request, with the parsed document kept by its text, as in Carnet
		GraphQL shared = engine(new InMemoryObjects(new SimpleDataFetcherExceptionHandler()),
				new java.util.concurrent.ConcurrentHashMap<>());
		// a fragment spread in two places merges with different siblings: two selections from one field node
		String document = """
				query Q($n: Int) {
				  maybe { id ...F recorded { by } }
				  first: holders { ...H item { id } }
				  second: holders { ...H }
				  one(n: $n) { ...F }
				}
				fragment F on Entry { substance recorded { country } severity @skip(if: false) count @include(if: false) }
				fragment H on Holder { name item { substance recorded { country } } }
				""";
		for (int n = 0; n < 4; n++) {
			maybe = new ArrayList<>(ENTRIES.subList(n, ENTRIES.size()));
			if (n == 2) {
				Entry entry = ENTRIES.get(3);
				// a value the enum refuses: this time the pass hands the object back to graphql-java
				maybe.set(0, new Entry(entry.id(), entry.substance(), "UNHEARD_OF", entry.at(), entry.tags(),
						entry.scores(), entry.recorded(), entry.count(), entry.strict()));
			}
			Answer graphqlJava = run(new AsyncExecutionStrategy(new SimpleDataFetcherExceptionHandler()), document,
					Map.of("n", n), null);
			Answer onePass = run(shared, document, Map.of("n", n), null);
			assertThat(onePass.specification()).isEqualTo(graphqlJava.specification());
			assertThat(onePass.nodes()).isEqualTo(graphqlJava.nodes());
			List<Map<String, Object>> entries = entries(onePass, "maybe");
			assertThat(entries.get(1)).containsOnlyKeys("id", "recorded", "substance", "severity");
			assertThat(entries.get(1).get("recorded")).isEqualTo(Map.of("by", "clinician-" + (n + 1), "country", "GR"));
			assertThat(entries(onePass, "first").get(0).get("item")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsOnlyKeys("id", "substance", "recorded");
			assertThat(entries(onePass, "second").get(0).get("item")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsOnlyKeys("substance", "recorded");
		}
	}

	@Test
	void aSelectionThatChangesWithTheVariablesIsWorkedOutForEachRequest() throws Exception {
		GraphQL shared = engine(new InMemoryObjects(new SimpleDataFetcherExceptionHandler()),
				new java.util.concurrent.ConcurrentHashMap<>());
		String document = """
				query Q($withTags: Boolean!, $noCount: Boolean!) {
				  entries { id tags @include(if: $withTags) ...C }
				}
				fragment C on Entry { count @skip(if: $noCount) }
				""";
		for (boolean on : new boolean[] { true, false, true }) {
			Map<String, Object> variables = Map.of("withTags", on, "noCount", !on);
			Answer graphqlJava = run(new AsyncExecutionStrategy(new SimpleDataFetcherExceptionHandler()), document,
					variables, null);
			Answer onePass = run(shared, document, variables, null);
			assertThat(onePass.specification()).isEqualTo(graphqlJava.specification());
			if (on) {
				assertThat(entries(onePass, "entries").get(1)).containsOnlyKeys("id", "tags", "count");
			}
			else {
				assertThat(entries(onePass, "entries").get(1)).containsOnlyKeys("id");
			}
		}
	}
}
