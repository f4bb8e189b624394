package org.carnet.audit;

/** How a recorded access ended. */
public enum AccessOutcome {
	/** Everything asked for was served or done. */
	SUCCESS,
	/** Some categories were served, others withheld. */
	PARTIAL,
	/** Refused: no consent, no role, bad share code. */
	DENIED,
	/** Failed for a technical reason; nothing was served. */
	ERROR
}
