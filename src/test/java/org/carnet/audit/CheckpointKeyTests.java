package org.carnet.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointKeyTests {

	@TempDir
	Path keys;

	@Test
	void generatesTheKeyOnFirstStartWithThePrivatePartReadableOnlyByItsOwner() throws Exception {
		CheckpointKey key = CheckpointKey.open(keys);

		Path privateFile = keys.resolve(CheckpointKey.PRIVATE_FILE);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile))).isEqualTo("rw-------");
		assertThat(Files.readString(keys.resolve(CheckpointKey.PUBLIC_FILE))).isEqualTo(key.publicKeyPem())
			.startsWith("-----BEGIN PUBLIC KEY-----\n");
	}

	@Test
	void keepsTheSameKeyAcrossRestarts() {
		CheckpointKey first = CheckpointKey.open(keys);
		CheckpointKey again = CheckpointKey.open(keys);

		byte[] message = "heads".getBytes(StandardCharsets.UTF_8);
		assertThat(again.keyId()).isEqualTo(first.keyId()).hasSize(16);
		assertThat(again.verify(message, first.sign(message))).isTrue();
	}

	@Test
	void refusesAPublicKeyThatDoesNotBelongToThePrivateKey(@TempDir Path other) throws Exception {
		CheckpointKey.open(keys);
		CheckpointKey.open(other);
		Files.copy(other.resolve(CheckpointKey.PUBLIC_FILE), keys.resolve(CheckpointKey.PUBLIC_FILE),
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);

		assertThatThrownBy(() -> CheckpointKey.open(keys)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("does not belong to");
	}
}
