package org.carnet.core;

/** A dependency (keys, database, ledger) failed; the operation was refused rather than served unsafely. */
public class Unavailable extends CarnetException {

	public Unavailable(String message, Throwable cause) {
		super(message, cause);
	}

	public Unavailable(String message) {
		super(message);
	}
}
