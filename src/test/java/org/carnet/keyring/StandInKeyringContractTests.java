package org.carnet.keyring;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The keyring contract on the Vault client, against the Vault transit stand-in. */
class StandInKeyringContractTests extends KeyringContract {

	static VaultTransitStandIn vault;

	static VaultKeyEncryptionKeys keyring;

	@BeforeAll
	static void startStandIn() {
		vault = VaultTransitStandIn.start();
		TransitAdmin admin = new TransitAdmin(vault.address(), VaultTransitStandIn.ROOT_TOKEN);
		for (String kek : new String[] { "carnet-gr", "carnet-pt", "carnet-cy" }) {
			admin.createKek("transit", kek);
		}
		keyring = VaultKeyEncryptionKeys.open(VaultSettings.of(vault.address(), VaultTransitStandIn.ROOT_TOKEN));
	}

	@AfterAll
	static void stopStandIn() {
		keyring.close();
		vault.close();
	}

	@Override
	KeyEncryptionKeys keyring() {
		return keyring;
	}
}
