package org.carnet.fhir;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import org.carnet.fhir.SummaryAnswer.Allergy;
import org.carnet.fhir.SummaryAnswer.Medication;
import org.carnet.fhir.SummaryAnswer.PersonRecord;
import org.carnet.fhir.SummaryAnswer.Recorded;
import org.carnet.fhir.SummaryAnswer.Vital;

import static org.assertj.core.api.Assertions.assertThat;

/** The mapping's rules that no validator checks: codes only where Carnet holds them, ids from the entries. */
class RecordMappingTests {

	static final String PERSON = UUID.randomUUID().toString();

	static final String ALLERGY = UUID.randomUUID().toString();

	static final String DIABETES = UUID.randomUUID().toString();

	static final String ASTHMA = UUID.randomUUID().toString();

	static final String METFORMIN = UUID.randomUUID().toString();

	static final String TEMPERATURE = UUID.randomUUID().toString();

	static final Recorded BY_CLINICIAN = new Recorded(OffsetDateTime.of(2025, 3, 1, 9, 30, 0, 0, ZoneOffset.UTC),
			"dr.nikolaou", "GR", "CLINICIAN");

	static final Recorded BY_PERSON = new Recorded(OffsetDateTime.of(2025, 3, 2, 10, 0, 0, 0, ZoneOffset.UTC),
			"amina", "GR", "SELF_REPORTED");

	@Test
	void freeTextStaysTextAndOnlyAHeldIcd10CodeBecomesACoding() {
		Bundle bundle = SummaryDocument.of(answer(), Instant.parse("2026-12-03T10:00:00Z"));

		Condition coded = (Condition) resource(bundle, DIABETES);
		assertThat(coded.getCode().getText()).isEqualTo("Type 2 diabetes");
		assertThat(coded.getCode().getCoding()).singleElement().satisfies(coding -> {
			assertThat(coding.getSystem()).isEqualTo("http://hl7.org/fhir/sid/icd-10");
			assertThat(coding.getCode()).isEqualTo("E11");
		});
		Condition uncoded = (Condition) resource(bundle, ASTHMA);
		assertThat(uncoded.getCode().getText()).isEqualTo("Asthma");
		assertThat(uncoded.getCode().getCoding()).isEmpty();
		AllergyIntolerance allergy = (AllergyIntolerance) resource(bundle, ALLERGY);
		assertThat(allergy.getCode().getCoding()).isEmpty();
		assertThat(allergy.getCode().getText()).isEqualTo("Penicillin");
		MedicationStatement medication = bundle.getEntry()
			.stream()
			.map(e -> e.getResource())
			.filter(MedicationStatement.class::isInstance)
			.map(MedicationStatement.class::cast)
			.findFirst()
			.orElseThrow();
		assertThat(medication.getMedicationCodeableConcept().getCoding()).isEmpty();
		assertThat(medication.getDosageFirstRep().getRoute().getCoding()).isEmpty();
		Observation temperature = bundle.getEntry()
			.stream()
			.map(e -> e.getResource())
			.filter(Observation.class::isInstance)
			.map(Observation.class::cast)
			.findFirst()
			.orElseThrow();
		assertThat(temperature.getCode().getCodingFirstRep().getCode()).isEqualTo("8310-5");
		assertThat(temperature.getValueQuantity().getValue()).isEqualByComparingTo("37.2");
		assertThat(temperature.getValueQuantity().getSystem()).as("Carnet's unit is free text").isNull();
	}

	@Test
	void theSameEntriesGiveTheSameResourcesAndEachEntryItsProvenance() {
		Bundle first = SummaryDocument.of(answer(), Instant.parse("2026-12-03T10:00:00Z"));
		Bundle second = SummaryDocument.of(answer(), Instant.parse("2026-12-04T10:00:00Z"));

		assertThat(urls(first).subList(1, urls(first).size())).isEqualTo(urls(second).subList(1, urls(second).size()));
		assertThat(urls(first)).contains("urn:uuid:" + PERSON, "urn:uuid:" + ALLERGY, "urn:uuid:" + DIABETES);
		List<Provenance> provenances = first.getEntry()
			.stream()
			.map(e -> e.getResource())
			.filter(Provenance.class::isInstance)
			.map(Provenance.class::cast)
			.toList();
		assertThat(provenances).hasSize(5);
		Provenance selfReported = provenances.stream()
			.filter(p -> p.getTargetFirstRep().getReference().equals("urn:uuid:" + ASTHMA))
			.findFirst()
			.orElseThrow();
		assertThat(selfReported.getAgent()).extracting(a -> a.getType().getCodingFirstRep().getCode())
			.containsExactly("author", "informant");
		assertThat(selfReported.getAgentFirstRep().getWho().getDisplay()).isEqualTo("amina");
		Composition composition = (Composition) first.getEntryFirstRep().getResource();
		assertThat(composition.getSectionFirstRep().getText().getDivAsString()).contains("Type 2 diabetes (active)")
			.contains("Asthma");
	}

	private static SummaryAnswer answer() {
		PersonRecord person = new PersonRecord(PERSON, "CAR-7KQ4-M29X", "GR", null,
				List.of(new Allergy(ALLERGY, "Penicillin", "Hives", "SEVERE", null, LocalDate.of(2025, 3, 1),
						BY_CLINICIAN)),
				List.of(new Medication(METFORMIN, "Metformin", "500 mg", "oral", "twice a day",
						null, null, null, "ACTIVE", BY_CLINICIAN)),
				List.of(new SummaryAnswer.Condition(DIABETES, "Type 2 diabetes", "E11", "CHRONIC", "ACTIVE", null, null,
						BY_CLINICIAN),
						new SummaryAnswer.Condition(ASTHMA, "Asthma", null, null, null, null, null, BY_PERSON)),
				null, null, null, null,
				List.of(new Vital(TEMPERATURE, "TEMPERATURE", "37.2", "Cel", LocalDate.of(2025, 3, 3),
						null, BY_CLINICIAN)),
				null, null, null, null);
		return new SummaryAnswer(new SummaryAnswer.Viewer("dr.nikolaou",
				new SummaryAnswer.Organisation("mavrovouni-health-unit", "Mavrovouni Reception Centre Health Unit",
						"GR"),
				"GR", null), person);
	}

	private static Resource resource(Bundle bundle, String id) {
		return bundle.getEntry()
			.stream()
			.filter(entry -> entry.getFullUrl().equals("urn:uuid:" + id))
			.findFirst()
			.orElseThrow()
			.getResource();
	}

	private static List<String> urls(Bundle bundle) {
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl).toList();
	}
}
