package org.carnet.graphql;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;

import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.stereotype.Component;

/**
 * Keeps parsed and validated documents by their text. Clinic systems send the same few documents with different
 * variables, and parsing plus validating a whole-record document cost more CPU than executing it (benchmarks,
 * README). Validation depends only on the document and the schema, so a cached answer (with its validation errors,
 * if any) is the answer a fresh parse would give. Bounded by the total length of the cached texts, so that a client
 * sending ever new documents cannot grow it.
 */
@Component
class ParsedDocuments implements PreparsedDocumentProvider, GraphQlSourceBuilderCustomizer {

	/** About 10 MB of document text at most (a character is two bytes; the parsed form is of the same order). */
	private static final long MAX_CHARACTERS = 5_000_000;

	private final Cache<String, PreparsedDocumentEntry> documents = Caffeine.newBuilder()
		.maximumWeight(MAX_CHARACTERS)
		.weigher((String text, PreparsedDocumentEntry entry) -> text.length())
		.build();

	@Override
	public void customize(GraphQlSource.SchemaResourceBuilder builder) {
		builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(this));
	}

	@Override
	public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
			Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
		return CompletableFuture.completedFuture(documents.get(input.getQuery(), text -> parseAndValidate.apply(input)));
	}
}
