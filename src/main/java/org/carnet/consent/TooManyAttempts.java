package org.carnet.consent;

import org.carnet.core.Forbidden;

/** Refused because too many wrong share codes were tried recently; trying again later works. */
public class TooManyAttempts extends Forbidden {

	TooManyAttempts(String message) {
		super(message, "SHARE_CODES_PAUSED");
	}
}
