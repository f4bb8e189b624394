package org.carnet.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.carnet.core.Category;
import org.carnet.core.Purpose;

/**
 * A share code just created, as shown to the person once: the code itself is never stored (only its keyed hash)
 * and cannot be shown again.
 *
 * @param id its id
 * @param code the code to read out or type, e.g. {@code K7Q-4M2-9XT}
 * @param qrSvg the same code as a QR code (SVG text)
 * @param expiresAt when it stops working if unredeemed
 * @param categories what the grant will open
 * @param access read, or read and write
 * @param purposes for which purposes
 * @param grantDuration how long the grant lasts from redemption
 */
public record IssuedShareCode(ShareCodeId id, String code, String qrSvg, Instant expiresAt, Set<Category> categories,
		Access access, Set<Purpose> purposes, Duration grantDuration) {

	@Override
	public String toString() {
		// the code is a bearer secret until redeemed: keep it out of logs
		return "IssuedShareCode[id=" + id + ", expiresAt=" + expiresAt + "]";
	}
}
