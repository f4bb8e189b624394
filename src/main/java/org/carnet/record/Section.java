package org.carnet.record;

import org.carnet.core.Category;
import org.carnet.record.content.Allergy;
import org.carnet.record.content.BloodGroupEntry;
import org.carnet.record.content.Condition;
import org.carnet.record.content.Encounter;
import org.carnet.record.content.EntryContent;
import org.carnet.record.content.IdentityDetails;
import org.carnet.record.content.InfectiousDiseaseScreening;
import org.carnet.record.content.LabResult;
import org.carnet.record.content.Medication;
import org.carnet.record.content.MentalHealthAssessment;
import org.carnet.record.content.ReproductiveHealthEntry;
import org.carnet.record.content.Vaccination;
import org.carnet.record.content.VitalSign;

/**
 * A section of the record: holds entries of one kind, and belongs to one consent category. Section names are stored
 * in clear; everything an entry says is encrypted.
 */
public enum Section {

	IDENTITY(Category.IDENTITY, IdentityDetails.class),
	ALLERGY(Category.ALLERGIES, Allergy.class),
	MEDICATION(Category.MEDICATIONS, Medication.class),
	CONDITION(Category.CONDITIONS, Condition.class),
	VACCINATION(Category.VACCINATIONS, Vaccination.class),
	INFECTIOUS_DISEASE_SCREENING(Category.INFECTIOUS_DISEASES, InfectiousDiseaseScreening.class),
	MENTAL_HEALTH_ASSESSMENT(Category.MENTAL_HEALTH, MentalHealthAssessment.class),
	REPRODUCTIVE_HEALTH(Category.REPRODUCTIVE_HEALTH, ReproductiveHealthEntry.class),
	VITAL_SIGN(Category.VITALS, VitalSign.class),
	BLOOD_GROUP(Category.VITALS, BloodGroupEntry.class),
	LAB_RESULT(Category.LAB_RESULTS, LabResult.class),
	ENCOUNTER(Category.ENCOUNTERS, Encounter.class);

	private final Category category;

	private final Class<? extends EntryContent> contentType;

	Section(Category category, Class<? extends EntryContent> contentType) {
		this.category = category;
		this.contentType = contentType;
	}

	public Category category() {
		return category;
	}

	public Class<? extends EntryContent> contentType() {
		return contentType;
	}

	/** The section an entry of this content type belongs to. */
	public static Section of(Class<? extends EntryContent> contentType) {
		for (Section section : values()) {
			if (section.contentType.equals(contentType)) {
				return section;
			}
		}
		throw new IllegalArgumentException("No section holds " + contentType.getSimpleName());
	}
}
