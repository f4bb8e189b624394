package org.carnet.fhir;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessOutcome;
import org.carnet.core.Purpose;
import org.carnet.fhir.SearchAnswers.Event;
import org.carnet.fhir.SearchAnswers.Grant;
import org.carnet.fhir.SearchAnswers.Grantee;
import org.carnet.fhir.SearchAnswers.Requester;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every access action, outcome and purpose Carnet records maps to a valid BALP-shaped AuditEvent, and every kind of
 * grantee and state of a grant to a valid Consent: without the server, so that a new enum value
 * that the mapping does not know fails here.
 */
class SearchMappingTests {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private final FhirSummaries summaries = new FhirSummaries(0, FHIR);

	private static final String PERSON = "0b0d3c1e-7d1a-4a4e-9d7e-1f2a3b4c5d6e";

	@Test
	void everyActionOutcomeAndPurposeMakesAValidAuditEvent() {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
		List<Purpose> purposes = new ArrayList<>(Arrays.asList(Purpose.values()));
		purposes.add(null);
		long sequence = 1;
		AccessOutcome[] outcomes = AccessOutcome.values();
		for (AccessAction action : AccessAction.values()) {
			AccessOutcome outcome = outcomes[(int) (sequence % outcomes.length)];
			Purpose purpose = purposes.get((int) (sequence % purposes.size()));
			Event event = new Event(sequence, OffsetDateTime.parse("2026-03-01T10:15:30.123456Z"), action.name(),
					outcome.name(),
					new Requester(sequence % 2 == 0 ? null : "weber", "Dr Weber", List.of("CLINICIAN"), null, "DE"),
					sequence % 3 == 0 ? null : "carnet-cli", PERSON, "GR", true, false,
					purpose == null ? null : purpose.name(), List.of("ALLERGIES"), List.of("MENTAL_HEALTH", "VITALS"),
					List.of("5f0c1a52-9d3e-4f7b-8a6c-2b1d0e9f8a7c"), "PersonRecord", "request-1", null,
					sequence % 5 == 0 ? "proxy:1" : null, null, null);
			AuditEvent audit = AuditEventMapping.auditEvent(event);
			assertThat(audit.getAction()).as(action.name()).isNotNull();
			bundle.addEntry()
				.setFullUrl("http://localhost/fhir/AuditEvent/" + sequence)
				.setResource(audit)
				.getSearch()
				.setMode(Bundle.SearchEntryMode.MATCH);
			sequence++;
		}
		// JSON only: the XML of AuditEvents is validated over HTTP (FhirSearchIntegrationTests), and each entry's
		// schematron run is costly
		summaries.parseAndValidate(FHIR.newJsonParser().encodeResourceToString(bundle), FhirSummaries.FHIR_JSON);
	}

	@Test
	void everyGranteeAndStateIsAValidConsent() {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
		List<Grantee> grantees = List.of(new Grantee("USER", "weber", "Dr Weber", "Charité", "DE"),
				new Grantee("ORGANISATION", "hospital-athens", "Athens General", null, "GR"),
				new Grantee("ANY_CLINICIAN_IN", "IT", "Italy", null, "IT"), new Grantee("USER", "gone", null, null, null));
		int i = 0;
		for (String status : List.of("ACTIVE", "NOT_YET_VALID", "EXPIRED", "REVOKED")) {
			Grant grant = new Grant("7c9e6679-7425-40de-944b-e07fc1f90ae" + i, PERSON, grantees.get(i),
					List.of("IDENTITY", "ALLERGIES"), List.of("IDENTITY"), i % 2 == 0 ? "READ" : "READ_WRITE",
					Arrays.stream(Purpose.values()).map(Enum::name).toList(), List.of("DE", "GR"),
					OffsetDateTime.parse("2026-01-01T00:00:00Z"), OffsetDateTime.parse("2026-07-01T00:00:00Z"), status,
					"amal", OffsetDateTime.parse("2025-12-31T12:00:00Z"), "PERSON",
					status.equals("REVOKED") ? OffsetDateTime.parse("2026-02-01T00:00:00Z") : null);
			Consent consent = ConsentMapping.consent(grant);
			assertThat(consent.getStatus()).isEqualTo(status.equals("ACTIVE") || status.equals("NOT_YET_VALID")
					? Consent.ConsentState.ACTIVE : Consent.ConsentState.INACTIVE);
			bundle.addEntry().setFullUrl("http://localhost/fhir/Consent/" + grant.id()).setResource(consent);
			i++;
		}
		summaries.parseAndValidate(FHIR.newJsonParser().encodeResourceToString(bundle), FhirSummaries.FHIR_JSON);
		summaries.parseAndValidate(FHIR.newXmlParser().encodeResourceToString(bundle), FhirSummaries.FHIR_XML);
	}
}
