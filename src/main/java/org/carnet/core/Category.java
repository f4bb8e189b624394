package org.carnet.core;

/** The unit of consent: every health field belongs to exactly one category. */
public enum Category {
	IDENTITY, ALLERGIES, MEDICATIONS, CONDITIONS, VACCINATIONS, INFECTIOUS_DISEASES, MENTAL_HEALTH,
	REPRODUCTIVE_HEALTH, VITALS, LAB_RESULTS, ENCOUNTERS
}
