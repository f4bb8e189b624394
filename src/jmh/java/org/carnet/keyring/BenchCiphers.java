package org.carnet.keyring;

import org.carnet.core.PersonId;

/** Micro-benchmarks only: a person's cipher with a fresh random data key, without a key store. */
public final class BenchCiphers {

	private BenchCiphers() {
	}

	public static PersonCipher random(PersonId person) {
		return new PersonCipher(person, PersonKeys.randomKey());
	}
}
