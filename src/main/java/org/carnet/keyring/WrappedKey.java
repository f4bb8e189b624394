package org.carnet.keyring;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;

/**
 * A person's data key as stored: wrapped by the KEK of the person's home jurisdiction. Both keyrings write
 * {@code <keyring>:v<kek version>:<base64>} ({@code local:v1:...}, {@code vault:v3:...}), so the KEK version that
 * wrapped a key can be read without unwrapping it.
 */
record WrappedKey(PersonId person, Jurisdiction home, String wrapped) {

	private static final Pattern VERSIONED = Pattern.compile("^[a-z]+:v(\\d{1,9}):");

	/** The version of the KEK that wrapped this key, 0 when the stored form is not one we know. */
	int kekVersion() {
		return kekVersion(wrapped);
	}

	static int kekVersion(String wrapped) {
		Matcher matcher = VERSIONED.matcher(wrapped);
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
	}

	@Override
	public String toString() {
		// The wrapped form is not secret, but it has no business in logs either.
		return "WrappedKey[person=" + person + ", home=" + home + ", kekVersion=" + kekVersion() + "]";
	}
}
