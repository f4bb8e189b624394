package org.carnet.consent;

/** What a notification tells the person. */
public enum NotificationKind {
	/** A clinician opened emergency access to the record. */
	BREAK_GLASS,
	/** A clinician asked for consent, or a mediator proposed a grant: an answer is awaited. */
	CONSENT_REQUESTED,
	/** A clinician redeemed one of the person's share codes and now holds a grant. */
	SHARE_CODE_REDEEMED,
	/** The person turned 18: their guardian's rights ended, and they manage their record themself. */
	GUARDIANSHIP_ENDED,
	/**
	 * Someone else read or added to the record (one notification per requester, country, purpose and hour, however
	 * many accesses), as the person's {@link NotificationPreference} chose; emergency accesses always.
	 */
	RECORD_ACCESSED
}
