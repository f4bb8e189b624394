package org.carnet.keyring;

import java.util.List;

import org.carnet.core.DataDirectory;

import org.springframework.beans.factory.ObjectProvider;
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
	KeyEncryptionKeys localKeyEncryptionKeys(DataDirectory dataDirectory, ObjectProvider<WrappedKeyStore> wrappedKeys) {
		// with the keys table at hand (always, but in keyring-only tests), a missing key store is not made anew
		WrappedKeyStore stored = wrappedKeys.getIfAvailable();
		return LocalKeyEncryptionKeys.open(dataDirectory.resolve("keys"), stored == null ? List.of() : stored.kekUses());
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
