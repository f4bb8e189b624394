package org.carnet.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.carnet.graphql.ActingForRequests;
import org.carnet.graphql.RequestScope;

import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;

/**
 * Runs a GraphQL document of {@code graphql-documents/fhir/} in-process through the handler chain of
 * {@code POST /graphql}, on the request's thread, as the requester the resource server authenticated from the bearer
 * token (and for the person named by {@code Carnet-Acting-For}, when a guardian or proxy sends it). Consent, role
 * checks and audit are therefore exactly those of the GraphQL API. The entry point names itself in the request
 * attribute {@link RequestScope#ENTRY_POINT}, which the audit events carry as their operation.
 */
@Component
class InProcessGraphQl {

	private static final Logger log = LoggerFactory.getLogger(InProcessGraphQl.class);

	private static final URI ENDPOINT = URI.create("/graphql");

	/** The GraphQL execution and the audit append bound themselves well within this; it only guards the wait. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final WebGraphQlHandler handler;

	InProcessGraphQl(WebGraphQlHandler handler) {
		this.handler = handler;
	}

	/**
	 * The answer's data read as {@code type}, or a {@link FhirFailure}: UNAVAILABLE (keys, database or ledger: no data
	 * at all) anywhere in the answer wins; then the first other error that is not {@code tolerated} (e.g.
	 * CONSENT_REQUIRED, the normal shape of a withheld category). Null when the answer has no data.
	 */
	<T> T execute(HttpServletRequest servlet, String entryPoint, String document, String operationName,
			Map<String, Object> variables, Class<T> type, Set<String> tolerated, String failure) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("query", document);
		body.put("operationName", operationName);
		body.put("variables", variables);
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put(RequestScope.ENTRY_POINT, entryPoint);
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		String userAgent = servlet.getHeader(HttpHeaders.USER_AGENT);
		if (userAgent != null) {
			headers.set(HttpHeaders.USER_AGENT, userAgent);
		}
		// a guardian or proxy acts for the person as they would through the API
		String actingFor = servlet.getHeader(ActingForRequests.HEADER);
		if (actingFor != null) {
			headers.set(ActingForRequests.HEADER, actingFor);
		}
		WebGraphQlRequest request = new WebGraphQlRequest(ENDPOINT, headers, new LinkedMultiValueMap<>(),
				new InetSocketAddress(servlet.getRemoteAddr(), servlet.getRemotePort()), attributes, body,
				UUID.randomUUID().toString(), servlet.getLocale());
		WebGraphQlResponse response;
		try {
			response = handler.handleRequest(request).block(TIMEOUT);
		}
		catch (RuntimeException ex) {
			log.error("{} request {} failed: {}", entryPoint, request.getId(), ex.getClass().getSimpleName());
			throw unavailable();
		}
		if (response == null) {
			throw unavailable();
		}
		refuseOnErrors(response.getErrors(), tolerated, failure);
		Object data = response.getData();
		return data == null ? null : JSON.convertValue(data, type);
	}

	/** A failure of keys, database or ledger anywhere in the answer wins over everything else: fail closed. */
	private static void refuseOnErrors(List<ResponseError> errors, Set<String> tolerated, String message) {
		FhirFailure first = null;
		for (ResponseError error : errors) {
			String classification = String.valueOf(error.getErrorType());
			if (tolerated.contains(classification)) {
				continue;
			}
			if ("UNAVAILABLE".equals(classification)) {
				throw unavailable();
			}
			FhirFailure failure = switch (classification) {
				case "NOT_FOUND" -> new FhirFailure(HttpStatus.NOT_FOUND, IssueType.NOTFOUND, error.getMessage());
				case "FORBIDDEN" -> new FhirFailure(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN, error.getMessage());
				case "UNAUTHORIZED" -> new FhirFailure(HttpStatus.UNAUTHORIZED, IssueType.LOGIN, error.getMessage());
				case "BAD_REQUEST" -> new FhirFailure(HttpStatus.BAD_REQUEST, IssueType.INVALID, error.getMessage());
				case "TOO_MANY_REQUESTS" -> new FhirFailure(HttpStatus.TOO_MANY_REQUESTS, IssueType.THROTTLED,
						error.getMessage(), retryAfter(error.getExtensions().get("retryAfterSeconds")));
				case "INTEGRITY_FAILURE" -> new FhirFailure(HttpStatus.INTERNAL_SERVER_ERROR, IssueType.EXCEPTION,
						"Stored data failed its integrity check and was not served");
				default -> new FhirFailure(HttpStatus.INTERNAL_SERVER_ERROR, IssueType.EXCEPTION, message);
			};
			if (first == null) {
				first = failure;
			}
		}
		if (first != null) {
			throw first;
		}
	}

	private static Long retryAfter(Object seconds) {
		return seconds instanceof Number number ? number.longValue() : null;
	}

	static FhirFailure unavailable() {
		return new FhirFailure(HttpStatus.SERVICE_UNAVAILABLE, IssueType.TRANSIENT,
				"The record cannot be read right now; nothing was served. Try again later.");
	}

	/** A document of the classpath, read once at start. */
	static String document(String location) {
		try (InputStream in = new ClassPathResource(location).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No GraphQL document " + location, ex);
		}
	}
}
