package org.carnet.keyring;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.carnet.core.PersonId;

import static org.assertj.core.api.Assertions.assertThat;

/** The keyring contract on the local key store (the default keyring). */
class LocalKeyringContractTests extends KeyringContract {

	@TempDir
	static Path directory;

	static LocalKeyEncryptionKeys keyring;

	@BeforeAll
	static void openKeyStore() {
		keyring = LocalKeyEncryptionKeys.open(directory.resolve("keys"));
	}

	@Override
	KeyEncryptionKeys keyring() {
		return keyring;
	}

	@Test
	void rotatedVersionsAndTheRaisedMinimumSurviveARestart() {
		WrappedKey old = create(PersonId.random(), KeyringContract.HOME);
		keyring.rotate(KeyringContract.HOME);
		WrappedKey current = create(PersonId.random(), KeyringContract.HOME);
		byte[] dataKey = keyring.unwrap(current);

		LocalKeyEncryptionKeys reopened = LocalKeyEncryptionKeys.open(directory.resolve("keys"));

		assertThat(reopened.versions(KeyringContract.HOME).latest()).isEqualTo(current.kekVersion());
		assertThat(reopened.unwrap(current)).isEqualTo(dataKey);
		assertThat(reopened.unwrap(old)).hasSize(32);
	}
}
