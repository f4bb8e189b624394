package org.carnet.keyring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How key-encryption-key rotations rewrap data keys.
 *
 * @param batchSize {@code carnet.key-rotation.batch-size}: data keys per transit {@code rewrap} call and per
 * database transaction (default 200)
 * @param raiseMinDecryptionVersion {@code carnet.key-rotation.raise-min-decryption-version}: for the command line
 * ({@code --carnet.rotate-kek=GR}): once every key is rewrapped, refuse the older KEK versions (default false)
 */
@ConfigurationProperties("carnet.key-rotation")
record RotationSettings(@DefaultValue("200") int batchSize, @DefaultValue("false") boolean raiseMinDecryptionVersion) {

	RotationSettings {
		if (batchSize < 1) {
			throw new IllegalArgumentException("carnet.key-rotation.batch-size must be at least 1");
		}
	}
}
