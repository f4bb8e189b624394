package org.carnet.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import graphql.ExecutionInput;
import graphql.GraphQL;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.carnet.security.HostileDocuments;
import org.carnet.testing.Documents;

/**
 * What the limits cost, measured in timed loops on one thread (not a test: run it with {@code mvn -Pbench test
 * -Dbench.jmh.skip=true -Dbench.main=org.carnet.graphql.LimitsCheckCost}): the per-request check of a cached
 * document, the first sight of a document (parse, measure, validate, estimate), refusing hostile documents, and the
 * execution budget's per-field charge on a record-sized answer executed in memory.
 */
public final class LimitsCheckCost {

	public static void main(String[] args) {
		GraphQLSchema schema = GraphQlLimitsTests.SCHEMA;
		GraphQlLimits limits = GraphQlLimitsTests.defaults();
		Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate = input -> {
			ParseAndValidateResult result = ParseAndValidate.parseAndValidate(schema, input);
			return result.isFailure() ? new PreparsedDocumentEntry(result.getErrors())
					: new PreparsedDocumentEntry(result.getDocument());
		};
		ParsedDocuments documents = new ParsedDocuments(limits, () -> schema, (input, shape, refusal) -> {
		});
		List<String> hundred = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			hundred.add(UUID.randomUUID().toString());
		}
		ExecutionInput person = ExecutionInput.newExecutionInput(Documents.PERSON)
			.variables(Map.of("id", hundred.get(0), "purpose", "TREATMENT"))
			.build();
		ExecutionInput persons = ExecutionInput.newExecutionInput(Documents.PERSONS)
			.variables(Map.of("ids", hundred, "purpose", "TREATMENT"))
			.build();
		DocumentShape shape = DocumentShape.measure(graphql.parser.Parser.parse(Documents.PERSON))
			.estimate(schema, limits.assumedListSize());
		DocumentShape listShape = DocumentShape.measure(graphql.parser.Parser.parse(Documents.PERSONS))
			.estimate(schema, limits.assumedListSize());
		System.out.printf("whole record (Documents.PERSON): %d characters, %s, estimate %d; persons(100 ids): %d%n",
				Documents.PERSON.length(), shape.counts(), shape.cost(null, person.getVariables()),
				listShape.cost(null, persons.getVariables()));

		for (int round = 0; round < Integer.getInteger("rounds", 3); round++) {
			time("per request, cached document (cache look-up + estimate), person", 2_000_000,
					() -> documents.getDocumentAsync(person, parseAndValidate).join());
			time("per request, cached document, persons(100 ids)", 2_000_000,
					() -> documents.getDocumentAsync(persons, parseAndValidate).join());
			time("estimate alone, persons(100 ids)", 5_000_000,
					() -> listShape.cost(null, persons.getVariables()));
			time("first sight of the whole-record document (parse, measure, validate, estimate)", 3_000, () -> {
				ParsedDocuments fresh = new ParsedDocuments(limits, () -> schema, (input, s, refusal) -> {
				});
				fresh.getDocumentAsync(person, parseAndValidate).join();
			});
			time("parse and validate alone (what the cache did before)", 3_000,
					() -> parseAndValidate.apply(person));
			String heavy = HostileDocuments.personsTimesSections();
			String compact = HostileDocuments.compactPersonsTimesSections();
			String doubling = HostileDocuments.doublingFragments(60);
			int[] counter = { 0 };
			time("refuse the 7 KB document (tokens), never seen", 3_000, () -> new ParsedDocuments(limits,
					() -> schema, (input, s, refusal) -> {
					}).getDocumentAsync(ExecutionInput.newExecutionInput(heavy + "#" + counter[0]++)
						.variables(Map.of("ids", hundred))
						.build(), parseAndValidate).join());
			time("refuse the compact document (aliases), never seen", 3_000, () -> new ParsedDocuments(limits,
					() -> schema, (input, s, refusal) -> {
					}).getDocumentAsync(ExecutionInput.newExecutionInput(compact).variables(Map.of()).build(),
							parseAndValidate).join());
			time("refuse 2^60 fields through doubling fragments, never seen", 3_000, () -> new ParsedDocuments(
					limits, () -> schema, (input, s, refusal) -> {
					}).getDocumentAsync(ExecutionInput.newExecutionInput(doubling).variables(Map.of()).build(),
							parseAndValidate).join());
			executionBudget(limits);
		}
	}

	/** A record-sized answer (11 sections x 4 entries x 14 fields, about 620 fields) with and without the budget. */
	private static void executionBudget(GraphQlLimits limits) {
		StringBuilder sdl = new StringBuilder("type Query { record: Record }\ntype Record {");
		StringBuilder query = new StringBuilder("{ record {");
		for (int s = 0; s < 11; s++) {
			sdl.append(" s").append(s).append(": [Entry!]");
			query.append(" s").append(s).append(" { a b c d e f g h i j recorded { at by country source } }");
		}
		sdl.append(" }\ntype Entry { a: String b: String c: String d: String e: String f: String g: String h: String "
				+ "i: String j: String recorded: Provenance }\ntype Provenance { at: String by: String country: String "
				+ "source: String }");
		Map<String, Object> provenance = Map.of("at", "2026-01-01T00:00:00Z", "by", "dr.test", "country", "GR",
				"source", "CLINICIAN");
		Map<String, Object> entry = new LinkedHashMap<>();
		for (String field : new String[] { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j" }) {
			entry.put(field, "value of " + field);
		}
		entry.put("recorded", provenance);
		Map<String, Object> record = new LinkedHashMap<>();
		for (int s = 0; s < 11; s++) {
			record.put("s" + s, List.of(entry, entry, entry, entry));
		}
		GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl.toString()),
				RuntimeWiring.newRuntimeWiring().type("Query", t -> t.dataFetcher("record", env -> record)).build());
		GraphQL without = GraphQL.newGraphQL(schema).build();
		GraphQL with = GraphQL.newGraphQL(schema).instrumentation(new ExecutionBudget(limits)).build();
		String document = query.append(" } }").toString();
		// alternating slices, medians of thread CPU time: the machine is shared, and the order must not favour one
		List<Double> plain = new ArrayList<>();
		List<Double> budgeted = new ArrayList<>();
		for (int slice = 0; slice < 40; slice++) {
			plain.add(cpuMicros(1_000, () -> without.execute(document)));
			budgeted.add(cpuMicros(1_000, () -> with.execute(document)));
		}
		plain.sort(null);
		budgeted.sort(null);
		double a = plain.get(plain.size() / 2);
		double b = budgeted.get(budgeted.size() / 2);
		System.out.printf("execute a record-sized answer (%d fields) in memory: %.1f µs CPU without the budget, "
				+ "%.1f µs with (%+.1f%%; medians of 40 alternating slices)%n", 11 * 4 * 15 + 12, a, b,
				100 * (b - a) / a);
	}

	private static void time(String what, int times, Runnable work) {
		cpuMicros(Math.max(1, times / 10), work);
		System.out.printf("%-90s %10.3f µs CPU%n", what, cpuMicros(times, work));
	}

	private static double cpuMicros(int times, Runnable work) {
		java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
		long started = threads.getCurrentThreadCpuTime();
		for (int i = 0; i < times; i++) {
			work.run();
		}
		return (threads.getCurrentThreadCpuTime() - started) / 1_000.0 / times;
	}

	private LimitsCheckCost() {
	}
}
