package org.carnet.keyring;

import java.util.Map;

import org.carnet.core.PersonId;

/**
 * The data keys a batch unwrap produced, and the persons whose stored key was refused (altered, moved to another
 * person, or wrapped by a KEK version no longer allowed). Keys are plaintext: keep them out of logs and strings.
 */
record Unwrapped(Map<PersonId, byte[]> keys, Map<PersonId, Undecryptable> refused) {

	@Override
	public String toString() {
		return "Unwrapped[keys=" + keys.size() + ", refused=" + refused.keySet() + "]";
	}
}
