package org.carnet.fhir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.Documents;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityDetailComponent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /fhir/Consent?patient=} and {@code GET /fhir/AuditEvent?patient=} from the clients' side, with real
 * tokens: searchset Bundles that HAPI's strict parser reads and its validator (schema and schematron) accepts, in
 * JSON and XML; the person sees all their grants, a clinician only those they hold; the person and auditors see the
 * record's access events with what was served and withheld, a clinician is refused and the refusal recorded as
 * through GraphQL; paging by {@code _count} and the {@code next} link; bad parameters refused before any work.
 */
@CarnetIntegrationTest
class FhirSearchIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	FhirContext fhir;

	@Autowired
	JdbcClient jdbc;

	private final HttpClient client = HttpClient.newHttpClient();

	GraphQlRequests graphql;

	TestUsers users;

	FhirSummaries summaries;

	SignedIn registrar;

	SignedIn person;

	SignedIn weber;

	String personId;

	@BeforeEach
	void aPersonWhoGaveTwoGrants() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		summaries = new FhirSummaries(port, fhir);
		registrar = users.clinician("GR");
		personId = FhirSummaries.personWithEverything(graphql, registrar);
		person = users.migrant(PersonId.parse(personId, "id"), Jurisdiction.of("GR"));
		weber = users.clinician("DE");
	}

	@Test
	void thePersonSeesEachOfTheirGrantsAsAValidConsentInJsonAndXml() {
		String toWeber = grant(person, weber, "[ALLERGIES, MEDICATIONS], access: READ_WRITE", "[TREATMENT, EMERGENCY]",
				"DE");
		SignedIn mediator = users.staff(Role.MEDIATOR, "GR");
		String toMediator = grant(person, mediator, "[IDENTITY, ENCOUNTERS]", "[CARE_COORDINATION]", "GR");
		JsonNode revoked = graphql.execute(person.token(),
				"mutation($id: ID!) { revokeConsent(id: $id, reason: \"moved\") { status } }", Map.of("id", toMediator));
		assertThat(revoked.at("/data/revokeConsent/status").asString()).isEqualTo("REVOKED");
		List<String> expected = new ArrayList<>();
		graphql.execute(person.token(), "{ myConsents { id } }")
			.at("/data/myConsents")
			.forEach(grant -> expected.add(grant.at("/id").asString()));
		assertThat(expected).hasSize(3).contains(toWeber, toMediator);

		for (String format : List.of(FhirSummaries.FHIR_JSON, FhirSummaries.FHIR_XML)) {
			HttpResponse<String> response = get(person.token(), "Consent?patient=" + personId, format);

			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith(format);
			assertThat(response.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
			Bundle bundle = (Bundle) summaries.parseAndValidate(response.body(), format);
			assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
			assertThat(bundle.getTotal()).isEqualTo(3);
			assertThat(ids(bundle)).isEqualTo(expected);
			for (BundleEntryComponent entry : bundle.getEntry()) {
				assertThat(entry.getFullUrl()).isEqualTo("http://localhost:" + port + "/fhir/Consent/"
						+ entry.getResource().getIdElement().getIdPart());
				assertThat(entry.getSearch().getMode()).isEqualTo(Bundle.SearchEntryMode.MATCH);
			}

			Consent weberS = consent(bundle, toWeber);
			assertThat(weberS.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
			assertThat(weberS.getScope().getCodingFirstRep().getCode()).isEqualTo("patient-privacy");
			assertThat(weberS.getCategoryFirstRep().getCodingFirstRep().getSystem()).isEqualTo("http://loinc.org");
			assertThat(weberS.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("59284-0");
			assertThat(weberS.getPatient().getReference()).isEqualTo("Patient/" + personId);
			assertThat(weberS.getDateTime()).isNotNull();
			Consent.ProvisionComponent provision = weberS.getProvision();
			assertThat(provision.getType()).isEqualTo(Consent.ConsentProvisionType.PERMIT);
			assertThat(provision.getPurpose()).extracting(c -> c.getSystem() + "|" + c.getCode())
				.containsExactlyInAnyOrder("http://terminology.hl7.org/CodeSystem/v3-ActReason|TREAT",
						"http://terminology.hl7.org/CodeSystem/v3-ActReason|ETREAT");
			assertThat(provision.getActorFirstRep().getRole().getCodingFirstRep().getCode()).isEqualTo("IRCP");
			assertThat(provision.getActorFirstRep().getReference().getIdentifier().getSystem())
				.isEqualTo(ConsentMapping.USER);
			assertThat(provision.getActorFirstRep().getReference().getIdentifier().getValue())
				.isEqualTo(weber.username());
			assertThat(provision.getCode()).extracting(c -> c.getCodingFirstRep().getCode())
				.containsExactlyInAnyOrder("ALLERGIES", "MEDICATIONS");
			assertThat(provision.getAction()).extracting(c -> c.getCodingFirstRep().getCode())
				.containsExactly("access", "correct");
			assertThat(provision.getPeriod().getStart()).isNotNull();
			assertThat(provision.getPeriod().getEnd()).isAfter(provision.getPeriod().getStart());

			Consent mediatorS = consent(bundle, toMediator);
			assertThat(mediatorS.getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
			assertThat(mediatorS.getProvision().getPurposeFirstRep().getCode()).isEqualTo("CAREMGT");
			assertThat(mediatorS.getExtensionByUrl(ConsentMapping.GRANT_STATUS).getValue().primitiveValue())
				.isEqualTo("REVOKED");
			assertThat(mediatorS.getExtensionByUrl(ConsentMapping.REVOKED_AT)).isNotNull();
		}
	}

	@Test
	void aClinicianSeesOnlyTheGrantsTheyHoldFromThePerson() {
		String toWeber = grant(person, weber, "[ALLERGIES]", "[TREATMENT]", "DE");
		SignedIn colleague = users.clinician("DE");
		grant(person, colleague, "[VACCINATIONS]", "[TREATMENT]", "DE");
		JsonNode toCountry = graphql.execute(person.token(), """
				mutation { grantConsent(input: {grantee: {kind: ANY_CLINICIAN_IN, value: "DE"},
				  categories: [VACCINATIONS], purposes: [EMERGENCY]}) { id } }""");
		String anyInGermany = toCountry.at("/data/grantConsent/id").asString();
		String viaGraphQl = graphql.execute(weber.token(), "query($p: ID!) { consentsGivenToMe(personId: $p) { id } }",
				Map.of("p", personId)).at("/data/consentsGivenToMe").toString();

		for (String format : List.of(FhirSummaries.FHIR_JSON, FhirSummaries.FHIR_XML)) {
			HttpResponse<String> response = get(weber.token(), "Consent?patient=Patient/" + personId, format);

			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			Bundle bundle = (Bundle) summaries.parseAndValidate(response.body(), format);
			assertThat(ids(bundle)).containsExactly(anyInGermany, toWeber);
			assertThat(viaGraphQl).contains(anyInGermany, toWeber);
			Consent country = consent(bundle, anyInGermany);
			assertThat(country.getProvision().getActorFirstRep().getReference().getIdentifier().getValue())
				.isEqualTo("DE");
			assertThat(country.getProvision().getPurposeFirstRep().getCode()).isEqualTo("ETREAT");
		}
		HttpResponse<String> greek = get(registrar.token(), "Consent?patient=" + personId, FhirSummaries.FHIR_JSON);
		assertThat(ids((Bundle) summaries.parseAndValidate(greek.body(), FhirSummaries.FHIR_JSON)))
			.as("the registrar holds the registration grant, not the German ones")
			.doesNotContain(toWeber, anyInGermany)
			.hasSize(1);

		SignedIn auditor = users.staff(Role.AUDITOR, "GR");
		HttpResponse<String> refused = get(auditor.token(), "Consent?patient=" + personId, FhirSummaries.FHIR_XML);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(summaries.outcome(refused, FhirSummaries.FHIR_XML).getIssueFirstRep().getCode())
			.isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
		SignedIn stranger = users.migrant(PersonId.random(), Jurisdiction.of("GR"));
		assertThat(get(stranger.token(), "Consent?patient=" + personId, null).statusCode()).isEqualTo(403);
		assertThat(get(weber.token(), "Consent?patient=" + UUID.randomUUID(), null).statusCode()).isEqualTo(404);
	}

	@Test
	void whereThePersonsHomeHidesRestrictionsTheirGranteeIsRefusedAndThePersonSeesTheirGrants() {
		SignedIn french = users.clinician("FR");
		String frenchPerson = graphql.execute(french.token(), """
				mutation { registerPerson(input: {homeJurisdiction: "FR", identity: {givenNames: "Nadia"}}) {
				  personId } }""").at("/data/registerPerson/personId").asString();
		SignedIn nadia = users.migrant(PersonId.parse(frenchPerson, "id"), Jurisdiction.of("FR"));

		HttpResponse<String> refused = get(french.token(), "Consent?patient=" + frenchPerson, null);
		HttpResponse<String> own = get(nadia.token(), "Consent?patient=" + frenchPerson, null);

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
		assertThat(summaries.outcome(refused, FhirSummaries.FHIR_JSON).getIssueFirstRep().getDiagnostics())
			.isEqualTo("The person's home country does not show the state of their consents to others");
		assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
		Bundle bundle = (Bundle) summaries.parseAndValidate(own.body(), FhirSummaries.FHIR_JSON);
		assertThat(consent(bundle, ids(bundle).get(0)).getExtensionByUrl(ConsentMapping.ORIGIN).getValue()
			.primitiveValue()).as("the registrar's initial grant").isEqualTo("REGISTRATION");
	}

	@Test
	void aProxyReadsThePersonsConsentsAndAccessLogActingForThem() {
		grant(person, weber, "[ALLERGIES]", "[TREATMENT]", "DE");
		SignedIn relative = users.migrant(PersonId.random(), Jurisdiction.of("GR"));
		JsonNode authorised = graphql.execute(person.token(), """
				mutation($input: AuthoriseProxyInput!) { authoriseProxy(input: $input) { id } }""",
				Map.of("input", Map.of("proxy", relative.username(), "rights", List.of("READ_RECORD"), "validUntil",
						Instant.now().plus(30, ChronoUnit.DAYS).toString())));
		assertThat(authorised.has("errors")).as(authorised.toString()).isFalse();
		Map<String, String> actingFor = Map.of("Carnet-Acting-For", personId);

		HttpResponse<String> consents = get(relative.token(), "Consent?patient=" + personId, null, actingFor);
		HttpResponse<String> events = get(relative.token(), "AuditEvent?patient=" + personId, null, actingFor);

		assertThat(consents.statusCode()).as(consents.body()).isEqualTo(200);
		assertThat(ids((Bundle) summaries.parseAndValidate(consents.body(), FhirSummaries.FHIR_JSON))).hasSize(2);
		assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
		assertThat(((Bundle) summaries.parseAndValidate(events.body(), FhirSummaries.FHIR_JSON)).getEntry())
			.isNotEmpty();
		assertThat(get(relative.token(), "Consent?patient=" + personId, null).statusCode())
			.as("not acting for the person, the proxy is a stranger to the record")
			.isEqualTo(403);
	}

	@Test
	void aClinicianAskingForAuditEventsIsRefusedAndTheRefusalRecordedAsThroughGraphQl() {
		long before = auditReads(weber, "DENIED");

		HttpResponse<String> response = get(weber.token(), "AuditEvent?patient=" + personId, FhirSummaries.FHIR_JSON);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
		OperationOutcome outcome = summaries.outcome(response, FhirSummaries.FHIR_JSON);
		assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).isEqualTo("Only auditors read the access ledger");
		assertThat(response.body()).doesNotContain(registrar.username(), "AuditEvent\"");
		assertThat(auditReads(weber, "DENIED")).isEqualTo(before + 1);
		assertThat(lastAuditRead(weber)).containsEntry("operation_name", SearchQueries.AUDIT_ENTRY_POINT)
			.containsEntry("outcome", "DENIED");
	}

	@Test
	void theAuditorAndThePersonSeeTheRecordsEventsWithWhatWasServedAndWithheld() {
		grant(person, weber, "[ALLERGIES, MEDICATIONS]", "[TREATMENT]", "DE");
		JsonNode read = graphql.execute(weber.token(), Documents.PERSON, Map.of("id", personId, "purpose",
				"TREATMENT"));
		assertThat(read.at("/data/person/allergies/0/substance").isMissingNode()).isFalse();
		SignedIn auditor = users.staff(Role.AUDITOR, "GR");
		long auditorReads = auditReads(auditor, "SUCCESS");
		int events = jdbc.sql("select count(*) from access_events where person_id = :p")
			.param("p", UUID.fromString(personId))
			.query(Integer.class)
			.single();

		List<List<String>> seen = new ArrayList<>();
		for (SignedIn reader : List.of(auditor, person)) {
			// each AuditEvent's schematron run is costly: the auditor's in JSON, the person's in XML
			String format = reader == auditor ? FhirSummaries.FHIR_JSON : FhirSummaries.FHIR_XML;
			HttpResponse<String> response = get(reader.token(), "AuditEvent?patient=" + personId, format);

			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			Bundle bundle = (Bundle) summaries.parseAndValidate(response.body(), format);
			assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
			assertThat(bundle.getEntry()).hasSize(events);
			assertThat(bundle.getLink("next")).isNull();
			seen.add(ids(bundle));
			AuditEvent weberS = bundle.getEntry()
				.stream()
				.map(e -> (AuditEvent) e.getResource())
				.filter(e -> e.getSubtype().stream().anyMatch(c -> c.getCode().equals("READ")))
				.filter(e -> weber.username().equals(e.getAgentFirstRep().getWho().getIdentifier().getValue()))
				.findFirst()
				.orElseThrow();
			assertThat(weberS.getType().getSystem()).isEqualTo(AuditEventMapping.DCM);
			assertThat(weberS.getType().getCode()).isEqualTo("110110");
			assertThat(weberS.getSubtype()).extracting(c -> c.getSystem() + "|" + c.getCode())
				.contains("http://hl7.org/fhir/restful-interaction|read");
			assertThat(weberS.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
			assertThat(weberS.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
			assertThat(weberS.getOutcomeDesc()).startsWith("Partly served: ").contains("MENTAL_HEALTH");
			assertThat(weberS.getRecorded()).isNotNull();
			assertThat(weberS.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("TREAT");
			assertThat(weberS.getAgentFirstRep().getRequestor()).isTrue();
			assertThat(weberS.getAgentFirstRep().getWho().getIdentifier().getSystem())
				.isEqualTo(ConsentMapping.USER);
			assertThat(weberS.getEntityFirstRep().getWhat().getReference()).isEqualTo("Patient/" + personId);
			assertThat(detail(weberS, "categoriesServed")).isEqualTo("ALLERGIES,MEDICATIONS");
			assertThat(detail(weberS, "categoriesWithheld")).contains("MENTAL_HEALTH", "REPRODUCTIVE_HEALTH")
				.doesNotContain("ALLERGIES");
			assertThat(detail(weberS, "crossBorder")).isEqualTo("true");
			assertThat(detail(weberS, "channel")).isEqualTo("PersonRecord");
			assertThat(response.body()).doesNotContain(FhirSummaries.MARKERS.values());
		}
		assertThat(auditReads(auditor, "SUCCESS")).as("each search of the auditor is recorded, as through GraphQL")
			.isEqualTo(auditorReads + 1);
		assertThat(seen.get(1)).as("the person sees what the auditor sees of their record").isEqualTo(seen.get(0));
		assertThat(lastAuditRead(auditor)).containsEntry("operation_name", SearchQueries.AUDIT_ENTRY_POINT);
	}

	@Test
	void pagesFollowTheNextLinkWithoutOverlapUntilTheEnd() {
		for (int i = 0; i < 3; i++) {
			graphql.execute(registrar.token(), Documents.PERSON, Map.of("id", personId, "purpose", "TREATMENT"));
		}
		HttpResponse<String> all = get(person.token(), "AuditEvent?patient=" + personId + "&_count=200", null);
		List<String> everything = ids(fhir.newJsonParser()
			.setParserErrorHandler(new StrictErrorHandler())
			.parseResource(Bundle.class, all.body()));
		assertThat(everything.size()).isGreaterThan(4);

		List<String> paged = new ArrayList<>();
		String next = "http://localhost:" + port + "/fhir/AuditEvent?patient=" + personId + "&_count=2";
		int pages = 0;
		while (next != null) {
			HttpResponse<String> page = send(person.token(), URI.create(next), FhirSummaries.FHIR_XML, Map.of());
			assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
			Bundle bundle = (Bundle) summaries.parseAndValidate(page.body(), FhirSummaries.FHIR_XML);
			List<String> ids = ids(bundle);
			assertThat(ids).hasSizeLessThanOrEqualTo(2).isNotEmpty();
			assertThat(paged).doesNotContainAnyElementsOf(ids);
			paged.addAll(ids);
			next = bundle.getLink("next") == null ? null : bundle.getLink("next").getUrl();
			pages++;
		}
		assertThat(paged).as("newest first, the same events as one page").isEqualTo(everything);
		assertThat(pages).isEqualTo((everything.size() + 1) / 2);
	}

	@Test
	void badParametersAreRefusedWith400BeforeAnyWork() {
		SignedIn auditor = users.staff(Role.AUDITOR, "GR");
		long before = auditReads(auditor, "SUCCESS") + auditReads(auditor, "DENIED");
		List<String> bad = List.of("AuditEvent?patient=" + personId + "&_count=0",
				"AuditEvent?patient=" + personId + "&_count=201",
				"AuditEvent?patient=" + personId + "&_count=abc",
				"AuditEvent?patient=" + personId + "&_count=-1",
				"AuditEvent?patient=" + personId + "&_count=99999999999999",
				"AuditEvent?patient=" + personId + "&_count=2&_count=3",
				"AuditEvent?patient=" + personId + "&_cursor=%27%3B%20drop",
				"AuditEvent?patient=" + personId + "&_cursor=" + "a".repeat(201),
				"AuditEvent?patient=" + personId + "&_cursor=bm90LWEtY3Vyc29y",
				"AuditEvent?patient=not-a-uuid", "AuditEvent", "AuditEvent?patient=" + personId + "&subject=x",
				"Consent?patient=" + personId + "&_count=10", "Consent?patient=Patient/12", "Consent");
		for (String query : bad) {
			for (String format : List.of(FhirSummaries.FHIR_JSON, FhirSummaries.FHIR_XML)) {
				HttpResponse<String> response = get(auditor.token(), query, format);

				assertThat(response.statusCode()).as("%s: %s", query, response.body()).isEqualTo(400);
				assertThat(summaries.outcome(response, format).getIssueFirstRep().getCode())
					.isEqualTo(OperationOutcome.IssueType.INVALID);
			}
		}
		assertThat(auditReads(auditor, "SUCCESS") + auditReads(auditor, "DENIED"))
			.as("nothing was read: only the cursor that looks like one reached the ledger, which refused it")
			.isEqualTo(before);
		assertThat(get(null, "AuditEvent?patient=" + personId, null).statusCode()).isEqualTo(401);
		assertThat(get(auditor.token(), "AuditEvent?patient=" + personId, "text/html").statusCode()).isEqualTo(406);
	}

	private String grant(SignedIn grantor, SignedIn grantee, String categories, String purposes, String country) {
		JsonNode granted = graphql.execute(grantor.token(), "mutation($u: String!) { grantConsent(input: {grantee:"
				+ " {kind: USER, value: $u}, categories: " + categories + ", purposes: " + purposes + ","
				+ " jurisdictions: [\"" + country + "\"]}) { id } }", Map.of("u", grantee.username()));
		assertThat(granted.has("errors")).as(granted.toString()).isFalse();
		return granted.at("/data/grantConsent/id").asString();
	}

	private HttpResponse<String> get(String token, String pathAndQuery, String accept) {
		return get(token, pathAndQuery, accept, Map.of());
	}

	private HttpResponse<String> get(String token, String pathAndQuery, String accept, Map<String, String> headers) {
		return send(token, URI.create("http://localhost:" + port + "/fhir/" + pathAndQuery), accept, headers);
	}

	private HttpResponse<String> send(String token, URI uri, String accept, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (accept != null) {
			request.header("Accept", accept);
		}
		headers.forEach(request::header);
		try {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> ids(Bundle bundle) {
		return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
	}

	private static Consent consent(Bundle bundle, String id) {
		return bundle.getEntry()
			.stream()
			.map(BundleEntryComponent::getResource)
			.filter(r -> r.getIdElement().getIdPart().equals(id))
			.map(Consent.class::cast)
			.findFirst()
			.orElseThrow();
	}

	private static String detail(AuditEvent event, String type) {
		Set<String> values = new HashSet<>();
		for (AuditEventEntityDetailComponent detail : event.getEntityFirstRep().getDetail()) {
			if (detail.getType().equals(type)) {
				values.add(detail.getValue().primitiveValue());
			}
		}
		assertThat(values).as(type).hasSize(1);
		return values.iterator().next();
	}

	private long auditReads(SignedIn requester, String outcome) {
		return jdbc.sql("select count(*) from access_events where action = 'AUDIT_READ' and requester_subject = :s"
				+ " and outcome = :o")
			.param("s", requester.username())
			.param("o", outcome)
			.query(Long.class)
			.single();
	}

	private Map<String, Object> lastAuditRead(SignedIn requester) {
		return jdbc.sql("select outcome, operation_name from access_events where action = 'AUDIT_READ'"
				+ " and requester_subject = :s order by sequence desc limit 1")
			.param("s", requester.username())
			.query()
			.singleRow();
	}
}
