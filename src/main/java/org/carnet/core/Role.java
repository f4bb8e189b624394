package org.carnet.core;

/** What a signed-in user is in Carnet; carried in the access token's {@code roles} claim. */
public enum Role {
	MIGRANT, CLINICIAN, MEDIATOR, AUDITOR, ADMIN
}
