package org.carnet.keyring;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.carnet.core.DataDirectory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/** The keyring is chosen and configured by properties, as an operator would set them. */
class KeyringConfigurationTests {

	static VaultTransitStandIn vault;

	@TempDir
	Path dataDir;

	@BeforeAll
	static void startVault() {
		vault = VaultTransitStandIn.start();
	}

	@AfterAll
	static void stopVault() {
		vault.close();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ VaultSettings.class, DataDirectory.class })
	@Import(KeyringConfiguration.class)
	static class Keyring {
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withUserConfiguration(Keyring.class)
			.withPropertyValues("carnet.data-dir=" + dataDir);
	}

	@Test
	void theLocalKeyringIsTheDefault() {
		runner().run(context -> assertThat(context).getBean(KeyEncryptionKeys.class)
			.isInstanceOf(LocalKeyEncryptionKeys.class));
	}

	@Test
	void vaultIsChosenAndConfiguredByTheCarnetVaultProperties() {
		runner().withPropertyValues("carnet.keyring=vault", "carnet.vault.address=" + vault.address(),
				"carnet.vault.token=" + VaultTransitStandIn.ROOT_TOKEN, "carnet.vault.transit-mount=transit",
				"carnet.vault.kek-name-pattern=eu-carnet-{jurisdiction}", "carnet.vault.read-timeout=2s",
				"carnet.vault.open-timeout=250ms")
			.run(context -> {
				assertThat(context).getBean(KeyEncryptionKeys.class).isInstanceOf(VaultKeyEncryptionKeys.class);
				VaultSettings settings = context.getBean(VaultSettings.class);
				assertThat(settings.kekName(org.carnet.core.Jurisdiction.of("IT"))).isEqualTo("eu-carnet-it");
				assertThat(settings.readTimeoutSeconds()).isEqualTo(2);
				assertThat(settings.openTimeout().toMillis()).isEqualTo(250);
				assertThat(context.getBean(KeyEncryptionKeys.class).describe()).contains(vault.address());
			});
	}

	@Test
	void appRoleIsBoundFromItsProperties() {
		vault.appRole("role-from-properties", "secret-from-properties", java.time.Duration.ofMinutes(5));
		runner().withPropertyValues("carnet.keyring=vault", "carnet.vault.address=" + vault.address(),
				"carnet.vault.app-role.role-id=role-from-properties",
				"carnet.vault.app-role.secret-id=secret-from-properties")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(VaultSettings.class).appRole().mount()).isEqualTo("approle");
				assertThat(vault.requests("login")).isPositive();
			});
	}

	@Test
	void vaultWithoutAnAddressRefusesToStart() {
		runner().withPropertyValues("carnet.keyring=vault", "carnet.vault.token=t")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("carnet.vault.address"));
	}
}
