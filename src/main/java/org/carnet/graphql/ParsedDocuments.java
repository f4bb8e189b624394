package org.carnet.graphql;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.parser.exceptions.ParseCancelledException;
import graphql.schema.GraphQLSchema;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.stereotype.Component;

/**
 * Keeps parsed and validated documents by their text, with what each asks for measured against
 * {@link GraphQlLimits}. Clinic systems send the same few documents with different variables, and parsing plus
 * validating a whole-record document cost more CPU than executing it (benchmarks, README). Validation depends only on
 * the document and the schema, so a cached answer (with its validation errors, if any) is the answer a fresh parse
 * would give. Bounded by the total length of the cached texts, so that a client sending ever new documents cannot
 * grow it.
 * <p>
 * A new text is parsed with the limits on characters and tokens, then measured (aliases, depth, directives, fields,
 * root mutation fields, fragments expanded) <em>before</em> it is validated, since validating a document of aliases
 * multiplied through fragments is itself costly; a document over a limit is refused as it is, and that refusal is
 * cached like any other answer. Only the estimate of result nodes depends on the variables (the number of {@code ids},
 * the {@code first} of a page): it is evaluated per request from the cached estimate. A refused request runs no
 * fetcher.
 */
@Component
class ParsedDocuments implements PreparsedDocumentProvider, GraphQlSourceBuilderCustomizer {

	/** About 10 MB of document text at most (a character is two bytes; the parsed form is of the same order). */
	private static final long MAX_CHARACTERS = 5_000_000;

	/** Told about every refusal of a mutation document, so that an attempt on a person is audited. */
	interface Refusals {

		void refused(ExecutionInput input, DocumentShape shape, LimitExceeded refusal);
	}

	/** A document's cached answer: the entry graphql-java executes, its shape, and the limit it broke if any. */
	private record Prepared(PreparsedDocumentEntry entry, DocumentShape shape, LimitExceeded refusal) {
	}

	private final Cache<String, Prepared> documents = Caffeine.newBuilder()
		.maximumWeight(MAX_CHARACTERS)
		.weigher((String text, Prepared prepared) -> text.length())
		.build();

	private final GraphQlLimits limits;

	private final Supplier<GraphQLSchema> schema;

	private final Refusals refusals;

	private final ParserOptions parserOptions;

	@Autowired
	ParsedDocuments(GraphQlLimits limits, ObjectProvider<GraphQlSource> source, RefusedMutations refusals) {
		this(limits, () -> source.getObject().schema(), refusals);
	}

	ParsedDocuments(GraphQlLimits limits, Supplier<GraphQLSchema> schema, Refusals refusals) {
		this.limits = limits;
		this.schema = schema;
		this.refusals = refusals;
		this.parserOptions = ParserOptions.getDefaultOperationParserOptions()
			.transform(options -> options.maxCharacters(limits.maxCharacters())
				.maxTokens(limits.maxTokens())
				.captureSourceLocation(false)
				.captureLineComments(false));
	}

	@Override
	public void customize(GraphQlSource.SchemaResourceBuilder builder) {
		builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(this));
	}

	@Override
	public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
			Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
		String text = input.getQuery();
		Prepared prepared = documents.get(text, key -> prepare(input, parseAndValidate));
		if (prepared.refusal() != null) {
			if (prepared.shape() != null && prepared.shape().rootMutationFields() > 0) {
				refusals.refused(input, prepared.shape(), prepared.refusal());
			}
			return CompletableFuture.completedFuture(prepared.entry());
		}
		if (prepared.shape() != null) {
			long cost = prepared.shape().cost(input.getOperationName(), input.getVariables());
			if (cost > limits.maxCost()) {
				return CompletableFuture.completedFuture(new PreparsedDocumentEntry(LimitExceeded
					.of("cost", limits.maxCost(), cost, "estimated result nodes (fields times list sizes)",
							"Ask for fewer fields, persons or entries per request.")
					.toError()));
			}
		}
		return CompletableFuture.completedFuture(prepared.entry());
	}

	private Prepared prepare(ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
		String text = input.getQuery();
		if (text.length() > limits.maxCharacters()) {
			return refused(null, LimitExceeded.of("characters", limits.maxCharacters(), text.length(), "characters",
					"Send a shorter document."));
		}
		Document document;
		try {
			document = Parser.parse(ParserEnvironment.newParserEnvironment()
				.document(text)
				.parserOptions(parserOptions)
				.locale(input.getLocale())
				.build());
		}
		catch (ParseCancelledException ex) {
			return refused(null, new LimitExceeded("tokens", limits.maxTokens(), limits.maxTokens() + 1L,
					"The request was refused before it ran: it has more than " + limits.maxTokens()
							+ " tokens. Send a shorter document."));
		}
		catch (InvalidSyntaxException ex) {
			// graphql-java's own parse gives the error clients expect
			return new Prepared(parseAndValidate.apply(input), null, null);
		}
		DocumentShape shape = DocumentShape.measure(document);
		LimitExceeded exceeded = exceeded(shape);
		if (exceeded != null) {
			return refused(shape, exceeded);
		}
		PreparsedDocumentEntry entry = parseAndValidate.apply(input);
		if (entry.hasErrors()) {
			return new Prepared(entry, null, null);
		}
		return new Prepared(entry, shape.estimate(schema.get(), limits.assumedListSize()), null);
	}

	private LimitExceeded exceeded(DocumentShape shape) {
		DocumentShape.Counts counts = shape.counts();
		if (counts.depth() > limits.maxDepth()) {
			return LimitExceeded.of("depth", limits.maxDepth(), counts.depth(), "levels of nested fields",
					"Ask for fewer nested fields.");
		}
		if (counts.aliases() > limits.maxAliases()) {
			return LimitExceeded.of("aliases", limits.maxAliases(), counts.aliases(),
					"aliased fields (fragments expanded)", "Send several requests instead of aliases.");
		}
		if (counts.directives() > limits.maxDirectives()) {
			return LimitExceeded.of("directives", limits.maxDirectives(), counts.directives(),
					"directives (fragments expanded)", "Use fewer directives.");
		}
		if (counts.fields() > limits.maxFields()) {
			return LimitExceeded.of("fields", limits.maxFields(), counts.fields(), "fields (fragments expanded)",
					"Ask for fewer fields per request.");
		}
		if (shape.rootMutationFields() > limits.maxRootMutationFields()) {
			return LimitExceeded.of("rootMutationFields", limits.maxRootMutationFields(), shape.rootMutationFields(),
					"mutations in one document", "Nothing was done; send them in several requests.");
		}
		for (Map.Entry<String, Integer> limit : limits.mutationsPerDocument().entrySet()) {
			long asked = shape.mutationFields().getOrDefault(limit.getKey(), 0L);
			if (asked > limit.getValue()) {
				return LimitExceeded.of("mutationsPerDocument." + limit.getKey(), limit.getValue(), asked,
						limit.getKey() + " mutations in one document",
						"Nothing was done; send one per request.");
			}
		}
		return null;
	}

	private static Prepared refused(DocumentShape shape, LimitExceeded refusal) {
		return new Prepared(new PreparsedDocumentEntry(refusal.toError()), shape, refusal);
	}
}
