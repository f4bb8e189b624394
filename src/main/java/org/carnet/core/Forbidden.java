package org.carnet.core;

/** The requester may not do this, whatever the data. */
public class Forbidden extends CarnetException {

	public Forbidden(String message) {
		super(message);
	}
}
