package org.carnet.fhir;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The International Patient Summary of a read another entry point made itself (the portal's "Download my health
 * summary"): this module only writes the FHIR document, it reads nothing. The caller runs, as its signed-in user, a
 * GraphQL document selecting what {@code graphql-documents/fhir/FhirSummary.graphql} selects ({@code me} and the
 * record as {@code person}), so the consent decision and the audit event are that read's own.
 */
@Component
public class PatientSummaries {

	/** The media type of the document: FHIR JSON. */
	public static final String MEDIA_TYPE = "application/fhir+json";

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final FhirContext fhir;

	private final Clock clock;

	PatientSummaries(FhirContext fhir, Clock clock) {
		this.fhir = fhir;
		this.clock = clock;
	}

	/**
	 * The summary as a FHIR document Bundle in JSON (UTF-8), dated now, from the {@code data} of a GraphQL answer
	 * (withheld categories null, as the consent gate left them).
	 *
	 * @throws IllegalArgumentException when the answer holds no record
	 */
	public byte[] json(Map<String, Object> data) {
		SummaryAnswer answer = data == null ? null : JSON.convertValue(data, SummaryAnswer.class);
		if (answer == null || answer.person() == null) {
			throw new IllegalArgumentException("The answer holds no record");
		}
		return fhir.newJsonParser()
			.encodeResourceToString(SummaryDocument.of(answer, clock.instant()))
			.getBytes(StandardCharsets.UTF_8);
	}
}
