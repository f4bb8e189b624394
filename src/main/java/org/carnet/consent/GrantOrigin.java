package org.carnet.consent;

/** How a grant came about. */
public enum GrantOrigin {
	/** The person granted it directly. */
	PERSON,
	/** Given to the clinician who registered the person. */
	REGISTRATION,
	/** The person approved a consent request (a clinician's, or a mediator's proposal). */
	CONSENT_REQUEST,
	/** A clinician redeemed a share code the person created. */
	SHARE_CODE
}
