package org.carnet.keyring;

import org.carnet.core.DataDirectory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses where key-encryption keys live: {@code carnet.keyring=local} (default) or {@code vault}. */
@Configuration(proxyBeanMethods = false)
class KeyringConfiguration {

	@Bean
	@ConditionalOnProperty(name = "carnet.keyring", havingValue = "local", matchIfMissing = true)
	KeyEncryptionKeys localKeyEncryptionKeys(DataDirectory dataDirectory) {
		return LocalKeyEncryptionKeys.open(dataDirectory.resolve("keys"));
	}
}
