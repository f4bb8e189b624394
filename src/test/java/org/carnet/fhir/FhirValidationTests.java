package org.carnet.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The validation the summary tests rely on does refuse what FHIR refuses: a broken invariant, an unknown element. */
class FhirValidationTests {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private final FhirSummaries summaries = new FhirSummaries(0, FHIR);

	@Test
	void aValidConditionPasses() {
		assertThat(summaries.parseAndValidate(json(condition("resolved")), FhirSummaries.FHIR_JSON)).isNotNull();
	}

	@Test
	void theSchematronRefusesAnAbatedConditionThatIsStillActive() {
		assertThatThrownBy(() -> summaries.parseAndValidate(json(condition("active")), FhirSummaries.FHIR_JSON))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("con-4");
	}

	@Test
	void theStrictParserRefusesAnUnknownElement() {
		String unknown = json(condition("resolved")).replace("\"resourceType\":\"Condition\",",
				"\"resourceType\":\"Condition\",\"mood\":\"fine\",");
		assertThatThrownBy(() -> summaries.parseAndValidate(unknown, FhirSummaries.FHIR_JSON))
			.hasMessageContaining("mood");
	}

	@Test
	void theConsentSchematronRunsAndRefusesAConsentWithoutPolicyOrRule() {
		Consent consent = new Consent();
		consent.setStatus(Consent.ConsentState.ACTIVE);
		consent.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope",
				"patient-privacy", null)));
		consent.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", null)));
		consent.setPatient(new Reference("Patient/1"));
		String withoutRule = FHIR.newJsonParser().encodeResourceToString(consent);
		consent.setPolicyRule(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode",
				"OPTIN", null)));

		assertThatThrownBy(() -> summaries.parseAndValidate(withoutRule, FhirSummaries.FHIR_JSON))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("ppc-1");
		assertThat(summaries.parseAndValidate(FHIR.newJsonParser().encodeResourceToString(consent),
				FhirSummaries.FHIR_JSON)).isNotNull();
	}

	private static Condition condition(String clinicalStatus) {
		Condition condition = new Condition();
		condition.setSubject(new Reference("Patient/1"));
		condition.setCode(new CodeableConcept().setText("Appendicitis"));
		condition.setClinicalStatus(new CodeableConcept(
				new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", clinicalStatus, null)));
		condition.setAbatement(new DateTimeType("2015-02-10"));
		return condition;
	}

	private static String json(Condition condition) {
		return FHIR.newJsonParser().encodeResourceToString(condition);
	}
}
