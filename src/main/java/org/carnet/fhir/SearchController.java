package org.carnet.fhir;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.SearchEntryMode;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;

import org.carnet.fhir.SearchAnswers.Edge;
import org.carnet.fhir.SearchAnswers.Grant;
import org.carnet.fhir.SearchAnswers.Page;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code GET /fhir/Consent?patient={id}} and {@code GET /fhir/AuditEvent?patient={id}}: a person's grants as FHIR
 * Consent resources, and the access events of their record as BALP AuditEvents, each a searchset Bundle in JSON (the
 * default) or XML. Read through the GraphQL API in-process ({@link SearchQueries}), so who may see what, and what is
 * recorded, is the API's. The parameters are checked before any work: a wrong one is a 400 OperationOutcome.
 */
@RestController
class SearchController {

	static final int DEFAULT_COUNT = 50;

	static final int MAX_COUNT = 200;

	private static final Pattern UUID_TEXT = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern COUNT = Pattern.compile("[0-9]{1,3}");

	/** The API's cursors are short base64url texts. */
	private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9_-]{1,200}");

	private final SearchQueries queries;

	private final FhirContext fhir;

	private final Clock clock;

	SearchController(SearchQueries queries, FhirContext fhir, Clock clock) {
		this.queries = queries;
		this.fhir = fhir;
		this.clock = clock;
	}

	@GetMapping("/fhir/Consent")
	ResponseEntity<byte[]> consents(@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
			HttpServletRequest request) {
		return search(request, accept, Set.of("patient", "_format"), (patient, parameters) -> {
			List<Grant> grants = queries.consents(request, patient);
			Bundle bundle = searchset(request);
			bundle.setTotal(grants.size());
			for (Grant grant : grants) {
				entry(bundle, request, ConsentMapping.consent(grant));
			}
			return bundle;
		});
	}

	@GetMapping("/fhir/AuditEvent")
	ResponseEntity<byte[]> auditEvents(@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
			HttpServletRequest request) {
		return search(request, accept, Set.of("patient", "_count", "_cursor", "_format"), (patient, parameters) -> {
			int count = count(parameters);
			String cursor = cursor(parameters);
			Page page = queries.events(request, patient, count, cursor);
			Bundle bundle = searchset(request);
			for (Edge edge : page.edges()) {
				entry(bundle, request, AuditEventMapping.auditEvent(edge.node()));
			}
			if (page.pageInfo().hasNextPage()) {
				// built from the checked parameters only, never by echoing the request's query
				UriComponentsBuilder next = ServletUriComponentsBuilder.fromContextPath(request)
					.path("/fhir/AuditEvent")
					.queryParam("patient", patient)
					.queryParam("_count", count)
					.queryParam("_cursor", page.pageInfo().endCursor());
				if (request.getParameter("_format") != null) {
					next.queryParam("_format", request.getParameter("_format"));
				}
				bundle.addLink().setRelation("next").setUrl(next.encode().build().toUriString());
			}
			return bundle;
		});
	}

	/**
	 * A search: the representation negotiated (406 before anything else), the parameters checked (only
	 * {@code known}, each once, a patient id), then the Bundle; every refusal an OperationOutcome.
	 */
	private ResponseEntity<byte[]> search(HttpServletRequest request, String accept, Set<String> known,
			BiFunction<String, Map<String, String[]>, Bundle> search) {
		MediaType type = type(request, accept);
		if (type == null) {
			return notAcceptable();
		}
		try {
			Map<String, String[]> parameters = request.getParameterMap();
			only(parameters, known);
			String patient = patient(parameters);
			return FhirResponses.answer(fhir, type, HttpStatus.OK, search.apply(patient, parameters), null);
		}
		catch (FhirFailure failure) {
			return FhirResponses.failure(fhir, type, failure);
		}
	}

	private static MediaType type(HttpServletRequest request, String accept) {
		String format = request.getParameter("_format");
		return SummaryController.negotiate(format != null ? format : accept);
	}

	private ResponseEntity<byte[]> notAcceptable() {
		return FhirResponses.answer(fhir, SummaryController.FHIR_JSON, HttpStatus.NOT_ACCEPTABLE,
				FhirResponses.outcome(IssueType.NOTSUPPORTED,
						"This resource is available as application/fhir+json or application/fhir+xml"),
				null);
	}

	private Bundle searchset(HttpServletRequest request) {
		Bundle bundle = new Bundle();
		bundle.setId(UUID.randomUUID().toString());
		bundle.setType(BundleType.SEARCHSET);
		bundle.setTimestamp(Date.from(clock.instant()));
		bundle.addLink().setRelation("self").setUrl(ServletUriComponentsBuilder.fromRequest(request).build().toUriString());
		return bundle;
	}

	private static void entry(Bundle bundle, HttpServletRequest request, Resource resource) {
		String fullUrl = UriComponentsBuilder.fromUriString(ServletUriComponentsBuilder.fromContextPath(request)
			.build()
			.toUriString())
			.pathSegment("fhir", resource.fhirType(), resource.getIdElement().getIdPart())
			.build()
			.toUriString();
		bundle.addEntry().setFullUrl(fullUrl).setResource(resource).getSearch().setMode(SearchEntryMode.MATCH);
	}

	/** Every parameter is one of {@code known}, given once. */
	private static void only(Map<String, String[]> parameters, Set<String> known) {
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			if (!known.contains(parameter.getKey())) {
				throw badRequest("Unknown search parameter; this search takes " + String.join(", ", known.stream()
					.sorted()
					.toList()));
			}
			if (parameter.getValue().length != 1) {
				throw badRequest(parameter.getKey() + " must be given once");
			}
		}
	}

	/** The patient's id, as {@code {id}} or {@code Patient/{id}}; required. */
	private static String patient(Map<String, String[]> parameters) {
		String[] values = parameters.get("patient");
		if (values == null) {
			throw badRequest("patient is required: the id of the person (Patient)");
		}
		String value = values[0].strip();
		String id = value.startsWith("Patient/") ? value.substring("Patient/".length()) : value;
		if (!UUID_TEXT.matcher(id).matches()) {
			throw badRequest("patient must be the id of a person (Patient), a UUID");
		}
		return id;
	}

	private static int count(Map<String, String[]> parameters) {
		String[] values = parameters.get("_count");
		if (values == null) {
			return DEFAULT_COUNT;
		}
		String value = values[0].strip();
		if (!COUNT.matcher(value).matches() || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_COUNT) {
			throw badRequest("_count must be a whole number from 1 to " + MAX_COUNT);
		}
		return Integer.parseInt(value);
	}

	private static String cursor(Map<String, String[]> parameters) {
		String[] values = parameters.get("_cursor");
		if (values == null) {
			return null;
		}
		if (!CURSOR.matcher(values[0]).matches()) {
			throw badRequest("_cursor must be the one of a next link");
		}
		return values[0];
	}

	private static FhirFailure badRequest(String message) {
		return new FhirFailure(HttpStatus.BAD_REQUEST, IssueType.INVALID, message);
	}
}
