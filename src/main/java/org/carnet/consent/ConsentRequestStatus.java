package org.carnet.consent;

/** Where a consent request stands. */
public enum ConsentRequestStatus {
	/** Waiting for the person's answer. */
	PENDING,
	/** The person approved; the grant exists. */
	APPROVED,
	/** The person declined. */
	DECLINED,
	/** Not answered in time (policy {@code consent-requests.lifetime}). */
	EXPIRED
}
