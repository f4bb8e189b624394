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
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.carnet.core.Purpose;
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
 * Reads a record for the FHIR facade the one way any client reads it: the document
 * {@code graphql-documents/fhir/FhirSummary.graphql} run in-process through the handler chain of
 * {@code POST /graphql}, on the request's thread, as the requester the resource server authenticated from the bearer
 * token. The consent gate decides every category, and the read is audited (one READ event, appended before the answer
 * returns here; a ledger fault answers UNAVAILABLE) exactly as for GraphQL. The entry point names itself in the
 * request attribute {@link RequestScope#ENTRY_POINT}, which the audit event carries as its operation.
 */
@Component
class SummaryQuery {

	static final String ENTRY_POINT = "FHIR Patient/$summary";

	private static final Logger log = LoggerFactory.getLogger(SummaryQuery.class);

	private static final URI ENDPOINT = URI.create("/graphql");

	/** The GraphQL execution and the audit append bound themselves well within this; it only guards the wait. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final WebGraphQlHandler handler;

	private final String document;

	private final String importTarget;

	SummaryQuery(WebGraphQlHandler handler) {
		this.handler = handler;
		this.document = read("graphql-documents/fhir/FhirSummary.graphql");
		this.importTarget = read("graphql-documents/fhir/FhirImportTarget.graphql");
	}

	/**
	 * The record as the requester may see it, or a {@link FhirFailure} saying why there is none: the GraphQL answer's
	 * own refusal (not found, forbidden, bad input, too many requests), UNAVAILABLE (keys, database or ledger: no
	 * data at all), or any other error.
	 */
	SummaryAnswer read(HttpServletRequest servlet, String personId, Purpose purpose) {
		return run(servlet, document, "FhirSummary", Map.of("id", personId, "purpose", purpose.name()), ENTRY_POINT);
	}

	/**
	 * The record an import writes to, as {@link #read} reads a summary (same refusals): its id, PHR number and home
	 * jurisdiction, and with {@code withIdentity} its identity as far as the requester may see it (null when withheld).
	 */
	SummaryAnswer importTarget(HttpServletRequest servlet, String personId, boolean withIdentity) {
		return run(servlet, importTarget, "FhirImportTarget", Map.of("id", personId, "withIdentity", withIdentity),
				ImportController.ENTRY_POINT);
	}

	private SummaryAnswer run(HttpServletRequest servlet, String query, String operationName,
			Map<String, Object> variables, String entryPoint) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("query", query);
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
		// a guardian or proxy reads the summary of the person they act for, as they would through the API
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
			log.error("FHIR {} request {} failed: {}", operationName, request.getId(), ex.getClass().getSimpleName());
			throw unavailable();
		}
		if (response == null) {
			throw unavailable();
		}
		refuseOnErrors(response.getErrors());
		Object data = response.getData();
		SummaryAnswer answer = data == null ? null : JSON.convertValue(data, SummaryAnswer.class);
		if (answer == null || answer.person() == null) {
			throw new FhirFailure(HttpStatus.NOT_FOUND, IssueType.NOTFOUND, "No person has this id");
		}
		return answer;
	}

	/**
	 * Withheld categories (CONSENT_REQUIRED) are the answer's normal shape; any other error stops the document. A
	 * failure of keys, database or ledger anywhere in the answer wins over everything else: fail closed.
	 */
	private static void refuseOnErrors(List<ResponseError> errors) {
		FhirFailure first = null;
		for (ResponseError error : errors) {
			String classification = String.valueOf(error.getErrorType());
			if ("CONSENT_REQUIRED".equals(classification)) {
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
				default -> new FhirFailure(HttpStatus.INTERNAL_SERVER_ERROR, IssueType.EXCEPTION,
						"The summary could not be assembled");
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

	private static FhirFailure unavailable() {
		return new FhirFailure(HttpStatus.SERVICE_UNAVAILABLE, IssueType.TRANSIENT,
				"The record cannot be read right now; nothing was served. Try again later.");
	}

	private static String read(String location) {
		try (InputStream in = new ClassPathResource(location).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No GraphQL document " + location, ex);
		}
	}
}
