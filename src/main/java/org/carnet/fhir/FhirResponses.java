package org.carnet.fhir;

import java.nio.charset.StandardCharsets;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A FHIR resource as an HTTP answer in the negotiated representation: never cached, varying by Accept. */
final class FhirResponses {

	private FhirResponses() {
	}

	static ResponseEntity<byte[]> answer(FhirContext fhir, MediaType type, HttpStatus status, Resource resource,
			Long retryAfter) {
		IParser parser = SummaryController.FHIR_XML.equals(type) ? fhir.newXmlParser() : fhir.newJsonParser();
		byte[] body = parser.encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
			.contentType(new MediaType(type, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noStore())
			.header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
		if (retryAfter != null) {
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		}
		return response.body(body);
	}

	/** The failure as an OperationOutcome with its status. */
	static ResponseEntity<byte[]> failure(FhirContext fhir, MediaType type, FhirFailure failure) {
		return answer(fhir, type, failure.status(), outcome(failure.issue(), failure.getMessage()),
				failure.retryAfterSeconds());
	}

	static OperationOutcome outcome(IssueType issue, String message) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(issue).setDiagnostics(message);
		return outcome;
	}
}
