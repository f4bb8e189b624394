package org.carnet.identity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The token signing key survives a restart: a second key source over the same folder yields the same key. */
class SigningKeysTests {

	@TempDir
	Path dataDir;

	@Test
	void secondKeySourceOverTheSameFolderYieldsTheSameKey() throws Exception {
		Path keys = dataDir.resolve("keys");
		RSAKey first = SigningKeys.open(keys);
		RSAKey second = SigningKeys.open(keys);
		assertThat(second.getKeyID()).isEqualTo(first.getKeyID());
		assertThat(second.toRSAPublicKey()).isEqualTo(first.toRSAPublicKey());
		assertThat(second.toRSAPrivateKey()).isEqualTo(first.toRSAPrivateKey());
		assertThat(first.getModulus().decode().length * 8).isGreaterThanOrEqualTo(2048);
	}

	@Test
	void anotherFolderGetsAnotherKey() {
		RSAKey one = SigningKeys.open(dataDir.resolve("one"));
		RSAKey other = SigningKeys.open(dataDir.resolve("other"));
		assertThat(other.getModulus()).isNotEqualTo(one.getModulus());
	}

	@Test
	void keyFileIsReadableByItsOwnerOnly() throws Exception {
		Path keys = dataDir.resolve("keys");
		SigningKeys.open(keys);
		Path file = keys.resolve(SigningKeys.FILE_NAME);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(Files.list(keys)).containsExactly(file);
	}

	@Test
	void refusesToStartWithDamagedKeyFile() throws Exception {
		Path keys = dataDir.resolve("keys");
		Files.createDirectories(keys);
		Files.writeString(keys.resolve(SigningKeys.FILE_NAME), "{\"keys\":[]}");
		assertThatThrownBy(() -> SigningKeys.open(keys)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("exactly one private RSA key");
	}
}
