package org.carnet.fhir;

import java.util.List;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Type;

/**
 * The human-readable text of a section that holds entries (the IPS asks every section for one): one line per entry,
 * built from the section's own resources, so it says nothing the entries do not.
 */
final class SectionText {

	private SectionText() {
	}

	static Narrative of(List<Resource> resources) {
		StringBuilder div = new StringBuilder("<div xmlns=\"http://www.w3.org/1999/xhtml\"><ul>");
		for (Resource resource : resources) {
			div.append("<li>").append(RecordMapping.escape(line(resource))).append("</li>");
		}
		Narrative narrative = new Narrative();
		narrative.setStatus(Narrative.NarrativeStatus.GENERATED);
		narrative.setDivAsString(div.append("</ul></div>").toString());
		return narrative;
	}

	private static String line(Resource resource) {
		if (resource instanceof AllergyIntolerance allergy) {
			return text(allergy.getCode()) + status(allergy.getClinicalStatus());
		}
		if (resource instanceof MedicationStatement medication) {
			String dose = medication.hasDosage() && medication.getDosageFirstRep().hasText()
					? ", " + medication.getDosageFirstRep().getText() : "";
			return text(medication.getMedicationCodeableConcept()) + dose + " (" + medication.getStatus().getDisplay()
					+ ")";
		}
		if (resource instanceof Condition condition) {
			return text(condition.getCode()) + status(condition.getClinicalStatus());
		}
		if (resource instanceof Immunization immunization) {
			return text(immunization.getVaccineCode()) + ", " + immunization.getOccurrenceDateTimeType().asStringValue();
		}
		if (resource instanceof Observation observation) {
			String value = observation.hasValue() ? ": " + value(observation.getValue()) : "";
			if (!observation.hasValue() && observation.hasComponent()) {
				value = ": " + observation.getComponent()
					.stream()
					.map(component -> text(component.getCode()) + " " + value(component.getValue()))
					.collect(Collectors.joining(", "));
			}
			String date = observation.hasEffectiveDateTimeType()
					? ", " + observation.getEffectiveDateTimeType().asStringValue() : "";
			return text(observation.getCode()) + value + date;
		}
		if (resource instanceof Encounter encounter) {
			return encounter.getPeriod().getStartElement().asStringValue() + ", "
					+ text(encounter.getReasonCodeFirstRep());
		}
		if (resource instanceof ServiceRequest referral) {
			return "Referral to " + referral.getPerformerFirstRep().getDisplay();
		}
		return resource.fhirType();
	}

	private static String value(Type value) {
		if (value instanceof CodeableConcept concept) {
			return text(concept);
		}
		if (value instanceof Quantity quantity) {
			return quantity.getValue().toPlainString() + (quantity.hasUnit() ? " " + quantity.getUnit() : "");
		}
		return value.primitiveValue();
	}

	private static String status(CodeableConcept status) {
		return status.hasCoding() ? " (" + status.getCodingFirstRep().getCode() + ")" : "";
	}

	private static String text(CodeableConcept concept) {
		if (concept.hasText()) {
			return concept.getText();
		}
		return concept.hasCoding() ? concept.getCodingFirstRep().getDisplay() : "";
	}
}
