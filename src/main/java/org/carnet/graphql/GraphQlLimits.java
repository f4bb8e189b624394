package org.carnet.graphql;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much work one GraphQL request may ask for ({@code carnet.graphql.limits.*}). Everything but the result nodes
 * and the execution timeout is checked before execution, on the document with its fragments expanded (aliases
 * counted as the fields they are): a refused document runs no fetcher, reads and decrypts nothing.
 *
 * @param maxCharacters the document's length in characters (default 20,000; the benchmark's whole-record document has 1,562)
 * @param maxTokens the parser's grammar tokens (default 1,000, graphql-armor's; the benchmark's whole-record document has 245)
 * @param maxAliases aliased fields, fragments expanded (default 15, graphql-armor's)
 * @param maxDepth nesting of fields, fragments expanded, a root field being 1; introspection fields are not counted
 * (default 8; the deepest path of the schema a client needs is 6: auditEvents, edges, node, requester, organisation,
 * name)
 * @param maxDirectives directives used, fragments expanded (default 50, graphql-armor's)
 * @param maxFields fields selected, fragments expanded and aliases counted, without list sizes (default 1,000; a
 * whole-record document selects 171)
 * @param maxCost the estimated number of result nodes: every field counts 1, times the sizes of the lists above it
 * (default 200,000: a whole record is about 1,600, so that {@code persons} with its 100 ids and every field of the
 * record passes, at 159,201)
 * @param assumedListSize the size assumed for a list whose length no argument states, such as a section of a record
 * (default 10; records hold about 4 entries per section on average)
 * @param maxResultNodes the result nodes actually produced, counted during execution: the bound when an estimate was
 * too low (default 250,000, about 30 MB of answer)
 * @param executionTimeout how long a query may execute; after it the answer carries no data, one error (default 10s)
 * @param maxRootMutationFields root fields of one mutation (default 10)
 * @param mutationsPerDocument how often one mutation with effects on a person may appear in one document (default 1
 * each for breakGlass, requestConsent, createShareCode, redeemShareCode, registerPerson, erasePerson)
 */
@ConfigurationProperties("carnet.graphql.limits")
record GraphQlLimits(@DefaultValue("20000") int maxCharacters, @DefaultValue("1000") int maxTokens,
		@DefaultValue("15") int maxAliases, @DefaultValue("8") int maxDepth, @DefaultValue("50") int maxDirectives,
		@DefaultValue("1000") int maxFields, @DefaultValue("200000") long maxCost,
		@DefaultValue("10") int assumedListSize, @DefaultValue("250000") long maxResultNodes,
		@DefaultValue("10s") Duration executionTimeout, @DefaultValue("10") int maxRootMutationFields,
		Map<String, Integer> mutationsPerDocument) {

	/** The mutations with effects on a person (a notification, a grant, a record) and how often a document may ask. */
	static final Map<String, Integer> DEFAULT_MUTATIONS_PER_DOCUMENT;

	static {
		Map<String, Integer> once = new LinkedHashMap<>();
		for (String field : new String[] { "breakGlass", "requestConsent", "createShareCode", "redeemShareCode",
				"registerPerson", "erasePerson" }) {
			once.put(field, 1);
		}
		DEFAULT_MUTATIONS_PER_DOCUMENT = Map.copyOf(once);
	}

	GraphQlLimits {
		positive("max-characters", maxCharacters);
		positive("max-tokens", maxTokens);
		atLeast("max-aliases", maxAliases, 0);
		positive("max-depth", maxDepth);
		atLeast("max-directives", maxDirectives, 0);
		positive("max-fields", maxFields);
		positive("max-cost", maxCost);
		positive("assumed-list-size", assumedListSize);
		positive("max-result-nodes", maxResultNodes);
		positive("max-root-mutation-fields", maxRootMutationFields);
		if (executionTimeout == null || executionTimeout.isNegative() || executionTimeout.isZero()) {
			throw new IllegalArgumentException("carnet.graphql.limits.execution-timeout must be positive");
		}
		Map<String, Integer> perDocument = new LinkedHashMap<>(DEFAULT_MUTATIONS_PER_DOCUMENT);
		if (mutationsPerDocument != null) {
			mutationsPerDocument.forEach((field, limit) -> {
				if (limit == null || limit < 1) {
					throw new IllegalArgumentException("carnet.graphql.limits.mutations-per-document." + field
							+ " must be at least 1, was " + limit);
				}
				perDocument.put(field, limit);
			});
		}
		mutationsPerDocument = Map.copyOf(perDocument);
	}

	private static void positive(String name, long value) {
		atLeast(name, value, 1);
	}

	private static void atLeast(String name, long value, long minimum) {
		if (value < minimum) {
			throw new IllegalArgumentException("carnet.graphql.limits." + name + " must be at least " + minimum
					+ ", was " + value);
		}
	}
}
