package org.carnet.core;

/**
 * What a signed-in user is in Carnet; carried in the access token's {@code roles} claim. Every check names the roles
 * it lets through, so that a role added here reaches nothing until a check names it.
 */
public enum Role {
	MIGRANT, CLINICIAN, MEDIATOR, AUDITOR, ADMIN,
	/**
	 * Reads disclosure-controlled aggregates of the statistical projection for public health; never a record, a
	 * person, an entry, a consent or a person's audit events.
	 */
	PUBLIC_HEALTH_ANALYST
}
