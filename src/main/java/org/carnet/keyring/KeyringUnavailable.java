package org.carnet.keyring;

import org.carnet.core.Unavailable;

/** The key service could not be reached or refused to work (sealed, timed out); nothing was decrypted. */
public class KeyringUnavailable extends Unavailable {

	public KeyringUnavailable(String message, Throwable cause) {
		super(message, cause);
	}
}
