package org.carnet.record;

/** Where an entry's information comes from. */
public enum Source {
	/** Recorded by a clinician who examined or treated the person. */
	CLINICIAN,
	/** Told by the person themself. */
	SELF_REPORTED,
	/** Taken over from another record (paper PHR, another system). */
	IMPORTED
}
