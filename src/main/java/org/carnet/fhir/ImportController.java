package org.carnet.fhir;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

import org.carnet.core.BadInput;
import org.carnet.core.CarnetException;
import org.carnet.core.Forbidden;
import org.carnet.core.NotFound;
import org.carnet.fhir.ImportMapping.Kind;
import org.carnet.fhir.ImportMapping.Mapped;
import org.carnet.record.Section;
import org.carnet.record.content.Check;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /fhir/Patient/{id}/$import}: a FHIR document or collection Bundle (an International Patient Summary,
 * typically) in JSON or XML, imported into the record {@code id} as new entries of source IMPORTED, recorded by the
 * importing clinician, all or nothing ({@link BundleImport}). The answer is an OperationOutcome with one issue per
 * Bundle entry: imported, skipped as already imported, taken in by another entry, or not imported and why; and one
 * issue per element an entry could not keep. Everything that can be checked without the database is checked first:
 * size (the request filter refuses a larger body with 413 before it is read), format, Bundle type, number of entries,
 * dates, and every entry's content; then the requester, the record, the Patient's identity and consent.
 */
@RestController
class ImportController {

	static final String ENTRY_POINT = "FHIR Patient/$import";

	/** A 40-entry summary has about 90 Bundle entries (provenance, places); ten times that is no summary. */
	static final int MAX_ENTRIES = 1000;

	private final FhirContext fhir;

	private final BundleImport imports;

	private final java.time.Clock clock;

	ImportController(FhirContext fhir, BundleImport imports, java.time.Clock clock) {
		this.fhir = fhir;
		this.imports = imports;
		this.clock = clock;
	}

	@PostMapping("/fhir/Patient/{id}/$import")
	ResponseEntity<byte[]> importBundle(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
			@RequestParam(name = "_format", required = false) String format,
			@RequestBody(required = false) byte[] body, HttpServletRequest request) {
		MediaType sent = sentAs(contentType);
		MediaType type = accept == null && format == null && sent != null ? sent
				: SummaryController.negotiate(format != null ? format : accept);
		if (type == null) {
			return answer(SummaryController.FHIR_JSON, HttpStatus.NOT_ACCEPTABLE, SummaryController.outcome(
					IssueType.NOTSUPPORTED, "The answer is available as application/fhir+json or application/fhir+xml"));
		}
		try {
			if (sent == null) {
				throw new FhirFailure(HttpStatus.UNSUPPORTED_MEDIA_TYPE, IssueType.NOTSUPPORTED,
						"Send the Bundle as application/fhir+json or application/fhir+xml");
			}
			Bundle bundle = parse(sent, body);
			List<Mapped> mapped = ImportMapping.map(bundle);
			check(mapped);
			BundleImport.Result result = imports.run(request, id, patient(bundle), mapped,
					BundleImport.requestId());
			return answer(type, HttpStatus.OK, report(result));
		}
		catch (FhirFailure failure) {
			return answer(type, failure.status(), SummaryController.outcome(failure.issue(), failure.getMessage()));
		}
	}

	/** JSON or XML as FHIR names them (the plain types too); null for anything else. */
	private static MediaType sentAs(String contentType) {
		if (contentType == null) {
			return null;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
			if (type.getType().equals("application") && (subtype.equals("fhir+json") || subtype.equals("json"))) {
				return SummaryController.FHIR_JSON;
			}
			if (type.getType().equals("application") && (subtype.equals("fhir+xml") || subtype.equals("xml"))) {
				return SummaryController.FHIR_XML;
			}
			return null;
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
	}

	private Bundle parse(MediaType type, byte[] body) {
		if (body == null || body.length == 0) {
			throw invalid("The request has no body: send a FHIR Bundle");
		}
		IParser parser = (SummaryController.FHIR_XML.equals(type) ? fhir.newXmlParser() : fhir.newJsonParser())
			.setParserErrorHandler(new Refusing());
		IBaseResource resource;
		try {
			resource = parser.parseResource(new String(body, StandardCharsets.UTF_8));
		}
		catch (DataFormatException | IllegalArgumentException | ClassCastException ex) {
			throw invalid("The body is not a FHIR resource in " + (SummaryController.FHIR_XML.equals(type) ? "XML"
					: "JSON") + ": " + shortened(ex.getMessage()));
		}
		if (!(resource instanceof Bundle bundle)) {
			throw invalid("Send a Bundle, not a " + resource.fhirType());
		}
		if (bundle.getType() != BundleType.DOCUMENT && bundle.getType() != BundleType.COLLECTION) {
			throw invalid("Send a Bundle of type document or collection, not "
					+ (bundle.hasType() ? bundle.getType().toCode() : "one without a type"));
		}
		if (bundle.getEntry().size() > MAX_ENTRIES) {
			throw new FhirFailure(HttpStatus.CONTENT_TOO_LARGE, IssueType.TOOCOSTLY,
					"A Bundle may hold at most " + MAX_ENTRIES + " entries; split it");
		}
		return bundle;
	}

	/** The Bundle's one Patient, or null; two different ones are refused. */
	private static Patient patient(Bundle bundle) {
		Patient found = null;
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() instanceof Patient patient) {
				if (found != null && !found.equalsDeep(patient)) {
					throw invalid("The Bundle holds more than one Patient; an import is about one person");
				}
				found = patient;
			}
		}
		return found;
	}

	/** Every entry's content as the record module checks it, before any look-up: a refusal names the resource. */
	private void check(List<Mapped> mapped) {
		LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
		for (Mapped entry : mapped) {
			if (entry.kind() == Kind.ENTRY) {
				try {
					entry.content().validate(new Check(entry.label(), today));
				}
				catch (BadInput ex) {
					throw invalid(ex.getMessage());
				}
			}
		}
	}

	private static OperationOutcome report(BundleImport.Result result) {
		OperationOutcome outcome = new OperationOutcome();
		int unsupported = 0;
		for (Mapped entry : result.mapped()) {
			String where = "Bundle.entry[" + entry.index() + "]";
			switch (entry.kind()) {
				case ENTRY -> {
					String section = Section.of(entry.content().getClass()).name().toLowerCase(Locale.ROOT)
						.replace('_', ' ');
					if (result.imported().contains(entry.index())) {
						issue(outcome, IssueSeverity.INFORMATION, IssueType.INFORMATIONAL, where,
								entry.label() + ": imported as a new " + section + " entry");
					}
					else {
						issue(outcome, IssueSeverity.INFORMATION, IssueType.DUPLICATE, where,
								entry.label() + ": skipped, already imported into this record");
					}
					for (String element : entry.notKept()) {
						issue(outcome, IssueSeverity.WARNING, IssueType.INFORMATIONAL, where,
								entry.label() + ": not kept: " + element);
					}
				}
				case PART -> issue(outcome, IssueSeverity.INFORMATION, IssueType.INFORMATIONAL, where,
						entry.label() + ": " + entry.reason());
				case CONTEXT -> issue(outcome, IssueSeverity.INFORMATION, IssueType.INFORMATIONAL, where,
						entry.label() + ": not imported, " + entry.reason());
				case UNSUPPORTED -> {
					unsupported++;
					issue(outcome, IssueSeverity.WARNING, IssueType.NOTSUPPORTED, where,
							entry.label() + ": not imported, " + entry.reason());
				}
				case INCOMPLETE -> {
					unsupported++;
					issue(outcome, IssueSeverity.WARNING, IssueType.INCOMPLETE, where,
							entry.label() + ": not imported, " + entry.reason());
				}
			}
		}
		outcome.getIssue().add(0, new OperationOutcome.OperationOutcomeIssueComponent()
			.setSeverity(IssueSeverity.INFORMATION)
			.setCode(IssueType.INFORMATIONAL)
			.setDiagnostics("Imported " + result.imported().size() + " entries; " + result.duplicates().size()
					+ " already imported; " + unsupported + " resources not imported"));
		return outcome;
	}

	private static void issue(OperationOutcome outcome, IssueSeverity severity, IssueType type, String where,
			String message) {
		outcome.addIssue().setSeverity(severity).setCode(type).setDiagnostics(message).addExpression(where);
	}

	/** A failure of the record, keys or ledger while writing, as the client sees it (the write rolled back). */
	static FhirFailure failure(CarnetException ex) {
		if (ex instanceof BadInput) {
			return invalid(ex.getMessage());
		}
		if (ex instanceof NotFound) {
			return new FhirFailure(HttpStatus.NOT_FOUND, IssueType.NOTFOUND, "No person has this id");
		}
		if (ex instanceof Forbidden) {
			return new FhirFailure(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN, ex.getMessage());
		}
		return new FhirFailure(HttpStatus.SERVICE_UNAVAILABLE, IssueType.TRANSIENT,
				"The record cannot be written right now; nothing was imported. Try again later.");
	}

	private static FhirFailure invalid(String message) {
		return new FhirFailure(HttpStatus.BAD_REQUEST, IssueType.INVALID, message);
	}

	private static String shortened(String message) {
		if (message == null) {
			return "unreadable";
		}
		return message.length() > 300 ? message.substring(0, 300) + "..." : message;
	}

	private ResponseEntity<byte[]> answer(MediaType type, HttpStatus status, Resource resource) {
		IParser parser = SummaryController.FHIR_XML.equals(type) ? fhir.newXmlParser() : fhir.newJsonParser();
		return ResponseEntity.status(status)
			.contentType(new MediaType(type, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noStore())
			.body(parser.encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Refuses what is not valid FHIR (an invalid value such as a malformed date, an unknown element, a wrong JSON type)
	 * where HAPI's default handler would log it, value included, and go on. Names the element, never its value.
	 */
	private static final class Refusing implements IParserErrorHandler {

		@Override
		public void containedResourceWithNoId(IParseLocation location) {
			throw new DataFormatException("a contained resource has no id in " + where(location));
		}

		@Override
		public void incorrectJsonType(IParseLocation location, String element, ValueType expected,
				ScalarType expectedScalar, ValueType found, ScalarType foundScalar) {
			throw new DataFormatException("element " + element + " has the wrong JSON type in " + where(location));
		}

		@Override
		public void invalidValue(IParseLocation location, String value, String error) {
			throw new DataFormatException("an invalid value (" + error.replace(String.valueOf(value), "...")
					+ ") in " + where(location));
		}

		@Override
		public void missingRequiredElement(IParseLocation location, String element) {
			// the mapping says what a resource lacks for its entry
		}

		@Override
		public void unexpectedRepeatingElement(IParseLocation location, String element) {
			throw new DataFormatException("element " + element + " repeats in " + where(location));
		}

		@Override
		public void unknownAttribute(IParseLocation location, String attribute) {
			throw new DataFormatException("unknown attribute " + attribute + " in " + where(location));
		}

		@Override
		public void unknownElement(IParseLocation location, String element) {
			throw new DataFormatException("unknown element " + element + " in " + where(location));
		}

		@Override
		public void unknownReference(IParseLocation location, String reference) {
			// references are resolved within the Bundle by the mapping
		}

		@Override
		public void invalidInternalReference(IParseLocation location, String reference) {
			// as above
		}

		@Override
		public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
			throw new DataFormatException("an extension has both a value and extensions in " + where(location));
		}

		private static String where(IParseLocation location) {
			return location == null || location.getParentElementName() == null ? "the resource"
					: location.getParentElementName();
		}
	}
}
