package org.carnet.graphql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bound during execution, for when an estimate was too low: past its result nodes or its time, no fetcher runs
 * any more and a query answers one error without data; a mutation is never stopped midway.
 */
class ExecutionBudgetTests {

	private final AtomicInteger changes = new AtomicInteger();

	private final GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse("""
			type Query { entries: [Entry!]!  slow: String }
			type Entry { id: Int!  text: String }
			type Mutation { change: Int!  slowChange: Int! }"""), RuntimeWiring.newRuntimeWiring()
		.type("Query", type -> type.dataFetcher("entries", env -> entries(1_000)).dataFetcher("slow", env -> {
			Thread.sleep(300);
			return "late";
		}))
		.type("Mutation", type -> type.dataFetcher("change", env -> changes.incrementAndGet())
			.dataFetcher("slowChange", env -> {
				Thread.sleep(300);
				return changes.incrementAndGet();
			}))
		.build());

	@Test
	void aQueryWhoseAnswerOutgrowsItsResultNodesAnswersOneErrorWithoutData() {
		ExecutionResult result = graphQl(limits(100, Duration.ofSeconds(10))).execute("{ entries { id text } }");

		assertThat(result.isDataPresent()).isFalse();
		assertThat(result.getErrors()).singleElement().satisfies(error -> {
			assertThat(error.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST);
			assertThat(error.getExtensions()).containsEntry("limit", "resultNodes").containsEntry("maximum", 100L)
				.containsEntry("measured", 101L);
		});
	}

	@Test
	void aQueryRunningPastItsTimeoutAnswersOneErrorWithoutData() {
		ExecutionResult result = graphQl(limits(1_000_000, Duration.ofMillis(100)))
			.execute("{ slow entries { id } }");

		assertThat(result.isDataPresent()).isFalse();
		assertThat(result.getErrors()).singleElement()
			.satisfies(error -> assertThat(error.getExtensions()).containsEntry("limit", "executionTimeout")
				.containsEntry("maximum", 100L));
	}

	@Test
	void aMutationIsNotStoppedMidwaySoNoChangeIsMadeWithoutItsAnswer() {
		ExecutionResult result = graphQl(limits(1, Duration.ofMillis(100))).execute("mutation { slowChange change }");

		assertThat(result.getErrors()).isEmpty();
		assertThat(result.<Map<String, Object>>getData()).containsEntry("slowChange", 1).containsEntry("change", 2);
	}

	@Test
	void aQueryWithinItsBudgetIsAnsweredWhole() {
		ExecutionResult result = graphQl(limits(10_000, Duration.ofSeconds(10))).execute("{ entries { id text } }");

		assertThat(result.getErrors()).isEmpty();
		assertThat(result.<Map<String, List<?>>>getData().get("entries")).hasSize(1_000);
	}

	private GraphQL graphQl(GraphQlLimits limits) {
		return GraphQL.newGraphQL(schema).instrumentation(new ExecutionBudget(limits)).build();
	}

	private static GraphQlLimits limits(long resultNodes, Duration timeout) {
		GraphQlLimits defaults = GraphQlLimitsTests.defaults();
		return new GraphQlLimits(defaults.maxCharacters(), defaults.maxTokens(), defaults.maxAliases(),
				defaults.maxDepth(), defaults.maxDirectives(), defaults.maxFields(), defaults.maxCost(),
				defaults.assumedListSize(), resultNodes, timeout, defaults.maxRootMutationFields(), null);
	}

	private static List<Map<String, Object>> entries(int count) {
		List<Map<String, Object>> entries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			entries.add(Map.of("id", i, "text", "entry " + i));
		}
		return entries;
	}
}
