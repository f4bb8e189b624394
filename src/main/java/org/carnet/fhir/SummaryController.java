package org.carnet.fhir;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;

import org.carnet.core.Purpose;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /fhir/Patient/{id}/$summary}: the International Patient Summary of a record as a FHIR document, in JSON
 * ({@code application/fhir+json}, the default) or XML ({@code application/fhir+xml}), for the bearer-token requester
 * and the stated {@code purpose} (default TREATMENT). The record is read through the GraphQL read path
 * ({@link SummaryQuery}): same consent decision, same audit event. Every refusal is an OperationOutcome with its HTTP
 * status and no record data.
 */
@RestController
class SummaryController {

	static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");

	static final MediaType FHIR_XML = MediaType.parseMediaType("application/fhir+xml");

	private final SummaryQuery query;

	private final FhirContext fhir;

	private final Clock clock;

	SummaryController(SummaryQuery query, FhirContext fhir, Clock clock) {
		this.query = query;
		this.fhir = fhir;
		this.clock = clock;
	}

	@GetMapping("/fhir/Patient/{id}/$summary")
	ResponseEntity<byte[]> summary(@PathVariable String id, @RequestParam(required = false) String purpose,
			@RequestParam(name = "_format", required = false) String format,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept, HttpServletRequest request) {
		MediaType type = negotiate(format != null ? format : accept);
		if (type == null) {
			return answer(FHIR_JSON, HttpStatus.NOT_ACCEPTABLE, outcome(IssueType.NOTSUPPORTED,
					"This resource is available as application/fhir+json or application/fhir+xml"), null);
		}
		try {
			SummaryAnswer answer = query.read(request, id, purpose(purpose));
			Bundle document = SummaryDocument.of(answer, clock.instant());
			return answer(type, HttpStatus.OK, document, null);
		}
		catch (FhirFailure failure) {
			return answer(type, failure.status(), outcome(failure.issue(), failure.getMessage()),
					failure.retryAfterSeconds());
		}
	}

	/** TREATMENT when not given; otherwise exactly one of the purposes of use. */
	private static Purpose purpose(String purpose) {
		if (purpose == null) {
			return Purpose.TREATMENT;
		}
		for (Purpose known : Purpose.values()) {
			if (known.name().equals(purpose)) {
				return known;
			}
		}
		throw new FhirFailure(HttpStatus.BAD_REQUEST, IssueType.INVALID,
				"purpose must be one of TREATMENT, EMERGENCY, CARE_COORDINATION, PUBLIC_HEALTH");
	}

	/**
	 * The representation asked for, in the client's order of preference (an absent header or any type: JSON), or
	 * null when the client accepts neither JSON nor XML. {@code _format} (json, xml or a media type) overrides the
	 * header, as FHIR allows.
	 */
	static MediaType negotiate(String accepted) {
		if (accepted == null || accepted.isBlank()) {
			return FHIR_JSON;
		}
		String shortName = accepted.strip().toLowerCase(Locale.ROOT);
		if (shortName.equals("json")) {
			return FHIR_JSON;
		}
		if (shortName.equals("xml")) {
			return FHIR_XML;
		}
		List<MediaType> types;
		try {
			types = MediaType.parseMediaTypes(accepted);
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
		types = new ArrayList<>(types);
		types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
		for (MediaType type : types) {
			if (type.getQualityValue() == 0) {
				continue;
			}
			String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
			if (type.isWildcardType() || (type.getType().equals("application") && type.isWildcardSubtype())) {
				return FHIR_JSON;
			}
			if (type.getType().equals("application") && (subtype.equals("fhir+json") || subtype.equals("json"))) {
				return FHIR_JSON;
			}
			if ((type.getType().equals("application") && (subtype.equals("fhir+xml") || subtype.equals("xml")))
					|| (type.getType().equals("text") && subtype.equals("xml"))) {
				return FHIR_XML;
			}
		}
		return null;
	}

	private ResponseEntity<byte[]> answer(MediaType type, HttpStatus status, Resource resource, Long retryAfter) {
		return FhirResponses.answer(fhir, type, status, resource, retryAfter);
	}

	static OperationOutcome outcome(IssueType issue, String message) {
		return FhirResponses.outcome(issue, message);
	}
}
