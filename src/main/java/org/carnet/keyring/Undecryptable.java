package org.carnet.keyring;

import org.carnet.core.CarnetException;

/**
 * Stored ciphertext failed its integrity check: it was altered, or it belongs to another person or entry. Never
 * answered with garbage: the data is refused.
 */
public class Undecryptable extends CarnetException {

	public Undecryptable(String message, Throwable cause) {
		super(message, cause);
	}
}
