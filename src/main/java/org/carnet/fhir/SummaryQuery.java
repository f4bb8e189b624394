package org.carnet.fhir;

import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import org.carnet.core.Purpose;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Reads a record for the FHIR facade the one way any client reads it: the document
 * {@code graphql-documents/fhir/FhirSummary.graphql} run in-process ({@link InProcessGraphQl}) as the bearer-token
 * requester. The consent gate decides every category, and the read is audited (one READ event, appended before the
 * answer returns here; a ledger fault answers UNAVAILABLE) exactly as for GraphQL, its operation naming the FHIR
 * entry point.
 */
@Component
class SummaryQuery {

	static final String ENTRY_POINT = "FHIR Patient/$summary";

	/** Withheld categories are the answer's normal shape, not a failure. */
	private static final Set<String> TOLERATED = Set.of("CONSENT_REQUIRED");

	private final InProcessGraphQl graphql;

	private final String document;

	private final String importTarget;

	SummaryQuery(InProcessGraphQl graphql) {
		this.graphql = graphql;
		this.document = InProcessGraphQl.document("graphql-documents/fhir/FhirSummary.graphql");
		this.importTarget = InProcessGraphQl.document("graphql-documents/fhir/FhirImportTarget.graphql");
	}

	/**
	 * The record as the requester may see it, or a {@link FhirFailure} saying why there is none: the GraphQL answer's
	 * own refusal (not found, forbidden, bad input, too many requests), UNAVAILABLE (keys, database or ledger: no
	 * data at all), or any other error.
	 */
	SummaryAnswer read(HttpServletRequest servlet, String personId, Purpose purpose) {
		return run(servlet, ENTRY_POINT, document, "FhirSummary", Map.of("id", personId, "purpose", purpose.name()));
	}

	/**
	 * The record an import writes to, as {@link #read} reads a summary (same refusals): its id, PHR number and home
	 * jurisdiction, and with {@code withIdentity} its identity as far as the requester may see it (null when withheld).
	 */
	SummaryAnswer importTarget(HttpServletRequest servlet, String personId, boolean withIdentity) {
		return run(servlet, ImportController.ENTRY_POINT, importTarget, "FhirImportTarget",
				Map.of("id", personId, "withIdentity", withIdentity));
	}

	private SummaryAnswer run(HttpServletRequest servlet, String entryPoint, String query, String operationName,
			Map<String, Object> variables) {
		SummaryAnswer answer = graphql.execute(servlet, entryPoint, query, operationName, variables,
				SummaryAnswer.class, TOLERATED, "The summary could not be assembled");
		if (answer == null || answer.person() == null) {
			throw new FhirFailure(HttpStatus.NOT_FOUND, IssueType.NOTFOUND, "No person has this id");
		}
		return answer;
	}
}
