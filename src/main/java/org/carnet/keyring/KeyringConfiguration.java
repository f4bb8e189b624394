package org.carnet.keyring;

import org.carnet.core.DataDirectory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Chooses where key-encryption keys live: {@code carnet.keyring=local} (default) or {@code vault}; and, with
 * {@code --carnet.rotate-kek=<country>}, runs a KEK rotation and exits.
 */
@Configuration(proxyBeanMethods = false)
class KeyringConfiguration {

	@Bean
	@ConditionalOnProperty(name = "carnet.keyring", havingValue = "local", matchIfMissing = true)
	KeyEncryptionKeys localKeyEncryptionKeys(DataDirectory dataDirectory) {
		return LocalKeyEncryptionKeys.open(dataDirectory.resolve("keys"));
	}

	@Bean
	@ConditionalOnProperty(name = "carnet.keyring", havingValue = "vault")
	KeyEncryptionKeys vaultKeyEncryptionKeys(VaultSettings settings) {
		return VaultKeyEncryptionKeys.open(settings);
	}

	@Bean
	@ConditionalOnProperty(name = "carnet.rotate-kek")
	RotationCommand rotationCommand(KeyRotation rotation, RotationSettings settings, Environment environment,
			ConfigurableApplicationContext context) {
		return new RotationCommand(rotation, environment.getProperty("carnet.rotate-kek"),
				settings.raiseMinDecryptionVersion(), code -> System.exit(SpringApplication.exit(context, () -> code)),
				context::publishEvent);
	}
}
