package org.carnet.core;

/** A failure a caller can act on; its message is safe to show (never a health value or a name). */
public abstract class CarnetException extends RuntimeException {

	protected CarnetException(String message) {
		super(message);
	}

	protected CarnetException(String message, Throwable cause) {
		super(message, cause);
	}
}
