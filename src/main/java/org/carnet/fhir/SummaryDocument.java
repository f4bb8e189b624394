package org.carnet.fhir;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Composition.CompositionStatus;
import org.hl7.fhir.r4.model.Composition.SectionComponent;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Narrative.NarrativeStatus;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

import org.carnet.fhir.RecordMapping.Mapped;

/**
 * The International Patient Summary as a FHIR document: a Bundle of type {@code document} whose first entry is the
 * Composition, whose sections refer to every entry of the record the requester was allowed to see. A required section
 * with nothing to show has one shape whatever the cause (no data, or a category the requester may not see):
 * {@code emptyReason} {@code unavailable} and the text {@value #EMPTY_TEXT}, so the document never tells a withheld
 * category from an empty one.
 */
final class SummaryDocument {

	static final String EMPTY_TEXT = "No information available.";

	/** The extension of the Composition that carries the read's completeness notice, where restrictions are hidden. */
	static final String COMPLETENESS_NOTICE = "urn:carnet:fhir:completeness-notice";

	static final String EMPTY_REASON = "http://terminology.hl7.org/CodeSystem/list-empty-reason";

	private SummaryDocument() {
	}

	/**
	 * The document for one answer: authored by the requester's organisation (or the person, reading their own
	 * record), kept by the record's home deployment.
	 */
	static Bundle of(SummaryAnswer answer, Instant now) {
		Mapped mapped = RecordMapping.map(answer.person());
		Reference patient = RecordMapping.reference(mapped.patient().getIdPart());
		List<Resource> organisations = new ArrayList<>();

		Composition composition = new Composition();
		composition.setId(UUID.randomUUID().toString());
		composition.setStatus(CompositionStatus.FINAL);
		composition.setType(RecordMapping.concept(IpsSection.LOINC, "60591-5", "Patient summary Document"));
		composition.setSubject(patient.copy());
		composition.setDate(Date.from(now));
		composition.setTitle("International Patient Summary");
		if (answer.person().completenessNotice() != null) {
			// the same notice on every summary of a person whose home policy hides restrictions
			composition.addExtension(COMPLETENESS_NOTICE, new StringType(answer.person().completenessNotice()));
		}
		composition.addAuthor(author(answer.me(), patient, organisations));
		Organization custodian = organisation("deployment:" + answer.person().homeJurisdiction(),
				"Carnet (" + answer.person().homeJurisdiction() + ")", answer.person().homeJurisdiction());
		organisations.add(custodian);
		composition.setCustodian(RecordMapping.reference(custodian.getIdPart()));

		List<Resource> entries = new ArrayList<>();
		for (IpsSection section : IpsSection.values()) {
			List<Resource> resources = mapped.sections().getOrDefault(section, List.of());
			if (resources.isEmpty() && !section.required()) {
				continue;
			}
			SectionComponent component = composition.addSection()
				.setTitle(section.title())
				.setCode(RecordMapping.concept(IpsSection.LOINC, section.code(), section.display()));
			if (resources.isEmpty()) {
				component.setText(RecordMapping.narrative(NarrativeStatus.GENERATED, EMPTY_TEXT));
				component.setEmptyReason(RecordMapping.concept(EMPTY_REASON, "unavailable", "Unavailable"));
			}
			else {
				component.setText(SectionText.of(resources));
			}
			for (Resource resource : resources) {
				component.addEntry(RecordMapping.reference(resource.getIdPart()));
				entries.add(resource);
			}
		}

		Bundle bundle = new Bundle();
		bundle.setType(BundleType.DOCUMENT);
		bundle.getIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + UUID.randomUUID());
		InstantType timestamp = new InstantType(Date.from(now));
		timestamp.setTimeZoneZulu(true);
		bundle.setTimestampElement(timestamp);
		add(bundle, composition);
		add(bundle, mapped.patient());
		organisations.forEach(resource -> add(bundle, resource));
		entries.forEach(resource -> add(bundle, resource));
		mapped.supporting().forEach(resource -> add(bundle, resource));
		mapped.provenances().forEach(resource -> add(bundle, resource));
		return bundle;
	}

	/** The requester's organisation; the person themself when they read their own record. */
	private static Reference author(SummaryAnswer.Viewer me, Reference patient, List<Resource> organisations) {
		if (me != null && me.organisation() != null) {
			SummaryAnswer.Organisation organisation = me.organisation();
			Organization resource = organisation("organisation:" + organisation.id(), organisation.name(),
					organisation.jurisdiction());
			organisations.add(resource);
			return RecordMapping.reference(resource.getIdPart());
		}
		if (me != null && me.personId() != null) {
			return patient.copy();
		}
		return new Reference().setDisplay(me == null ? "Carnet" : me.subject());
	}

	private static Organization organisation(String key, String name, String country) {
		Organization organisation = new Organization();
		organisation.setId(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString());
		organisation.setName(name);
		if (country != null) {
			organisation.addAddress().setCountry(country);
		}
		return organisation;
	}

	private static void add(Bundle bundle, Resource resource) {
		bundle.addEntry().setFullUrl("urn:uuid:" + resource.getIdPart()).setResource(resource);
	}
}
