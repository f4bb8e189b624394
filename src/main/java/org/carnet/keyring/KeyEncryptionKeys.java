package org.carnet.keyring;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;

/**
 * The key-encryption keys (KEKs) that wrap persons' data keys: a local key store by default, Vault transit in
 * production. A wrapped key is bound to its person: unwrapping it for another person fails. KEKs are versioned:
 * rotation adds a version that wraps new keys, older versions still unwrap until the minimum decryption version is
 * raised past them.
 */
interface KeyEncryptionKeys {

	/** A new random data key for {@code person}, returned only in wrapped form. */
	String newWrappedKey(PersonId person, Jurisdiction home);

	/** The plaintext data key; fails with {@link KeyringUnavailable} or {@link Undecryptable}. */
	byte[] unwrap(WrappedKey key);

	/**
	 * Unwraps several keys, in one call to the key service where it supports batches. A key refused on its own
	 * (altered, moved) is reported in {@link Unwrapped#refused()}; a key service that cannot answer at all fails the
	 * whole call with {@link KeyringUnavailable}.
	 */
	default Unwrapped unwrapAll(List<WrappedKey> keys) {
		Map<PersonId, byte[]> plain = new HashMap<>();
		Map<PersonId, Undecryptable> refused = new HashMap<>();
		for (WrappedKey key : keys) {
			try {
				plain.put(key.person(), unwrap(key));
			}
			catch (Undecryptable ex) {
				refused.put(key.person(), ex);
			}
		}
		return new Unwrapped(plain, refused);
	}

	/** How many keys one {@link #unwrapAll} or {@link #rewrapAll} call should carry at most. */
	default int batchLimit() {
		return 500;
	}

	/** The versions of the KEK of {@code jurisdiction}. */
	KekVersions versions(Jurisdiction jurisdiction);

	/** Adds a new version to the KEK of {@code jurisdiction}; new data keys are wrapped by it from now on. */
	KekVersions rotate(Jurisdiction jurisdiction);

	/**
	 * Wraps the given keys again under the latest version of their jurisdiction's KEK, without the data keys ever
	 * leaving the key service (Vault transit {@code rewrap}). All keys must belong to {@code jurisdiction}.
	 */
	List<Rewrapped> rewrapAll(Jurisdiction jurisdiction, List<WrappedKey> keys);

	/** From now on keys wrapped by a version below {@code version} no longer unwrap. */
	KekVersions raiseMinDecryptionVersion(Jurisdiction jurisdiction, int version);

	/** Where the keys are kept, for the start-up log. */
	String describe();
}
