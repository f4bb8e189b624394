package org.carnet.graphql;

import java.util.Map;
import java.util.function.Function;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache of parsed documents answers as a fresh parse would, and parses each text once. */
class ParsedDocumentsTests {

	private final GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(
			new SchemaParser().parse("type Query { greeting(name: String!): String }"),
			RuntimeWiring.newRuntimeWiring()
				.type("Query", type -> type.dataFetcher("greeting", env -> "Hello " + env.getArgument("name")))
				.build());

	private final ParsedDocuments documents = new ParsedDocuments(GraphQlLimitsTests.defaults(), () -> schema,
			(input, shape, refusal) -> {
			});

	private final GraphQL graphQl = GraphQL.newGraphQL(schema).preparsedDocumentProvider(documents).build();

	@Test
	void theSameDocumentWithOtherVariablesIsParsedOnceAndAnswersForEach() {
		String document = "query Greet($name: String!) { greeting(name: $name) }";
		int[] parses = { 0 };
		Function<ExecutionInput, PreparsedDocumentEntry> parse = input -> {
			parses[0]++;
			ParseAndValidateResult result = ParseAndValidate.parseAndValidate(schema, input);
			return result.isFailure() ? new PreparsedDocumentEntry(result.getErrors())
					: new PreparsedDocumentEntry(result.getDocument());
		};

		PreparsedDocumentEntry forAmina = documents.getDocumentAsync(input(document, "Amina"), parse).join();
		PreparsedDocumentEntry forYonas = documents.getDocumentAsync(input(document, "Yonas"), parse).join();
		ExecutionResult first = execute(document, "Amina");
		ExecutionResult second = execute(document, "Yonas");

		assertThat(parses[0]).isEqualTo(1);
		assertThat(forYonas).isSameAs(forAmina);
		assertThat(first.<Map<String, Object>>getData()).containsEntry("greeting", "Hello Amina");
		assertThat(second.<Map<String, Object>>getData()).containsEntry("greeting", "Hello Yonas");
	}

	@Test
	void anInvalidDocumentIsRefusedEveryTimeItIsSent() {
		String invalid = "{ greeting(name: \"x\") unknownField }";

		ExecutionResult first = execute(invalid, null);
		ExecutionResult second = execute(invalid, null);

		assertThat(first.getErrors()).isNotEmpty();
		assertThat(second.getErrors()).isEqualTo(first.getErrors());
		assertThat(second.<Object>getData()).isNull();
	}

	private ExecutionResult execute(String document, String name) {
		return graphQl.execute(input(document, name));
	}

	private static ExecutionInput input(String document, String name) {
		return ExecutionInput.newExecutionInput(document)
			.variables(name == null ? Map.of() : Map.of("name", name))
			.build();
	}
}
