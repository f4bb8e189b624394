package org.carnet.consent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Guessing limits and the hashing key of share codes.
 *
 * @param wrongGuessesPerMinute {@code carnet.share-codes.wrong-guesses-per-minute}: wrong codes one requester may
 * try within a minute; the next attempt is refused (default 9, so the tenth is refused)
 * @param wrongGuessesPerMinuteOverall {@code carnet.share-codes.wrong-guesses-per-minute-overall}: wrong codes all
 * requesters together may try within a minute before every redemption pauses (default 600)
 * @param pepper {@code carnet.share-codes.pepper}: the secret key codes are hashed with (base64, at least 32 bytes);
 * every replica needs the same. When unset, a random one is kept in {@code <data-dir>/consent/share-code-pepper}.
 */
@ConfigurationProperties("carnet.share-codes")
record ShareCodeSettings(@DefaultValue("9") int wrongGuessesPerMinute,
		@DefaultValue("600") int wrongGuessesPerMinuteOverall, String pepper) {

	@Override
	public String toString() {
		return "ShareCodeSettings[wrongGuessesPerMinute=" + wrongGuessesPerMinute + ", wrongGuessesPerMinuteOverall="
				+ wrongGuessesPerMinuteOverall + ", pepper=" + (pepper == null ? "unset" : "(set)") + "]";
	}
}
