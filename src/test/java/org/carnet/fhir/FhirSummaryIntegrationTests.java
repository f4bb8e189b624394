package org.carnet.fhir;

import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import org.carnet.audit.LedgerFaults;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.Documents;
import org.carnet.testing.ExpectedErrorLogs;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Composition.SectionComponent;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /fhir/Patient/{id}/$summary} from the clients' side, with real tokens: valid FHIR documents in JSON and
 * XML, the IPS structure, exactly the categories a GraphQL read of the same requester and purpose serves (and nothing
 * of the others, not even in text), one READ event per summary naming the FHIR entry point, and each refusal an
 * OperationOutcome with its status and no record data.
 */
@CarnetIntegrationTest
class FhirSummaryIntegrationTests {

	static final String OPERATION = "FHIR Patient/$summary";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	FhirContext fhir;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	LedgerFaults ledgerFaults;

	GraphQlRequests graphql;

	TestUsers users;

	FhirSummaries summaries;

	SignedIn registrar;

	String personId;

	@BeforeEach
	void aPersonWithAnEntryInEverySection() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		summaries = new FhirSummaries(port, fhir);
		registrar = users.clinician("GR");
		personId = FhirSummaries.personWithEverything(graphql, registrar);
	}

	@Test
	void theWholeSummaryIsAValidFhirDocumentInJsonAndInXml() {
		for (String format : List.of(FhirSummaries.FHIR_JSON, FhirSummaries.FHIR_XML)) {
			HttpResponse<String> response = summaries.get(registrar.token(), personId, null, format);

			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith(format);
			assertThat(response.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
			Bundle bundle = (Bundle) summaries.parseAndValidate(response.body(), format);
			assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
			assertThat(response.body()).contains(FhirSummaries.MARKERS.values());
		}
		HttpResponse<String> byDefault = summaries.get(registrar.token(), personId, null, null);
		assertThat(byDefault.headers().firstValue("Content-Type").orElseThrow())
			.startsWith(FhirSummaries.FHIR_JSON);
		HttpResponse<String> xmlByFormat = summaries.get(registrar.token(), personId, "_format=xml", "*/*");
		assertThat(xmlByFormat.headers().firstValue("Content-Type").orElseThrow()).startsWith(FhirSummaries.FHIR_XML);
	}

	@Test
	void theSummaryIsAnIpsDocumentWhoseSectionsReferToEveryEntryWithStableIds() {
		Bundle first = summaries.summary(registrar, personId, "TREATMENT");

		assertThat(first.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
		assertThat(first.getIdentifier().getValue()).startsWith("urn:uuid:");
		assertThat(first.getTimestamp()).isNotNull();
		assertThat(first.getEntry()).allSatisfy(entry -> assertThat(entry.getFullUrl()).startsWith("urn:uuid:"));
		Composition composition = (Composition) first.getEntryFirstRep().getResource();
		assertThat(composition.getType().getCodingFirstRep().getCode()).isEqualTo("60591-5");
		assertThat(composition.getAuthorFirstRep().getReference()).startsWith("urn:uuid:");
		assertThat(composition.getCustodian().getReference()).startsWith("urn:uuid:");
		assertThat(sectionCodes(composition)).containsExactly("11450-4", "48765-2", "10160-0", "11369-6", "30954-2",
				"8716-3", "11348-0", "10162-6", "46240-8", "18776-5");

		Map<String, Resource> byUrl = new LinkedHashMap<>();
		first.getEntry().forEach(entry -> byUrl.put(entry.getFullUrl(), entry.getResource()));
		Set<String> inSections = new HashSet<>();
		composition.getSection().forEach(section -> section.getEntry().forEach(r -> inSections.add(r.getReference())));
		for (BundleEntryComponent entry : first.getEntry()) {
			for (Reference reference : fhir.newTerser()
				.getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
				if (reference.getReference() != null) {
					assertThat(byUrl).as("no dangling reference in %s", entry.getFullUrl())
						.containsKey(reference.getReference());
				}
			}
			String type = entry.getResource().fhirType();
			if (!Set.of("Composition", "Patient", "Organization", "Location", "Provenance").contains(type)) {
				assertThat(inSections).as("%s %s is in a section", type, entry.getFullUrl())
					.contains(entry.getFullUrl());
			}
		}
		assertThat(reachable(composition, byUrl, first)).as("every entry is reached from the Composition or is"
				+ " the provenance of one").isEqualTo(byUrl.keySet());

		Bundle second = summaries.summary(registrar, personId, "TREATMENT");
		assertThat(fullUrls(second)).as("the same entries are the same resources").isEqualTo(fullUrls(first));
		assertThat(second.getIdentifier().getValue()).isNotEqualTo(first.getIdentifier().getValue());
	}

	@Test
	void everyRequesterSeesInTheSummaryExactlyTheCategoriesGraphQlServesThem() {
		SignedIn person = users.migrant(PersonId.parse(personId, "id"), Jurisdiction.of("GR"));
		SignedIn weber = users.clinician("DE");
		SignedIn mediator = users.staff(Role.MEDIATOR, "GR");

		assertSameCategories(registrar, "TREATMENT");
		assertSameCategories(weber, "TREATMENT");
		grant(person, weber, "[ALLERGIES, MEDICATIONS]", "TREATMENT", "DE");
		assertSameCategories(weber, "TREATMENT");
		assertSameCategories(weber, "CARE_COORDINATION");
		SignedIn emergency = users.clinician("DE");
		assertThat(graphql.execute(emergency.token(),
				"mutation($p: ID!, $j: String!) { breakGlass(personId: $p, justification: $j) { id } }",
				Map.of("p", personId, "j", "Unconscious on arrival at the emergency department, no history"))
			.has("errors")).isFalse();
		assertSameCategories(emergency, "EMERGENCY");
		assertSameCategories(mediator, "CARE_COORDINATION");
		// identity in full (a mediator's default is coarse, whose summary has no name: see CoarseViewsTests)
		grant(person, mediator, "[IDENTITY, ENCOUNTERS], coarseCategories: []", "CARE_COORDINATION", "GR");
		assertSameCategories(mediator, "CARE_COORDINATION");
		assertSameCategories(person, "TREATMENT");
	}

	@Test
	void aWithheldRequiredSectionHasTheShapeOfAnEmptyOne() {
		SignedIn weber = users.clinician("DE");
		String withoutEntries = FhirSummaries.personWithIdentityOnly(graphql, registrar);

		Composition withheld = composition(summaries.summary(weber, personId, "TREATMENT"));
		Composition empty = composition(summaries.summary(registrar, withoutEntries, "TREATMENT"));

		assertThat(sectionCodes(withheld)).containsExactly("11450-4", "48765-2", "10160-0");
		assertThat(sectionCodes(empty)).containsExactly("11450-4", "48765-2", "10160-0");
		for (int i = 0; i < 3; i++) {
			assertThat(encoded(withheld.getSection().get(i))).isEqualTo(encoded(empty.getSection().get(i)));
			assertThat(withheld.getSection().get(i).getEmptyReason().getCodingFirstRep().getCode())
				.isEqualTo("unavailable");
		}
	}

	@Test
	void eachSummaryLeavesOneReadEventNamingTheFhirEntryPointAsGraphQlWould() {
		SignedIn weber = users.clinician("DE");
		SignedIn person = users.migrant(PersonId.parse(personId, "id"), Jurisdiction.of("GR"));
		grant(person, weber, "[ALLERGIES, MEDICATIONS]", "TREATMENT", "DE");
		graphql.execute(weber.token(), Documents.PERSON, Map.of("id", personId, "purpose", "TREATMENT"));
		List<Map<String, Object>> before = readEvents();

		summaries.summary(weber, personId, "TREATMENT");

		List<Map<String, Object>> events = readEvents();
		assertThat(events).hasSize(before.size() + 1);
		Map<String, Object> graphQlRead = before.get(before.size() - 1);
		Map<String, Object> fhirRead = events.get(events.size() - 1);
		assertThat(fhirRead.get("operation_name")).isEqualTo(OPERATION);
		assertThat(fhirRead.get("requester_subject")).isEqualTo(weber.username());
		assertThat(fhirRead.get("outcome")).isEqualTo("PARTIAL");
		assertThat(fhirRead.get("purpose")).isEqualTo("TREATMENT");
		assertThat(fhirRead.get("served")).isEqualTo("ALLERGIES,MEDICATIONS").isEqualTo(graphQlRead.get("served"));
		assertThat(fhirRead.get("withheld")).isEqualTo(graphQlRead.get("withheld"));
		assertThat((String) fhirRead.get("withheld")).contains("MENTAL_HEALTH", "REPRODUCTIVE_HEALTH");
		assertThat(fhirRead.get("cross_border")).isEqualTo(true);
	}

	@Test
	@ExpectedErrorLogs("the ledger refuses every append")
	void withoutTheLedgerTheSummaryIs503WithAnOperationOutcomeAndNoHealthData() {
		int before = readEvents().size();
		ledgerFaults.failAppends(true);
		try {
			for (String format : List.of(FhirSummaries.FHIR_JSON, FhirSummaries.FHIR_XML)) {
				HttpResponse<String> response = summaries.get(registrar.token(), personId, null, format);

				assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
				OperationOutcome outcome = summaries.outcome(response, format);
				assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.TRANSIENT);
				assertThat(response.body()).doesNotContain(FhirSummaries.MARKERS.values())
					.doesNotContain("Amal", "Latex", "Bundle");
			}
		}
		finally {
			ledgerFaults.failAppends(false);
		}
		assertThat(readEvents()).hasSize(before);
	}

	@Test
	void refusalsAreOperationOutcomesWithTheirStatusAndNoData() {
		HttpResponse<String> noToken = summaries.get(null, personId, null, FhirSummaries.FHIR_JSON);
		assertThat(noToken.statusCode()).isEqualTo(401);
		assertThat(noToken.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
		assertThat(summaries.outcome(noToken, FhirSummaries.FHIR_JSON).getIssueFirstRep().getCode())
			.isEqualTo(OperationOutcome.IssueType.LOGIN);

		SignedIn auditor = users.staff(Role.AUDITOR, "GR");
		HttpResponse<String> auditorRead = summaries.get(auditor.token(), personId, null, FhirSummaries.FHIR_XML);
		assertThat(auditorRead.statusCode()).isEqualTo(403);
		assertThat(summaries.outcome(auditorRead, FhirSummaries.FHIR_XML).getIssueFirstRep().getCode())
			.isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
		assertThat(auditorRead.body()).doesNotContain(FhirSummaries.MARKERS.values());
		assertThat(graphQlClassification(auditor, personId)).isEqualTo("FORBIDDEN");
		SignedIn admin = users.admin();
		assertThat(summaries.get(admin.token(), personId, null, null).statusCode()).isEqualTo(403);
		SignedIn analyst = users.staff(Role.PUBLIC_HEALTH_ANALYST, "GR");
		assertThat(summaries.get(analyst.token(), personId, null, null).statusCode()).isEqualTo(403);
		assertThat(summaries.get(analyst.token(), UUID.randomUUID().toString(), null, null).statusCode())
			.as("refused before the look-up: an unknown id gets the same answer").isEqualTo(403);
		SignedIn otherPerson = users.migrant(PersonId.random(), Jurisdiction.of("GR"));
		assertThat(summaries.get(otherPerson.token(), personId, null, null).statusCode()).isEqualTo(403);

		String unknown = UUID.randomUUID().toString();
		HttpResponse<String> notFound = summaries.get(registrar.token(), unknown, null, null);
		assertThat(notFound.statusCode()).isEqualTo(404);
		assertThat(summaries.outcome(notFound, FhirSummaries.FHIR_JSON).getIssueFirstRep().getDiagnostics())
			.isEqualTo(graphQlMessage(registrar, unknown));

		HttpResponse<String> badPurpose = summaries.get(registrar.token(), personId, "purpose=CURIOSITY", null);
		assertThat(badPurpose.statusCode()).isEqualTo(400);
		assertThat(summaries.outcome(badPurpose, FhirSummaries.FHIR_JSON).getIssueFirstRep().getCode())
			.isEqualTo(OperationOutcome.IssueType.INVALID);
		HttpResponse<String> badId = summaries.get(registrar.token(), "not-an-id", null, null);
		assertThat(badId.statusCode()).isEqualTo(400);
		summaries.outcome(badId, FhirSummaries.FHIR_JSON);

		int before = readEvents().size();
		HttpResponse<String> csv = summaries.get(registrar.token(), personId, null, "text/csv");
		assertThat(csv.statusCode()).isEqualTo(406);
		assertThat(summaries.outcome(csv, FhirSummaries.FHIR_JSON).getIssueFirstRep().getCode())
			.isEqualTo(OperationOutcome.IssueType.NOTSUPPORTED);
		assertThat(csv.body()).doesNotContain(FhirSummaries.MARKERS.values());
		assertThat(readEvents()).as("nothing was read for a representation nobody can take").hasSize(before);
	}

	@Test
	void pastTheLookUpRateTheSummaryIs429WithRetryAfterAndNoData() {
		SignedIn busy = users.clinician("GR");
		HttpResponse<String> refused = null;
		// the allowance refills continuously (10 a second by default): spend it, then ask at once, a few times over
		for (int attempt = 0; attempt < 5 && (refused == null || refused.statusCode() != 429); attempt++) {
			for (int size : List.of(100, 10, 1)) {
				while (!spendLookUps(busy, size).contains("TOO_MANY_REQUESTS")) {
					// go on until the allowance is smaller than size
				}
			}
			refused = summaries.get(busy.token(), personId, null, FhirSummaries.FHIR_JSON);
		}

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow()).isPositive();
		assertThat(summaries.outcome(refused, FhirSummaries.FHIR_JSON).getIssueFirstRep().getCode())
			.isEqualTo(OperationOutcome.IssueType.THROTTLED);
		assertThat(refused.body()).doesNotContain(FhirSummaries.MARKERS.values());
	}

	private String spendLookUps(SignedIn requester, int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(UUID.randomUUID().toString());
		}
		return graphql.post(requester.token(), "query($ids: [ID!]!) { persons(ids: $ids, purpose: TREATMENT) { id } }",
				Map.of("ids", ids)).body();
	}

	/**
	 * The categories the summary shows (by their markers) are those the GraphQL read of the same requester and
	 * purpose serves; the others' markers appear nowhere, in JSON or XML.
	 */
	private void assertSameCategories(SignedIn requester, String purpose) {
		JsonNode read = graphql.execute(requester.token(), Documents.PERSON,
				Map.of("id", personId, "purpose", purpose));
		Set<String> served = new TreeSet<>();
		FhirSummaries.MARKERS.keySet().forEach(field -> {
			JsonNode value = read.at("/data/person/" + field);
			if (!value.isMissingNode() && !value.isNull()) {
				served.add(field);
			}
		});
		for (String format : List.of(FhirSummaries.FHIR_JSON, FhirSummaries.FHIR_XML)) {
			HttpResponse<String> response = summaries.get(requester.token(), personId, "purpose=" + purpose, format);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			summaries.parseAndValidate(response.body(), format);
			Set<String> shown = new TreeSet<>();
			FhirSummaries.MARKERS.forEach((field, marker) -> {
				if (response.body().contains(marker)) {
					shown.add(field);
				}
			});
			assertThat(shown).as("%s for %s in %s", requester.username(), purpose, format).isEqualTo(served);
		}
	}

	/** {@code categories}: the list, optionally followed by further input fields. */
	private void grant(SignedIn person, SignedIn grantee, String categories, String purpose, String country) {
		JsonNode granted = graphql.execute(person.token(), "mutation($u: String!) { grantConsent(input: {grantee:"
				+ " {kind: USER, value: $u}, categories: " + categories + ", purposes: [" + purpose + "],"
				+ " jurisdictions: [\"" + country + "\"]}) { id } }", Map.of("u", grantee.username()));
		assertThat(granted.has("errors")).as(granted.toString()).isFalse();
	}

	private List<Map<String, Object>> readEvents() {
		return jdbc.sql("""
				select outcome, operation_name, requester_subject, purpose, cross_border,
				  array_to_string(categories_served, ',') as served,
				  array_to_string(categories_withheld, ',') as withheld
				from access_events where person_id = :person and action = 'READ' order by sequence""")
			.param("person", UUID.fromString(personId))
			.query()
			.listOfRows();
	}

	private String graphQlClassification(SignedIn requester, String id) {
		return graphql.execute(requester.token(), "query($id: ID!) { person(id: $id, purpose: TREATMENT) { id } }",
				Map.of("id", id)).at("/errors/0/extensions/classification").asString();
	}

	private String graphQlMessage(SignedIn requester, String id) {
		return graphql.execute(requester.token(), "query($id: ID!) { person(id: $id, purpose: TREATMENT) { id } }",
				Map.of("id", id)).at("/errors/0/message").asString();
	}

	private static Composition composition(Bundle bundle) {
		return (Composition) bundle.getEntryFirstRep().getResource();
	}

	private static List<String> sectionCodes(Composition composition) {
		return composition.getSection().stream().map(s -> s.getCode().getCodingFirstRep().getCode()).toList();
	}

	private String encoded(SectionComponent section) {
		Composition holder = new Composition();
		holder.addSection(section.copy());
		return fhir.newJsonParser().encodeResourceToString(holder);
	}

	private static Set<String> fullUrls(Bundle bundle) {
		Set<String> urls = new TreeSet<>();
		bundle.getEntry().stream().skip(1).forEach(entry -> urls.add(entry.getFullUrl()));
		return urls;
	}

	/** The entries reached from the Composition through references, with the Provenance of any of them. */
	private Set<String> reachable(Composition composition, Map<String, Resource> byUrl, Bundle bundle) {
		Set<String> seen = new HashSet<>();
		seen.add(bundle.getEntryFirstRep().getFullUrl());
		Deque<IBaseResource> next = new ArrayDeque<>(List.of(composition));
		while (!next.isEmpty()) {
			for (Reference reference : fhir.newTerser()
				.getAllPopulatedChildElementsOfType(next.pop(), Reference.class)) {
				String url = reference.getReference();
				if (url != null && seen.add(url)) {
					next.push(byUrl.get(url));
				}
			}
		}
		List<String> provenances = new ArrayList<>();
		bundle.getEntry().stream().filter(entry -> entry.getResource() instanceof Provenance).forEach(entry -> {
			Provenance provenance = (Provenance) entry.getResource();
			if (provenance.getTarget().stream().allMatch(target -> seen.contains(target.getReference()))) {
				provenances.add(entry.getFullUrl());
			}
		});
		seen.addAll(provenances);
		bundle.getEntry().stream().filter(entry -> provenances.contains(entry.getFullUrl())).forEach(entry -> {
			for (Reference reference : fhir.newTerser()
				.getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
				if (reference.getReference() != null) {
					seen.add(reference.getReference());
				}
			}
		});
		return new TreeSet<>(seen);
	}
}
