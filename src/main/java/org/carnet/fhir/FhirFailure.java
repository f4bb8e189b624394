package org.carnet.fhir;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import org.springframework.http.HttpStatus;

/**
 * Why a FHIR request gets no document: its HTTP status, the OperationOutcome's issue type and a message a person can
 * act on (never a stack trace, an SQL fragment or record data). {@code retryAfterSeconds} is set for 429.
 */
final class FhirFailure extends RuntimeException {

	private final HttpStatus status;

	private final IssueType issue;

	private final Long retryAfterSeconds;

	FhirFailure(HttpStatus status, IssueType issue, String message) {
		this(status, issue, message, null);
	}

	FhirFailure(HttpStatus status, IssueType issue, String message, Long retryAfterSeconds) {
		super(message, null, false, false);
		this.status = status;
		this.issue = issue;
		this.retryAfterSeconds = retryAfterSeconds;
	}

	HttpStatus status() {
		return status;
	}

	IssueType issue() {
		return issue;
	}

	Long retryAfterSeconds() {
		return retryAfterSeconds;
	}
}
