package org.carnet.core;

/** What was asked for does not exist (or is not visible to the caller). */
public class NotFound extends CarnetException {

	public NotFound(String message) {
		super(message);
	}
}
