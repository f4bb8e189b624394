package org.carnet.fhir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /fhir/Patient/{id}/$import} from a clinic system's side, with real tokens: a record's summary imported
 * into another record gives back the same clinical content, entries of source IMPORTED recorded by the importer with
 * one WRITE event each; importing it again adds nothing; what cannot be imported is reported; and every refusal is an
 * OperationOutcome that leaves no entry and no event but its own.
 */
@CarnetIntegrationTest
class FhirImportIntegrationTests {

	static final String OPERATION = "FHIR Patient/$import";

	/** The entries of {@link FhirSummaries#personWithEverything}, by the category each WRITE event serves. */
	static final List<String> CATEGORIES_WRITTEN = List.of("ALLERGIES", "ALLERGIES", "CONDITIONS", "CONDITIONS",
			"ENCOUNTERS", "INFECTIOUS_DISEASES", "INFECTIOUS_DISEASES", "LAB_RESULTS", "MEDICATIONS", "MENTAL_HEALTH",
			"REPRODUCTIVE_HEALTH", "VACCINATIONS", "VITALS", "VITALS", "VITALS", "VITALS");

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	FhirContext fhir;

	@Autowired
	JdbcClient jdbc;

	GraphQlRequests graphql;

	TestUsers users;

	FhirSummaries summaries;

	SignedIn registrar;

	String source;

	HttpClient client = HttpClient.newHttpClient();

	@BeforeEach
	void aRecordWithAnEntryInEverySection() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		summaries = new FhirSummaries(port, fhir);
		registrar = users.clinician("GR");
		source = FhirSummaries.personWithEverything(graphql, registrar);
	}

	@Test
	void aSummaryImportedIntoANewRecordGivesBackTheSameClinicalContentOnceAndIsAuditedPerEntry() {
		String exported = summaries.get(registrar.token(), source, null, FhirSummaries.FHIR_JSON).body();
		String target = sameIdentity();
		long eventsBefore = lastEvent();

		HttpResponse<String> first = post(registrar.token(), target, exported, FhirSummaries.FHIR_JSON);

		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		OperationOutcome outcome = summaries.outcome(first, FhirSummaries.FHIR_JSON);
		assertThat(outcome.getIssueFirstRep().getDiagnostics())
			.isEqualTo("Imported 16 entries; 0 already imported; 0 resources not imported");
		assertThat(outcome.getIssue()).filteredOn(issue -> issue.getSeverity() != IssueSeverity.INFORMATION)
			.extracting(OperationOutcomeIssueComponent::getDiagnostics)
			.isEmpty();
		assertThat(diagnostics(outcome)).contains("AllergyIntolerance/" + anAllergyId(exported)
				+ ": imported as a new allergy entry");
		assertThat(normalised(summaries.summary(registrar, target, "TREATMENT")))
			.isEqualTo(normalised(summaries.summary(registrar, source, "TREATMENT")));

		JsonNode provenance = graphql.execute(registrar.token(), """
				query($id: ID!) { person(id: $id, purpose: TREATMENT) { allergies { recorded { by source } }
				  encounters { recorded { by source } } vitals { recorded { by source } } } }""",
				Map.of("id", target));
		List<String> recorded = new ArrayList<>();
		provenance.at("/data/person").forEach(section -> section
			.forEach(entry -> recorded.add(entry.at("/recorded/source").asString() + " by "
					+ entry.at("/recorded/by").asString())));
		String importer = subjectOf(source);
		assertThat(recorded).hasSize(6).containsOnly("IMPORTED by " + importer);
		List<Map<String, Object>> writes = jdbc.sql("""
				select requester_subject, outcome, array_to_string(categories_served, ',') as served
				from access_events where person_id = :person and action = 'WRITE' and operation_name = :operation
				  and sequence > :before order by served""")
			.param("person", UUID.fromString(target))
			.param("operation", OPERATION)
			.param("before", eventsBefore)
			.query()
			.listOfRows();
		assertThat(writes).extracting(row -> row.get("served")).containsExactlyElementsOf(CATEGORIES_WRITTEN);
		assertThat(writes).extracting(row -> row.get("requester_subject") + " " + row.get("outcome"))
			.containsOnly(importer + " SUCCESS");

		long entries = entries(target);
		long events = lastEvent();
		HttpResponse<String> again = post(registrar.token(), target, exported, FhirSummaries.FHIR_JSON);

		assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
		assertThat(summaries.outcome(again, FhirSummaries.FHIR_JSON).getIssueFirstRep().getDiagnostics())
			.isEqualTo("Imported 0 entries; 16 already imported; 0 resources not imported");
		assertThat(entries(target)).isEqualTo(entries);
		assertThat(eventsAfter(events)).containsExactly("READ SUCCESS " + target);
	}

	@Test
	void anXmlCollectionReportsWhatItCannotImportAndKeepsTheRest() {
		String target = sameIdentity();
		String bundle = """
				<Bundle xmlns="http://hl7.org/fhir">
				  <type value="collection"/>
				  <entry><resource><AllergyIntolerance><id value="a1"/>
				    <code><text value="Penicillin"/></code>
				    <note><text value="from the paper record"/></note>
				  </AllergyIntolerance></resource></entry>
				  <entry><resource><Procedure><id value="p1"/><status value="completed"/>
				    <subject><display value="x"/></subject></Procedure></resource></entry>
				  <entry><resource><Immunization><id value="i1"/><status value="completed"/>
				    <vaccineCode><text value="MMR"/></vaccineCode><patient><display value="x"/></patient>
				    <occurrenceDateTime value="2024-05"/></Immunization></resource></entry>
				</Bundle>""";

		HttpResponse<String> response = post(registrar.token(), target, bundle, FhirSummaries.FHIR_XML);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(diagnostics(summaries.outcome(response, FhirSummaries.FHIR_XML))).containsExactly(
				"Imported 1 entries; 0 already imported; 2 resources not imported",
				"AllergyIntolerance/a1: imported as a new allergy entry", "AllergyIntolerance/a1: not kept: note",
				"Procedure/p1: not imported, Carnet has no section for Procedure",
				"Immunization/i1: not imported, has no day of vaccination (occurrenceDateTime)");
		assertThat(entries(target)).isEqualTo(2);
	}

	@Test
	void eachRefusalIsAnOperationOutcomeAndWritesNothingButItsOwnEvent() throws Exception {
		String exported = summaries.get(registrar.token(), source, null, FhirSummaries.FHIR_JSON).body();
		String target = sameIdentity();
		long entries = entries(target);

		long events = lastEvent();
		assertRefused(post(registrar.token(), target, "hello", FhirSummaries.FHIR_JSON), 400, "invalid",
				"The body is not a FHIR resource in JSON");
		assertRefused(post(registrar.token(), target, "{\"resourceType\":\"Patient\"}", FhirSummaries.FHIR_JSON),
				400, "invalid", "Send a Bundle, not a Patient");
		assertRefused(post(registrar.token(), target, exported.replace("\"type\":\"document\"",
				"\"type\":\"transaction\""), FhirSummaries.FHIR_JSON), 400, "invalid",
				"Send a Bundle of type document or collection, not transaction");
		assertRefused(post(registrar.token(), target, exported.replace("\"2025-03-01\"", "\"2025-03-41\""),
				FhirSummaries.FHIR_JSON), 400, "invalid", "The body is not a FHIR resource in JSON: ");
		assertRefused(post(registrar.token(), target, exported, "text/plain"), 415, "not-supported",
				"Send the Bundle as application/fhir+json or application/fhir+xml");
		StringBuilder many = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
		for (int i = 0; i <= ImportController.MAX_ENTRIES; i++) {
			many.append(i == 0 ? "" : ",").append("{\"resource\":{\"resourceType\":\"Basic\"}}");
		}
		assertRefused(post(registrar.token(), target, many.append("]}").toString(), FhirSummaries.FHIR_JSON), 413,
				"too-costly", "A Bundle may hold at most 1000 entries; split it");
		assertThat(tenMegabytesDeclared(target)).startsWith("HTTP/1.1 413");
		assertThat(eventsAfter(events)).isEmpty();

		events = lastEvent();
		assertRefused(post(registrar.token(), target, exported.replace("Amal Noor", "Amaal Nour"),
				FhirSummaries.FHIR_JSON), 422, "business-rule",
				"The Bundle's Patient is not this record's person (name differ). Nothing was imported.");
		assertThat(eventsAfter(events)).containsExactly("READ SUCCESS " + target);

		events = lastEvent();
		assertRefused(post(registrar.token(), UUID.randomUUID().toString(), exported, FhirSummaries.FHIR_JSON), 404,
				"not-found", "No person has this id");
		assertThat(eventsAfter(events)).containsExactly("LOOKUP_MISSED SUCCESS null");

		events = lastEvent();
		SignedIn mediator = users.staff(Role.MEDIATOR, "GR");
		assertRefused(post(mediator.token(), target, exported, FhirSummaries.FHIR_JSON), 403, "forbidden",
				"Only clinicians import records");
		assertThat(eventsAfter(events)).containsExactly("WRITE DENIED null");

		SignedIn person = users.migrant(PersonId.parse(target, "id"), Jurisdiction.of("GR"));
		SignedIn colleague = users.clinician("GR");
		JsonNode granted = graphql.execute(person.token(), "mutation($u: String!) { grantConsent(input: {grantee:"
				+ " {kind: USER, value: $u}, categories: [IDENTITY, ALLERGIES, MEDICATIONS, CONDITIONS, VACCINATIONS,"
				+ " INFECTIOUS_DISEASES, MENTAL_HEALTH, VITALS, LAB_RESULTS, ENCOUNTERS], access: READ_WRITE,"
				+ " purposes: [TREATMENT], jurisdictions: [\"GR\"]}) { id } }", Map.of("u", colleague.username()));
		assertThat(granted.has("errors")).as(granted.toString()).isFalse();
		events = lastEvent();
		assertRefused(post(colleague.token(), target, exported, FhirSummaries.FHIR_JSON), 403, "forbidden",
				"Importing this Bundle needs your read-and-write access to REPRODUCTIVE_HEALTH; nothing was imported");
		assertThat(eventsAfter(events)).containsExactly("READ SUCCESS " + target, "WRITE DENIED " + target);
		assertThat(jdbc.sql("""
				select array_to_string(categories_withheld, ',') from access_events
				where person_id = :person and action = 'WRITE' and outcome = 'DENIED'""")
			.param("person", UUID.fromString(target))
			.query(String.class)
			.list()).containsExactly("REPRODUCTIVE_HEALTH");

		assertThat(entries(target)).isEqualTo(entries);
		assertThat(jdbc.sql("select count(*) from fhir_imported_resources where person_id = :person")
			.param("person", UUID.fromString(target))
			.query(Long.class)
			.single()).isZero();
	}

	/** A record registered by the registrar with the identity of {@link FhirSummaries#personWithEverything}. */
	private String sameIdentity() {
		Map<String, Object> registration = new LinkedHashMap<>();
		registration.put("homeJurisdiction", "GR");
		registration.put("identity", Map.of("givenNames", "Amal Noor", "familyName",
				FhirSummaries.MARKERS.get("identity"), "dateOfBirth", "1990-05-17", "dateOfBirthEstimated", true));
		JsonNode answer = graphql.execute(registrar.token(), """
				mutation Register($input: RegisterPersonInput!) { registerPerson(input: $input) { personId } }""",
				Map.of("input", registration));
		assertThat(answer.has("errors")).as(answer.toString()).isFalse();
		return answer.at("/data/registerPerson/personId").asString();
	}

	private HttpResponse<String> post(String token, String personId, String body, String contentType) {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + port + "/fhir/Patient/" + personId + "/$import"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Declares a 10 MB body and sends none of it: the answer comes before any of it is read. */
	private String tenMegabytesDeclared(String personId) throws Exception {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /fhir/Patient/" + personId + "/$import HTTP/1.1\r\nHost: localhost\r\n"
					+ "Authorization: Bearer " + registrar.token() + "\r\nContent-Type: application/fhir+json\r\n"
					+ "Content-Length: " + (10 * 1024 * 1024) + "\r\n\r\n{").getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] head = in.readNBytes(12);
			return new String(head, StandardCharsets.US_ASCII);
		}
	}

	private void assertRefused(HttpResponse<String> response, int status, String code, String message) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		OperationOutcome outcome = summaries.outcome(response, FhirSummaries.FHIR_JSON);
		assertThat(outcome.getIssue()).hasSize(1);
		assertThat(outcome.getIssueFirstRep().getCode().toCode()).isEqualTo(code);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).startsWith(message);
		assertThat(response.body()).doesNotContain(FhirSummaries.MARKERS.values());
	}

	/**
	 * The clinical content of a summary: every resource but the document's context (Composition, Patient,
	 * Organization, Provenance), encoded without ids and references, which differ from record to record.
	 */
	private List<String> normalised(Bundle bundle) {
		List<String> resources = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Resource resource = entry.getResource();
			if (Set.of("Composition", "Patient", "Organization", "Provenance").contains(resource.fhirType())) {
				continue;
			}
			resources.add(fhir.newJsonParser()
				.encodeResourceToString(resource)
				.replaceAll("\"id\":\"[^\"]*\",?", "")
				.replaceAll("urn:uuid:[0-9a-f-]{36}", "urn:uuid:x"));
		}
		resources.sort(null);
		return resources;
	}

	private static List<String> diagnostics(OperationOutcome outcome) {
		return outcome.getIssue().stream().map(OperationOutcomeIssueComponent::getDiagnostics).toList();
	}

	private static String anAllergyId(String exported) {
		int at = exported.indexOf("\"resourceType\":\"AllergyIntolerance\",\"id\":\"");
		return exported.substring(at + 42, at + 42 + 36);
	}

	private String subjectOf(String personId) {
		return jdbc.sql("""
				select requester_subject from access_events
				where person_id = :person and action = 'WRITE' and outcome = 'SUCCESS' order by sequence limit 1""")
			.param("person", UUID.fromString(personId))
			.query(String.class)
			.single();
	}

	private long entries(String personId) {
		return jdbc.sql("select count(*) from entries where person_id = :person")
			.param("person", UUID.fromString(personId))
			.query(Long.class)
			.single();
	}

	private long lastEvent() {
		return jdbc.sql("select coalesce(max(sequence), 0) from access_events").query(Long.class).single();
	}

	/** The events appended after {@code sequence} by any of this class's requests: action, outcome, person. */
	private List<String> eventsAfter(long sequence) {
		return jdbc.sql("""
				select action || ' ' || outcome || ' ' || coalesce(person_id::text, 'null') from access_events
				where sequence > :sequence and operation_name like 'FHIR Patient/$import%' order by sequence""")
			.param("sequence", sequence)
			.query(String.class)
			.list();
	}
}
