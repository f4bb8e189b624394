package org.carnet.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's Ed25519 key that signs checkpoints. Generated on first start under the data directory: the private
 * part in a PKCS#8 PEM file readable only by its owner, the public part beside it for anyone to have. Never committed.
 */
final class CheckpointKey {

	static final String ALGORITHM = "Ed25519";

	static final String PRIVATE_FILE = "audit-checkpoint-ed25519.key.pem";

	static final String PUBLIC_FILE = "audit-checkpoint-ed25519.pub.pem";

	private static final Logger log = LoggerFactory.getLogger(CheckpointKey.class);

	private final PrivateKey privateKey;

	private final PublicKey publicKey;

	private final String keyId;

	private CheckpointKey(PrivateKey privateKey, PublicKey publicKey) {
		this.privateKey = privateKey;
		this.publicKey = publicKey;
		this.keyId = keyId(publicKey);
	}

	/** Opens the key in {@code directory}, generating it on first start. */
	static CheckpointKey open(Path directory) {
		Path privateFile = directory.resolve(PRIVATE_FILE);
		Path publicFile = directory.resolve(PUBLIC_FILE);
		try {
			Files.createDirectories(directory);
			if (!Files.exists(privateFile)) {
				KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
				writeOwnerOnly(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
				Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
				log.info("Created the audit checkpoint signing key {} in {}", keyId(pair.getPublic()), directory);
			}
			KeyFactory keys = KeyFactory.getInstance(ALGORITHM);
			PrivateKey privateKey = keys
				.generatePrivate(new PKCS8EncodedKeySpec(der(Files.readString(privateFile), "PRIVATE KEY")));
			PublicKey publicKey = readPublicKey(Files.readString(publicFile));
			CheckpointKey key = new CheckpointKey(privateKey, publicKey);
			byte[] probe = "carnet-checkpoint-key-probe".getBytes(StandardCharsets.US_ASCII);
			if (!verify(publicKey, probe, key.sign(probe))) {
				throw new IllegalStateException("The public key " + publicFile + " does not belong to " + privateFile);
			}
			return key;
		}
		catch (IOException | GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException(
					"Cannot open the audit checkpoint key in " + directory + ": " + ex.getMessage(), ex);
		}
	}

	byte[] sign(byte[] message) {
		try {
			Signature signature = Signature.getInstance(ALGORITHM);
			signature.initSign(privateKey);
			signature.update(message);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not sign a checkpoint", ex);
		}
	}

	boolean verify(byte[] message, byte[] signature) {
		return verify(publicKey, message, signature);
	}

	static boolean verify(PublicKey key, byte[] message, byte[] signature) {
		try {
			Signature verifier = Signature.getInstance(ALGORITHM);
			verifier.initVerify(key);
			verifier.update(message);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	/** The public key as PEM (X.509 SubjectPublicKeyInfo), as openssl reads it. */
	String publicKeyPem() {
		return pem("PUBLIC KEY", publicKey.getEncoded());
	}

	/** The first 16 hex digits of the SHA-256 of the public key's DER encoding. */
	String keyId() {
		return keyId;
	}

	static PublicKey readPublicKey(String pem) throws GeneralSecurityException {
		return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
	}

	static String keyId(PublicKey key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
			return HexFormat.of().formatHex(digest).substring(0, 16);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	private static byte[] der(String pem, String type) {
		String begin = "-----BEGIN " + type + "-----";
		String end = "-----END " + type + "-----";
		int from = pem.indexOf(begin);
		int to = pem.indexOf(end);
		if (from < 0 || to < from) {
			throw new IllegalArgumentException("not a PEM " + type);
		}
		return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
	}

	private static void writeOwnerOnly(Path file, String content) throws IOException {
		try {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (UnsupportedOperationException ex) {
			Files.createFile(file);
		}
		Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
	}
}
