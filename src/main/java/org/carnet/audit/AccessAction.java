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
	POLICY_CHANGED
}
