package org.carnet.audit;

/** What a recorded access did. */
public enum AccessAction {
	/** Health or identity fields of a person's record were read (or asked for and withheld). */
	READ,
	/** An entry was added to a person's record. */
	WRITE,
	/** A newly arrived person was registered: record, key and identity entry created. */
	REGISTER,
	CONSENT_GRANTED,
	CONSENT_REVOKED,
	CONSENT_REQUESTED,
	/** A person approved or declined a consent request. */
	CONSENT_ANSWERED,
	SHARE_CODE_CREATED,
	SHARE_CODE_REDEEMED,
	/** A share code could not be redeemed (unknown, expired, used, throttled). */
	SHARE_CODE_FAILED,
	/** Emergency access opened without a grant, with a justification. */
	BREAK_GLASS,
	/** A person's record was erased (its key destroyed). */
	ERASURE,
	/** A person recorded their request that their record be erased. */
	ERASURE_REQUESTED,
	/** An administrator proposed erasing a record without the person's request; another administrator approves. */
	ERASURE_PROPOSED,
	/** Key-encryption key rotation or rewrapping of a person's data key. */
	KEY_ROTATION,
	/** An attempt that was refused as a whole (for a partly refused read use READ with outcome PARTIAL). */
	DENIED,
	LOGIN_SUCCEEDED,
	LOGIN_FAILED,
	/** An auditor searched or verified the ledger. */
	AUDIT_READ,
	/** A policy that governs the audit trail changed, e.g. its retention. */
	POLICY_CHANGED,
	/** Look-ups of persons (by id or PHR number) that found nobody: one event per request, with their count. */
	LOOKUP_MISSED,
	/** A document's look-ups refused before any was made (too many in one request, or too many recently). */
	LOOKUP_REFUSED,
	/** An account was created by an administrator or by Carnet itself (first administrator); target names it. */
	USER_CREATED,
	/** A person claimed their own account with the activation code of their record; target names it. */
	ACCOUNT_CLAIMED,
	/** An organisation was created; target names it. */
	ORGANISATION_CREATED,
	/** A clinic system's OAuth2 client was registered; target names it. */
	CLIENT_REGISTERED,
	/** The person refused emergency access to their record in advance. */
	BREAK_GLASS_OPTED_OUT,
	/** The person withdrew their refusal of emergency access. */
	BREAK_GLASS_OPTED_IN,
	/**
	 * An account was closed because the record it is bound to was erased: it cannot sign in, its authorizations and
	 * tokens were revoked; target names it.
	 */
	ACCOUNT_CLOSED,

	/** The database was restored from a backup: the events after the backup are not in this ledger. */
	DATABASE_RESTORED,

	/**
	 * Someone may now act for the person: an administrator recorded a guardian's appointment, or the person authorised
	 * a proxy; target is the representation ({@code guardian:<id>} or {@code proxy:<id>}).
	 */
	REPRESENTATION_GRANTED,
	/** A guardianship or proxy was revoked; target is the representation. */
	REPRESENTATION_REVOKED,
	/** A guardianship ended by itself at the person's 18th birthday and the person was told (by Carnet). */
	REPRESENTATION_ENDED,
	/**
	 * A request to act for the person was refused as a whole (no guardianship or proxy, or it ended): reason says
	 * why; nothing ran.
	 */
	ACTING_FOR_REFUSED,

	/**
	 * A public-health analyst's statistics query: the indicator, grouping and filter in the operation, the persons who
	 * contributed in {@code count}, the categories counted as served; no person.
	 */
	STATISTICS,

	/** The person chose which accesses to their record they are told about. */
	NOTIFICATION_PREFERENCE_CHANGED,

	/**
	 * An administrator rebuilt the statistical projection from the records: the persons whose rows were derived again
	 * in {@code count}; no person.
	 */
	STATISTICS_REBUILT
}
