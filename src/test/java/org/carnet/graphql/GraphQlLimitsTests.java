package org.carnet.graphql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import graphql.ExecutionInput;
import graphql.GraphQLError;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import org.carnet.security.HostileDocuments;
import org.carnet.testing.Documents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits of a document, measured on Carnet's schema without a server: the documents clients send pass at the
 * defaults, the hostile ones are refused by the limit they break, and measuring stays cheap however the fragments
 * multiply.
 */
class GraphQlLimitsTests {

	static final GraphQLSchema SCHEMA = schema();

	/** The defaults of {@code carnet.graphql.limits}, as the application binds them. */
	static GraphQlLimits defaults() {
		return new GraphQlLimits(20_000, 1_000, 15, 8, 50, 1_000, 200_000, 10, 250_000, Duration.ofSeconds(10), 10,
				null);
	}

	private final ParsedDocuments documents = new ParsedDocuments(defaults(), () -> SCHEMA, (input, shape, refusal) -> {
	});

	@Test
	void theWholeRecordDocumentsOfTheBenchmarkPassWithAHundredIds() {
		List<String> hundred = ids(100);

		assertThat(errors(Documents.PERSON, Map.of("id", hundred.get(0), "purpose", "TREATMENT"))).isEmpty();
		assertThat(errors(Documents.MY_RECORD, Map.of())).isEmpty();
		assertThat(errors(Documents.PERSONS, Map.of("ids", hundred, "purpose", "TREATMENT"))).isEmpty();
		assertThat(errors(Documents.ME, Map.of())).isEmpty();
	}

	@Test
	void theListQueryIsRefusedByItsEstimateOnlyWhenItsIdsMakeItTooLarge() {
		List<GraphQLError> refused = errors(Documents.PERSONS, Map.of("ids", ids(150), "purpose", "TREATMENT"));

		assertThat(refused).singleElement().satisfies(error -> {
			assertThat(error.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST);
			assertThat(error.getExtensions()).containsEntry("limit", "cost").containsEntry("maximum", 200_000L);
			assertThat((Long) error.getExtensions().get("measured")).isGreaterThan(200_000L);
		});
		assertThat(errors(Documents.PERSONS, Map.of("ids", ids(100), "purpose", "TREATMENT"))).isEmpty();
	}

	@Test
	void aliasesMultipliedThroughFragmentsAreRefusedByTheTokenOrTheAliasLimit() {
		String heavy = HostileDocuments.personsTimesSections();

		String compact = HostileDocuments.compactPersonsTimesSections();

		assertThat(heavy.length()).isBetween(6_000, 8_500);
		assertThat(errors(heavy, Map.of("ids", ids(2)))).singleElement()
			.satisfies(error -> assertThat(error.getExtensions()).containsEntry("limit", "tokens")
				.containsEntry("maximum", 1_000L));
		assertThat(errors(compact, Map.of("ids", ids(2)))).singleElement()
			.satisfies(error -> assertThat(error.getExtensions()).containsEntry("limit", "aliases")
				.containsEntry("maximum", 15L));
	}

	@Test
	void fragmentsThatDoubleEachOtherAreRefusedByTheFieldLimitWithoutExpandingThem() {
		String doubling = HostileDocuments.doublingFragments(60);

		long started = System.nanoTime();
		List<GraphQLError> refused = errors(doubling, Map.of());
		long millis = (System.nanoTime() - started) / 1_000_000;

		assertThat(refused).singleElement().satisfies(error -> {
			assertThat(error.getExtensions()).containsEntry("limit", "fields");
			assertThat((Long) error.getExtensions().get("measured")).isGreaterThan(1L << 59);
		});
		assertThat(millis).isLessThan(1_000);
	}

	@Test
	void aDocumentDeeperThanTheLimitIsRefused() {
		String deep = "{ auditEvents { edges { node { requester { organisation { name } } } } } }";
		String deeper = "{ a: auditEvents { edges { node { requester { organisation { name } } } } } "
				+ "myRecord { encounters { referrals { to } } } }";

		assertThat(errors(deep, Map.of())).isEmpty();
		assertThat(shape(deeper).counts().depth()).isEqualTo(6);
		assertThat(shape("{ me { ...A } } fragment A on Viewer { organisation { ... on Organisation { name } } }")
			.counts()
			.depth()).isEqualTo(3);
	}

	@Test
	void twoBreakGlassOpeningsInOneDocumentAreRefusedAndOneIsAccepted() {
		String two = """
				mutation Twice($p: ID!) {
				  a: breakGlass(personId: $p, justification: "unconscious, allergies unknown") { id }
				  ...More
				}
				fragment More on Mutation { breakGlass(personId: $p, justification: "unconscious again") { id } }""";
		String one = """
				mutation Once($p: ID!) { breakGlass(personId: $p, justification: "unconscious, allergies unknown") { id } }""";

		assertThat(errors(two, Map.of("p", ids(1).get(0)))).singleElement()
			.satisfies(error -> assertThat(error.getExtensions())
				.containsEntry("limit", "mutationsPerDocument.breakGlass")
				.containsEntry("maximum", 1L)
				.containsEntry("measured", 2L));
		assertThat(errors(one, Map.of("p", ids(1).get(0)))).isEmpty();
	}

	@Test
	void aDocumentOfMoreTokensThanTheLimitIsRefusedByTheParser() {
		StringBuilder many = new StringBuilder("{ me { ");
		for (int i = 0; i < 1200; i++) {
			many.append("subject ");
		}
		many.append("} }");

		assertThat(errors(many.toString(), Map.of())).singleElement()
			.satisfies(error -> assertThat(error.getExtensions()).containsEntry("limit", "tokens")
				.containsEntry("maximum", 1_000L));
	}

	private List<GraphQLError> errors(String document, Map<String, Object> variables) {
		ExecutionInput input = ExecutionInput.newExecutionInput(document).variables(variables).build();
		PreparsedDocumentEntry entry = documents.getDocumentAsync(input, GraphQlLimitsTests::parseAndValidate).join();
		return new ArrayList<>(entry.getErrors() == null ? List.of() : entry.getErrors());
	}

	private static DocumentShape shape(String document) {
		return DocumentShape.measure(graphql.parser.Parser.parse(document));
	}

	private static PreparsedDocumentEntry parseAndValidate(ExecutionInput input) {
		ParseAndValidateResult result = ParseAndValidate.parseAndValidate(SCHEMA, input);
		return result.isFailure() ? new PreparsedDocumentEntry(result.getErrors())
				: new PreparsedDocumentEntry(result.getDocument());
	}

	static List<String> ids(int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(java.util.UUID.randomUUID().toString());
		}
		return ids;
	}

	private static GraphQLSchema schema() {
		TypeDefinitionRegistry registry = new TypeDefinitionRegistry();
		try (Stream<Path> files = Files.list(Path.of("schema"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".graphqls")).sorted().toList()) {
				registry.merge(new SchemaParser().parse(Files.readString(file)));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return UnExecutableSchemaGenerator.makeUnExecutableSchema(registry);
	}
}
