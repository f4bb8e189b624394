package org.carnet.keyring;

/**
 * A start refused because the database holds data keys wrapped by a key-encryption key that is not available (a
 * database restored without its keys, or with another installation's): the message names the key and where it was
 * expected.
 */
final class MissingKeyEncryptionKey extends IllegalStateException {

	MissingKeyEncryptionKey(String message) {
		super(message);
	}
}
