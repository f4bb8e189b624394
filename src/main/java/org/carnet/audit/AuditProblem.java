package org.carnet.audit;

/** Why verification found the ledger broken. */
public enum AuditProblem {
	/** An event's content no longer matches its own hash (or holds a value Carnet never writes): it was edited. */
	EDITED,
	/** A stream skips positions before this event: the events in between were deleted. */
	DELETED,
	/** This event links to a hash that is not its predecessor's: the predecessor was replaced. */
	BROKEN_LINK,
	/** A stream position repeats or goes back: events were reordered or duplicated. */
	OUT_OF_ORDER,
	/** A stream ends before the head a signed checkpoint (or the stream head record) holds: its tail was removed. */
	TRUNCATED,
	/** The event at a signed head differs from the one the checkpoint signed: the stream was rewritten. */
	CHECKPOINT_MISMATCH,
	/** The latest checkpoint does not verify with this server's public key: it was altered or forged. */
	CHECKPOINT_INVALID
}
