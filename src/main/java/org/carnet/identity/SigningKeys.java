package org.carnet.identity;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA key that signs access tokens, kept as a JWK set in a file under the data directory (readable only by its
 * owner) and generated on first start, so tokens stay valid across restarts. It holds the private key: never commit
 * it; replicas share it as a mounted secret.
 */
final class SigningKeys {

	static final String FILE_NAME = "token-signing-key.jwks.json";

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private SigningKeys() {
	}

	/** The signing key in {@code directory}, created there on first use. */
	static RSAKey open(Path directory) {
		Path file = directory.resolve(FILE_NAME);
		try {
			Files.createDirectories(directory);
			if (!Files.exists(file)) {
				create(file);
			}
			JWKSet keys = JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
			if (keys.getKeys().size() != 1 || !(keys.getKeys().get(0) instanceof RSAKey key) || !key.isPrivate()) {
				throw new IllegalStateException("The token signing key file " + file
						+ " must hold exactly one private RSA key");
			}
			return key;
		}
		catch (IOException | ParseException ex) {
			throw new IllegalStateException("Cannot read the token signing key " + file + ": " + ex.getMessage(), ex);
		}
	}

	private static void create(Path file) throws IOException {
		RSAKey key;
		try {
			key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString())
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot generate a token signing key", ex);
		}
		// Written beside the target and moved into place, so a crash never leaves a half-written key.
		Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
		Files.deleteIfExists(temporary);
		try {
			Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
		}
		catch (UnsupportedOperationException ex) {
			Files.createFile(temporary);
		}
		try (OutputStream out = Files.newOutputStream(temporary)) {
			out.write(new JWKSet(key).toString(false).getBytes(StandardCharsets.UTF_8));
		}
		try {
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temporary, file);
		}
		log.info("Created a new token signing key {} in {}", key.getKeyID(), file);
	}
}
