package org.carnet.keyring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A database restored without the keys that wrapped its data keys: the start is refused, naming the key and where it
 * was expected, instead of coming up with a fresh key under which every read fails as an integrity failure.
 */
class KeyringStartCheckIntegrationTests {

	static final Jurisdiction GREECE = Jurisdiction.of("GR");

	@TempDir
	Path data;

	WrappedKeyStore wrappedKeys;

	@BeforeEach
	void emptyKeysTable() {
		KeyringDatabase.clear();
		wrappedKeys = new WrappedKeyStore(KeyringDatabase.jdbc());
	}

	@Test
	void aMissingKeyStoreIsNotCreatedAnewWhileTheDatabaseHoldsKeysItWrapped() {
		LocalKeyEncryptionKeys original = LocalKeyEncryptionKeys.open(data.resolve("original"));
		storeKeyOfNewPerson(original);
		Path restored = data.resolve("restored-without-keys");

		assertThatThrownBy(() -> LocalKeyEncryptionKeys.open(restored, wrappedKeys.kekUses()))
			.isInstanceOf(MissingKeyEncryptionKey.class)
			.hasMessageContaining("The database holds 1 data key(s) wrapped by the local key-encryption key(s) "
					+ "[carnet-kek (GR version 1)]")
			.hasMessageContaining("expected in the key store " + restored.resolve("kek.p12"))
			.hasMessageContaining("is missing")
			.hasMessageContaining("Carnet does not create a new key");
		assertThat(restored.resolve("kek.p12")).doesNotExist();
	}

	@Test
	void anotherInstallationsKeyStoreIsRefusedByUnwrappingSamples() {
		LocalKeyEncryptionKeys original = LocalKeyEncryptionKeys.open(data.resolve("original"));
		storeKeyOfNewPerson(original);
		LocalKeyEncryptionKeys other = LocalKeyEncryptionKeys.open(data.resolve("other"));

		assertThatThrownBy(() -> new KeyringStartCheck(other, wrappedKeys).afterSingletonsInstantiated())
			.isInstanceOf(MissingKeyEncryptionKey.class)
			.hasMessageContaining("1 key(s) of GR are wrapped by version 1 of carnet-kek-gr in "
					+ data.resolve("other").resolve("kek.p12"))
			.hasMessageContaining("none of 1 tried unwraps with it");
		assertThatCode(() -> new KeyringStartCheck(original, wrappedKeys).afterSingletonsInstantiated())
			.doesNotThrowAnyException();
	}

	@Test
	void aKeyStoreFromBeforeARotationLacksTheVersionThatWrappedNewerKeys() throws IOException {
		Path keys = data.resolve("keys");
		LocalKeyEncryptionKeys current = LocalKeyEncryptionKeys.open(keys);
		storeKeyOfNewPerson(current);
		Path backup = data.resolve("backup-before-rotation");
		Files.createDirectories(backup);
		Files.copy(keys.resolve("kek.p12"), backup.resolve("kek.p12"));
		Files.copy(keys.resolve("kek.pass"), backup.resolve("kek.pass"));
		current.rotate(GREECE);
		storeKeyOfNewPerson(current);
		LocalKeyEncryptionKeys restored = LocalKeyEncryptionKeys.open(backup, wrappedKeys.kekUses());

		assertThatThrownBy(() -> new KeyringStartCheck(restored, wrappedKeys).afterSingletonsInstantiated())
			.isInstanceOf(MissingKeyEncryptionKey.class)
			.hasMessageContaining("1 key(s) of GR are wrapped by version 2 of carnet-kek-gr in "
					+ backup.resolve("kek.p12") + ", which holds versions up to 1 only");
	}

	private void storeKeyOfNewPerson(LocalKeyEncryptionKeys keyring) {
		PersonId person = PersonId.random();
		wrappedKeys.insert(new WrappedKey(person, GREECE, keyring.newWrappedKey(person, GREECE)));
	}
}
