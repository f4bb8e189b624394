package org.carnet.consent;

/** Where a grant stands at a given time. */
public enum GrantStatus {
	/** Within its validity window and not revoked. */
	ACTIVE,
	/** Its validity window has not begun. */
	NOT_YET_VALID,
	/** Its validity window has ended. */
	EXPIRED,
	/** The person revoked it. */
	REVOKED
}
