package org.carnet.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.support.DocumentSource;

/**
 * The portal's GraphQL documents, one {@code .graphql} file per operation (or per selection that several operations
 * share, each run by its name) under {@code graphql-documents/} (the location and extension of Spring for GraphQL's
 * {@code ResourceDocumentSource}). Unlike that source, a document is read on the calling thread (then kept): the
 * request runs on the servlet thread that holds the user's context.
 */
final class PortalDocuments implements DocumentSource {

	private static final String LOCATION = "graphql-documents/";

	private static final String EXTENSION = ".graphql";

	private final Map<String, String> documents = new ConcurrentHashMap<>();

	@Override
	public Mono<String> getDocument(String name) {
		return Mono.just(documents.computeIfAbsent(name, PortalDocuments::read));
	}

	private static String read(String name) {
		ClassPathResource resource = new ClassPathResource(LOCATION + name + EXTENSION);
		try (InputStream in = resource.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No GraphQL document " + name, ex);
		}
	}
}
