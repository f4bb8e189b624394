package org.carnet.keyring;

import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The keyring contract against a real Vault or OpenBao, when {@code VAULT_ADDR} and {@code VAULT_TOKEN} name one
 * (a dev server's root token will do: the test enables transit and creates its own KEKs, named
 * {@code carnet-it-<run>-<country>} so that runs do not collide). Skipped otherwise, unless the build runs with
 * {@code -Pvault-it}, where a missing Vault is an error. See ops/vault/README.md.
 */
class RealVaultKeyringContractTests extends KeyringContract {

	static final String SKIPPED = "VAULT_ADDR and VAULT_TOKEN are not set: skipping the keyring contract against a "
			+ "real Vault or OpenBao (see ops/vault/README.md: start a dev server, then mvn verify -Pvault-it)";

	static VaultKeyEncryptionKeys keyring;

	static boolean configured;

	@BeforeAll
	static void connect() {
		String address = System.getenv("VAULT_ADDR");
		String token = System.getenv("VAULT_TOKEN");
		configured = address != null && !address.isBlank() && token != null && !token.isBlank();
		if (!configured && "required".equals(System.getProperty("carnet.vault-it"))) {
			fail("-Pvault-it runs the keyring contract against a real Vault: set VAULT_ADDR and VAULT_TOKEN "
					+ "(e.g. vault server -dev -dev-root-token-id=dev-only-token; see ops/vault/README.md)");
		}
		if (!configured) {
			System.out.println(SKIPPED);
			return;
		}
		String run = UUID.randomUUID().toString().substring(0, 8);
		TransitAdmin admin = new TransitAdmin(address, token);
		admin.enableTransit("transit");
		for (var jurisdiction : new org.carnet.core.Jurisdiction[] { HOME, ROTATED, RETIRED }) {
			admin.createKek("transit", "carnet-it-" + run + "-" + jurisdiction.code().toLowerCase(Locale.ROOT));
		}
		keyring = VaultKeyEncryptionKeys.open(VaultSettings.of(address, token)
			.withKekNamePattern("carnet-it-" + run + "-{jurisdiction}"));
	}

	@BeforeEach
	void onlyWithARealVault() {
		assumeTrue(configured, SKIPPED);
	}

	@AfterAll
	static void disconnect() {
		if (keyring != null) {
			keyring.close();
		}
	}

	@Override
	KeyEncryptionKeys keyring() {
		return keyring;
	}
}
