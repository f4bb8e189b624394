package org.carnet.keyring;

import org.carnet.core.PersonId;

/**
 * The outcome of rewrapping one person's data key under the latest KEK version: the new wrapped form, or why this
 * one key could not be rewrapped (the others of the batch are not affected).
 */
record Rewrapped(PersonId person, String wrapped, int kekVersion, String error) {

	static Rewrapped done(PersonId person, String wrapped) {
		return new Rewrapped(person, wrapped, WrappedKey.kekVersion(wrapped), null);
	}

	static Rewrapped refused(PersonId person, String error) {
		return new Rewrapped(person, null, 0, error);
	}

	boolean succeeded() {
		return error == null;
	}

	@Override
	public String toString() {
		return "Rewrapped[person=" + person + ", kekVersion=" + kekVersion + ", error=" + error + "]";
	}
}
