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

	/**
	 * Two replicas on one data folder (the same key store file): what one rotates or retires, the other sees at its
	 * next call, and rotations by both at once lose no version.
	 */
	@Test
	void twoProcessesOnOneKeyStoreSeeEachOthersChangesAndLoseNoVersion(@TempDir Path shared) throws Exception {
		LocalKeyEncryptionKeys a = LocalKeyEncryptionKeys.open(shared);
		LocalKeyEncryptionKeys b = LocalKeyEncryptionKeys.open(shared);
		org.carnet.core.Jurisdiction gr = org.carnet.core.Jurisdiction.of("GR");
		org.carnet.core.Jurisdiction it = org.carnet.core.Jurisdiction.of("IT");
		PersonId before = PersonId.random();
		WrappedKey old = new WrappedKey(before, gr, b.newWrappedKey(before, gr));

		a.rotate(gr);
		PersonId after = PersonId.random();
		WrappedKey current = new WrappedKey(after, gr, b.newWrappedKey(after, gr));

		assertThat(current.kekVersion()).as("B wraps with the version A made").isEqualTo(2);
		assertThat(a.unwrap(current)).isEqualTo(b.unwrap(current));

		a.raiseMinDecryptionVersion(gr, 2);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.unwrap(old))
			.as("B no longer unwraps what A retired")
			.isInstanceOf(Undecryptable.class);

		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
		try {
			java.util.List<java.util.concurrent.Future<?>> rotations = new java.util.ArrayList<>();
			for (int i = 0; i < 5; i++) {
				rotations.add(pool.submit(() -> a.rotate(it)));
				rotations.add(pool.submit(() -> b.rotate(it)));
			}
			for (java.util.concurrent.Future<?> rotation : rotations) {
				rotation.get(1, java.util.concurrent.TimeUnit.MINUTES);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(LocalKeyEncryptionKeys.open(shared).versions(it).latest()).as("ten rotations, none lost")
			.isEqualTo(11);
		assertThat(a.versions(gr).latest()).isEqualTo(2);
	}
}
