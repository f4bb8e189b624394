package org.carnet.keyring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key-encryption key in a PKCS#12 key store under the data directory, generated on first start and readable only
 * by its owner. For development and single-machine use: production keeps KEKs in Vault, where they never leave.
 * Wrapped keys are bound to their person by the associated data.
 */
final class LocalKeyEncryptionKeys implements KeyEncryptionKeys {

	static final String PREFIX = "local:v1:";

	private static final Logger log = LoggerFactory.getLogger(LocalKeyEncryptionKeys.class);

	private static final String ALIAS = "carnet-kek";

	private final Path keyStoreFile;

	private final PersonCipher kek;

	private LocalKeyEncryptionKeys(Path keyStoreFile, SecretKey kek) {
		this.keyStoreFile = keyStoreFile;
		this.kek = new PersonCipher(null, kek.getEncoded());
	}

	/** Opens the key store in {@code directory}, creating it (and its pass phrase file) on first start. */
	static LocalKeyEncryptionKeys open(Path directory) {
		Path store = directory.resolve("kek.p12");
		Path passFile = directory.resolve("kek.pass");
		try {
			Files.createDirectories(directory);
			if (!Files.exists(store)) {
				char[] pass = newPassPhrase();
				writeOwnerOnly(passFile, new String(pass).getBytes(StandardCharsets.US_ASCII));
				KeyStore keyStore = KeyStore.getInstance("PKCS12");
				keyStore.load(null, pass);
				KeyGenerator generator = KeyGenerator.getInstance("AES");
				generator.init(256);
				keyStore.setEntry(ALIAS, new KeyStore.SecretKeyEntry(generator.generateKey()),
						new KeyStore.PasswordProtection(pass));
				try (OutputStream out = ownerOnlyOutput(store)) {
					keyStore.store(out, pass);
				}
				log.info("Created a new local key-encryption key in {}", store);
			}
			char[] pass = Files.readString(passFile, StandardCharsets.US_ASCII).trim().toCharArray();
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(store)) {
				keyStore.load(in, pass);
			}
			SecretKey key = (SecretKey) keyStore.getKey(ALIAS, pass);
			if (key == null) {
				throw new IllegalStateException("The key store " + store + " holds no key '" + ALIAS + "'");
			}
			log.warn("Using the LOCAL keyring ({}): fine for development; production keeps its keys in HashiCorp "
					+ "Vault (carnet.keyring=vault)", store);
			return new LocalKeyEncryptionKeys(store, key);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot open the local key store " + store + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public String newWrappedKey(PersonId person, Jurisdiction home) {
		byte[] sealed = kek.encrypt(context(person), PersonKeys.randomKey());
		return PREFIX + Base64.getEncoder().encodeToString(sealed);
	}

	@Override
	public byte[] unwrap(WrappedKey key) {
		if (!key.wrapped().startsWith(PREFIX)) {
			throw new Undecryptable("The data key of person " + key.person() + " was not wrapped by the local keyring",
					null);
		}
		byte[] sealed = Base64.getDecoder().decode(key.wrapped().substring(PREFIX.length()));
		try {
			return kek.decrypt(context(key.person()), sealed);
		}
		catch (Undecryptable ex) {
			throw new Undecryptable("The data key stored for person " + key.person()
					+ " does not belong to that person or was altered", ex);
		}
	}

	@Override
	public String describe() {
		return "local key store " + keyStoreFile;
	}

	private static byte[] context(PersonId person) {
		return ("carnet-dek:" + person).getBytes(StandardCharsets.US_ASCII);
	}

	private static char[] newPassPhrase() {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
	}

	private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
		try (OutputStream out = ownerOnlyOutput(file)) {
			out.write(content);
		}
	}

	private static OutputStream ownerOnlyOutput(Path file) throws IOException {
		try {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (UnsupportedOperationException ex) {
			Files.createFile(file);
		}
		return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
	}
}
