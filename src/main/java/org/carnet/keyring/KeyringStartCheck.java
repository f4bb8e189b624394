package org.carnet.keyring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * At start, before any request: every key-encryption key version that wraps data keys in the database must exist in
 * the configured keyring and unwrap them (a few sampled keys each). A database restored without its keys, or with
 * another installation's key store or Vault, would otherwise come up and answer every read with an integrity failure;
 * the start is refused instead, naming the key, its version and where it was looked for. A keyring that cannot be
 * reached (Vault down) is not a missing key: the start goes on and reads fail closed until it answers.
 */
@Component
class KeyringStartCheck implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(KeyringStartCheck.class);

	/** Keys tried per KEK version: one altered row must not stop a start, a wrong key fails them all. */
	static final int SAMPLES = 3;

	private final KeyEncryptionKeys keks;

	private final WrappedKeyStore wrappedKeys;

	KeyringStartCheck(KeyEncryptionKeys keks, WrappedKeyStore wrappedKeys) {
		this.keks = keks;
		this.wrappedKeys = wrappedKeys;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<String> problems = new ArrayList<>();
		String configured = keks instanceof VaultKeyEncryptionKeys ? "vault" : "local";
		for (WrappedKeyStore.KekUse use : wrappedKeys.kekUses()) {
			try {
				check(use, configured).ifPresent(problems::add);
			}
			catch (KeyringUnavailable ex) {
				log.warn("Could not check the key-encryption key of {} version {} at start ({}); reads needing it "
						+ "fail closed until the keyring answers", use.jurisdiction(), use.version(), ex.getMessage());
			}
		}
		if (!problems.isEmpty()) {
			throw new MissingKeyEncryptionKey("The database holds data keys that the configured keyring ("
					+ keks.describe() + ") cannot unwrap:\n  " + String.join("\n  ", problems)
					+ "\nRestore the keys that belong with this database (the key store and its pass phrase under "
					+ "carnet.data-dir/keys, or the Vault transit keys), or point Carnet at them.");
		}
	}

	private java.util.Optional<String> check(WrappedKeyStore.KekUse use, String configured) {
		if (!configured.equals(use.keyring())) {
			return java.util.Optional.of(use.keys() + " key(s) of " + use.jurisdiction() + " are wrapped by the '"
					+ use.keyring() + "' keyring, but carnet.keyring is '" + configured + "'");
		}
		KekVersions versions = keks.versions(use.jurisdiction());
		if (use.version() < versions.minDecryption()) {
			log.warn("{} data key(s) of {} are wrapped by KEK version {}, below the minimum decryption version {}: "
					+ "they cannot be read (an unfinished rotation? run it again)", use.keys(), use.jurisdiction(),
					use.version(), versions.minDecryption());
			return java.util.Optional.empty();
		}
		if (use.version() > versions.latest()) {
			return java.util.Optional.of(use.keys() + " key(s) of " + use.jurisdiction() + " are wrapped by version "
					+ use.version() + " of " + versions.kek() + ", which holds versions up to " + versions.latest()
					+ " only");
		}
		List<WrappedKey> samples = wrappedKeys.sample(use.jurisdiction(), use.version(), use.keyring(), SAMPLES);
		Unwrapped unwrapped = keks.unwrapAll(samples);
		unwrapped.keys().values().forEach(key -> Arrays.fill(key, (byte) 0));
		if (!samples.isEmpty() && unwrapped.keys().isEmpty()) {
			return java.util.Optional.of(use.keys() + " key(s) of " + use.jurisdiction() + " are wrapped by version "
					+ use.version() + " of " + versions.kek() + ", but none of " + samples.size() + " tried unwraps "
					+ "with it: it is another key than the one that wrapped them");
		}
		return java.util.Optional.empty();
	}
}
