package org.carnet.fhir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;

import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers.SignedIn;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FHIR facade from a client's side: {@code GET /fhir/Patient/{id}/$summary} over HTTP with a real token, the
 * answer parsed by HAPI's strict parser and checked by its validator (XML schema and schematron); and a person whose
 * record holds an entry in every section, each with a value found nowhere else, so that a test can tell which
 * categories a document shows.
 */
final class FhirSummaries {

	/** A value per category that appears in its entries only (GraphQL field, value). */
	static final Map<String, String> MARKERS = markers();

	static final String FHIR_JSON = "application/fhir+json";

	static final String FHIR_XML = "application/fhir+xml";

	/** One validator per FHIR context (the application's, or a test's own), kept for the test run. */
	private static final Map<FhirContext, FhirValidator> VALIDATORS = new ConcurrentHashMap<>();

	private final int port;

	private final FhirContext fhir;

	private final HttpClient client = HttpClient.newHttpClient();

	FhirSummaries(int port, FhirContext fhir) {
		this.port = port;
		this.fhir = fhir;
	}

	/** The HTTP answer; {@code token} and {@code accept} may be null (none sent), as may {@code query}. */
	HttpResponse<String> get(String token, String personId, String query, String accept) {
		String path = "/fhir/Patient/" + URLEncoder.encode(personId, StandardCharsets.UTF_8).replace("+", "%20")
				+ "/$summary" + (query == null ? "" : "?" + query);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (accept != null) {
			request.header("Accept", accept);
		}
		try {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The summary a requester gets for the purpose, in JSON: 200, parsed strictly and valid. */
	Bundle summary(SignedIn requester, String personId, String purpose) {
		HttpResponse<String> response = get(requester.token(), personId, "purpose=" + purpose, FHIR_JSON);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return (Bundle) parseAndValidate(response.body(), FHIR_JSON);
	}

	/** Parses with HAPI's strict parser, then validates against the FHIR R4 schema and schematron: no error. */
	IBaseResource parseAndValidate(String body, String format) {
		IParser parser = (format.equals(FHIR_XML) ? fhir.newXmlParser() : fhir.newJsonParser())
			.setParserErrorHandler(new StrictErrorHandler());
		IBaseResource resource = parser.parseResource(body);
		ValidationResult result = validator(fhir).validateWithResult(body);
		List<String> errors = new ArrayList<>();
		for (SingleValidationMessage message : result.getMessages()) {
			if (message.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()) {
				errors.add(message.getLocationString() + ": " + message.getMessage());
			}
		}
		assertThat(errors).as("validation errors of\n%s", body).isEmpty();
		return resource;
	}

	/**
	 * The XML schema and schematron validator of the context, built once: building one loads and compiles the FHIR
	 * schemas and schematrons again, which cost more than the validation itself.
	 */
	private static FhirValidator validator(FhirContext fhir) {
		return VALIDATORS.computeIfAbsent(fhir, context -> {
			FhirValidator validator = context.newValidator();
			validator.setValidateAgainstStandardSchema(true);
			validator.setValidateAgainstStandardSchematron(true);
			return validator;
		});
	}

	/** An OperationOutcome with one issue of this code, parsed strictly. */
	OperationOutcome outcome(HttpResponse<String> response, String format) {
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(format);
		IParser parser = (format.equals(FHIR_XML) ? fhir.newXmlParser() : fhir.newJsonParser())
			.setParserErrorHandler(new StrictErrorHandler());
		return parser.parseResource(OperationOutcome.class, response.body());
	}

	/** Registers a person (GR) and adds one entry in every section, each carrying its category's marker. */
	static String personWithEverything(GraphQlRequests graphql, SignedIn registrar) {
		Map<String, Object> registration = new LinkedHashMap<>();
		registration.put("homeJurisdiction", "GR");
		registration.put("identity", Map.of("givenNames", "Amal Noor", "familyName", MARKERS.get("identity"),
				"dateOfBirth", "1990-05-17", "dateOfBirthEstimated", true, "sex", "FEMALE", "nationality", "SY",
				"languages", List.of("Arabic", "French"),
				"contact", Map.of("phone", "+30 210 000 0000", "address", "Mavrovouni, Lesvos")));
		String personId = ok(graphql.execute(registrar.token(), """
				mutation Register($input: RegisterPersonInput!) { registerPerson(input: $input) { personId } }""",
				Map.of("input", registration))).at("/data/registerPerson/personId").asString();
		add(graphql, registrar, personId, "addAllergy", "AllergyInput", Map.of("substance", MARKERS.get("allergies"),
				"reaction", "Hives", "severity", "SEVERE", "status", "ACTIVE", "notedOn", "2025-03-01"));
		add(graphql, registrar, personId, "addAllergy", "AllergyInput", Map.of("substance", "Latex"));
		add(graphql, registrar, personId, "addMedication", "MedicationInput", Map.of("name",
				MARKERS.get("medications"), "dose", "500 mg", "route", "oral", "frequency", "twice a day", "reason",
				"diabetes", "startedOn", "2024-01-10", "status", "ACTIVE"));
		add(graphql, registrar, personId, "addCondition", "ConditionInput", Map.of("description",
				MARKERS.get("conditions"), "icd10Code", "E11", "kind", "CHRONIC", "status", "ACTIVE", "onsetDate",
				"2020-06-01"));
		add(graphql, registrar, personId, "addCondition", "ConditionInput", Map.of("description", "Appendectomy",
				"kind", "SURGERY", "onsetDate", "2015-02-03", "resolvedOn", "2015-02-10"));
		add(graphql, registrar, personId, "addVaccination", "VaccinationInput", Map.of("vaccine",
				MARKERS.get("vaccinations"), "doseNumber", 1, "date", "2024-05-02", "country", "GR", "lotNumber",
				"LOT-42"));
		add(graphql, registrar, personId, "addInfectiousDiseaseScreening", "InfectiousDiseaseScreeningInput",
				Map.of("disease", "TUBERCULOSIS", "method", "IGRA", "result", "NEGATIVE", "date", "2025-03-02",
						"notes", MARKERS.get("infectiousDiseases")));
		add(graphql, registrar, personId, "addInfectiousDiseaseScreening", "InfectiousDiseaseScreeningInput",
				Map.of("disease", "HEPATITIS_B", "result", "PENDING", "date", "2025-03-02"));
		add(graphql, registrar, personId, "addMentalHealthAssessment", "MentalHealthAssessmentInput",
				Map.of("instrument", "RHS-15", "score", 12, "summary", MARKERS.get("mentalHealth"), "followUpNeeded",
						true, "date", "2025-03-03"));
		add(graphql, registrar, personId, "addReproductiveHealthEntry", "ReproductiveHealthEntryInput",
				Map.of("kind", "PREGNANCY", "description", MARKERS.get("reproductiveHealth"), "date", "2025-03-03",
						"expectedDeliveryDate", LocalDate.now().plusDays(90).toString()));
		add(graphql, registrar, personId, "addVitalSign", "VitalSignInput", Map.of("kind", "BLOOD_PRESSURE",
				"value", "128/82", "unit", "mm[Hg]", "measuredOn", "2025-03-03", "note", MARKERS.get("vitals")));
		add(graphql, registrar, personId, "addVitalSign", "VitalSignInput", Map.of("kind", "TEMPERATURE",
				"value", "37.2", "unit", "Cel", "measuredOn", "2025-03-03"));
		add(graphql, registrar, personId, "addVitalSign", "VitalSignInput", Map.of("kind", "PHYSICAL_EXAMINATION",
				"value", "No abnormal findings", "measuredOn", "2025-03-03"));
		add(graphql, registrar, personId, "recordBloodGroup", "BloodGroupInput", Map.of("group", "O_POSITIVE",
				"determinedOn", "2025-03-03"));
		add(graphql, registrar, personId, "addLabResult", "LabResultInput", Map.of("test", MARKERS.get("labResults"),
				"value", "13.5", "unit", "g/dL", "referenceRange", "12-16", "interpretation", "NORMAL",
				"collectedOn", "2025-03-04"));
		add(graphql, registrar, personId, "addEncounter", "EncounterInput", Map.of("date", "2025-03-01", "place",
				MARKERS.get("encounters"), "country", "GR", "reason", "Reception health assessment", "summary",
				"Well overall <see notes> & follow-up", "referrals",
				List.of(Map.of("to", "Mytilene General Hospital", "reason", "Obstetric follow-up", "urgency",
						"URGENT"))));
		return personId;
	}

	/** Registers a person with an identity and nothing else. */
	static String personWithIdentityOnly(GraphQlRequests graphql, SignedIn registrar) {
		return ok(graphql.execute(registrar.token(), """
				mutation Register($input: RegisterPersonInput!) { registerPerson(input: $input) { personId } }""",
				Map.of("input", Map.of("homeJurisdiction", "GR", "identity", Map.of("givenNames", "Omar")))))
			.at("/data/registerPerson/personId")
			.asString();
	}

	private static void add(GraphQlRequests graphql, SignedIn registrar, String personId, String mutation,
			String inputType, Map<String, Object> input) {
		ok(graphql.execute(registrar.token(), "mutation Add($p: ID!, $input: " + inputType + "!) { " + mutation
				+ "(personId: $p, input: $input) { id } }", Map.of("p", personId, "input", input)));
	}

	private static tools.jackson.databind.JsonNode ok(tools.jackson.databind.JsonNode answer) {
		assertThat(answer.has("errors")).as(answer.toString()).isFalse();
		return answer;
	}

	private static Map<String, String> markers() {
		Map<String, String> markers = new LinkedHashMap<>();
		markers.put("identity", "Qamarfhirname");
		markers.put("allergies", "Sulfafhirzine");
		markers.put("medications", "Metfhirmin");
		markers.put("conditions", "Diabetfhiris");
		markers.put("vaccinations", "Vaxfhirmmr");
		markers.put("infectiousDiseases", "Tubfhirnote");
		markers.put("mentalHealth", "Mindfhirsummary");
		markers.put("reproductiveHealth", "Pregfhirdescription");
		markers.put("vitals", "Vitfhirnote");
		markers.put("labResults", "Labfhirhaemoglobin");
		markers.put("encounters", "Placefhirunit");
		return Map.copyOf(markers);
	}
}
