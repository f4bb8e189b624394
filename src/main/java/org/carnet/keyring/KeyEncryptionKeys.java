package org.carnet.keyring;

import java.util.List;
import java.util.Map;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;

/**
 * The key-encryption keys (KEKs) that wrap persons' data keys: a local key store by default, Vault transit in
 * production. A wrapped key is bound to its person: unwrapping it for another person fails.
 */
interface KeyEncryptionKeys {

	/** A new random data key for {@code person}, returned only in wrapped form. */
	String newWrappedKey(PersonId person, Jurisdiction home);

	/** The plaintext data key; fails with {@link KeyringUnavailable} or {@link Undecryptable}. */
	byte[] unwrap(WrappedKey key);

	/** Unwraps several keys, in one call to the key service where it supports batches. */
	default Map<PersonId, byte[]> unwrapAll(List<WrappedKey> keys) {
		Map<PersonId, byte[]> plain = new java.util.HashMap<>();
		for (WrappedKey key : keys) {
			plain.put(key.person(), unwrap(key));
		}
		return plain;
	}

	/** Where the keys are kept, for the start-up log. */
	String describe();
}
