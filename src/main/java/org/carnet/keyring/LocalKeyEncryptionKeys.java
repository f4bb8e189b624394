package org.carnet.keyring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key-encryption keys in a PKCS#12 key store under the data directory, generated on first start and readable only
 * by its owner. For development and single-machine use: production keeps KEKs in Vault, where they never leave.
 * Wrapped keys are bound to their person by the associated data.
 * <p>
 * Versions mirror Vault transit so that rotation works the same on both keyrings: version 1 is the key store's
 * original key, shared by every jurisdiction (it predates rotation); rotating a jurisdiction adds its own version 2,
 * 3, ... ({@code carnet-kek-gr-v2}). The minimum decryption version of each jurisdiction is kept in the key store too
 * (as the alias {@code carnet-kek-gr-min-v<n>}), so that a raised minimum survives restarts.
 */
final class LocalKeyEncryptionKeys implements KeyEncryptionKeys {

	static final String PREFIX = "local:v";

	private static final Logger log = LoggerFactory.getLogger(LocalKeyEncryptionKeys.class);

	private static final String ALIAS = "carnet-kek";

	private static final java.util.Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

	private final Path keyStoreFile;

	private final char[] pass;

	/** As last read from the file: read again whenever another process (a replica on the same folder) replaced it. */
	private KeyStore keyStore;

	/** What identified the file when it was read (its inode and time): a save by anyone replaces the file. */
	private Object readStamp;

	/** Keys already read: reading one from PKCS#12 derives its protection key, far too slow for every unwrap. */
	private final java.util.Map<String, SecretKey> opened = new java.util.HashMap<>();

	private LocalKeyEncryptionKeys(Path keyStoreFile, char[] pass, KeyStore keyStore) {
		this.keyStoreFile = keyStoreFile;
		this.pass = pass;
		this.keyStore = keyStore;
		this.readStamp = stamp(keyStoreFile);
	}

	/** Opens the key store in {@code directory}, creating it (and its pass phrase file) on first start. */
	static LocalKeyEncryptionKeys open(Path directory) {
		return open(directory, List.of());
	}

	/**
	 * Opens the key store in {@code directory}, creating it only while the database holds no data key wrapped by a
	 * local key ({@code inDatabase}): a new key could not unwrap them, and every read would then fail as an integrity
	 * failure. Such a start is refused, naming the key and where it was expected.
	 */
	static LocalKeyEncryptionKeys open(Path directory, List<WrappedKeyStore.KekUse> inDatabase) {
		Path store = directory.resolve("kek.p12");
		Path passFile = directory.resolve("kek.pass");
		List<WrappedKeyStore.KekUse> local = inDatabase.stream().filter(use -> "local".equals(use.keyring())).toList();
		if (!local.isEmpty() && (!Files.exists(store) || !Files.exists(passFile))) {
			throw new MissingKeyEncryptionKey(missing(store, passFile, local));
		}
		try {
			Files.createDirectories(directory);
			if (!Files.exists(store)) {
				char[] pass = newPassPhrase();
				writeOwnerOnly(passFile, new String(pass).getBytes(StandardCharsets.US_ASCII));
				KeyStore keyStore = KeyStore.getInstance("PKCS12");
				keyStore.load(null, pass);
				keyStore.setEntry(ALIAS, new KeyStore.SecretKeyEntry(newAesKey()), new KeyStore.PasswordProtection(pass));
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
			if (!keyStore.containsAlias(ALIAS)) {
				throw new IllegalStateException("The key store " + store + " holds no key '" + ALIAS + "'");
			}
			log.warn("Using the LOCAL keyring ({}): fine for development; production keeps its keys in HashiCorp "
					+ "Vault (carnet.keyring=vault)", store);
			return new LocalKeyEncryptionKeys(store, pass, keyStore);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot open the local key store " + store + ": " + ex.getMessage(), ex);
		}
	}

	private static String missing(Path store, Path passFile, List<WrappedKeyStore.KekUse> local) {
		long keys = local.stream().mapToLong(WrappedKeyStore.KekUse::keys).sum();
		java.util.Set<String> kekIds = new java.util.TreeSet<>();
		local.forEach(use -> kekIds.add(alias(use.jurisdiction(), use.version()) + " (" + use.jurisdiction()
				+ " version " + use.version() + ")"));
		String absent = !Files.exists(store) && !Files.exists(passFile) ? store + " and " + passFile
				: !Files.exists(store) ? store.toString() : passFile.toString();
		return "The database holds " + keys + " data key(s) wrapped by the local key-encryption key(s) " + kekIds
				+ ", expected in the key store " + store + ", but " + absent + " is missing. Restore the key store and "
				+ "its pass phrase file from the backup of the data directory (or set carnet.data-dir to the folder "
				+ "that holds them). Carnet does not create a new key: it could not unwrap these.";
	}

	@Override
	public synchronized String newWrappedKey(PersonId person, Jurisdiction home) {
		refresh();
		int version = latest(home);
		return wrap(person, home, version, PersonKeys.randomKey());
	}

	@Override
	public synchronized byte[] unwrap(WrappedKey key) {
		refresh();
		int version = key.kekVersion();
		if (!key.wrapped().startsWith(PREFIX) || version == 0) {
			throw new Undecryptable("The data key of person " + key.person() + " was not wrapped by the local keyring",
					null);
		}
		if (version < minDecryption(key.home())) {
			throw new Undecryptable("The data key of person " + key.person() + " is wrapped by KEK version " + version
					+ ", below the minimum decryption version of " + key.home(), null);
		}
		SecretKey kek = kek(key.home(), version);
		if (kek == null) {
			throw new Undecryptable("The data key of person " + key.person() + " names KEK version " + version
					+ " of " + key.home() + ", which does not exist", null);
		}
		String body = key.wrapped().substring(key.wrapped().indexOf(':', PREFIX.length()) + 1);
		byte[] sealed;
		try {
			sealed = Base64.getDecoder().decode(body);
		}
		catch (IllegalArgumentException ex) {
			throw new Undecryptable("The data key stored for person " + key.person() + " is not valid base64", null);
		}
		try {
			return new PersonCipher(key.person(), kek.getEncoded()).decrypt(context(key.person()), sealed);
		}
		catch (Undecryptable ex) {
			throw new Undecryptable("The data key stored for person " + key.person()
					+ " does not belong to that person or was altered", ex);
		}
	}

	@Override
	public synchronized KekVersions versions(Jurisdiction jurisdiction) {
		refresh();
		return new KekVersions(describe(jurisdiction), latest(jurisdiction), minDecryption(jurisdiction));
	}

	@Override
	public synchronized KekVersions rotate(Jurisdiction jurisdiction) {
		try (StoreLock lock = lockFile()) {
			refresh();
			return rotateLocked(jurisdiction);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot lock the local key store " + keyStoreFile + ": " + ex.getMessage(),
					ex);
		}
	}

	private KekVersions rotateLocked(Jurisdiction jurisdiction) {
		int next = latest(jurisdiction) + 1;
		try {
			keyStore.setEntry(alias(jurisdiction, next), new KeyStore.SecretKeyEntry(newAesKey()),
					new KeyStore.PasswordProtection(pass));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot add a key to the local key store: " + ex.getMessage(), ex);
		}
		save();
		log.info("Rotated the local key-encryption key of {} to version {}", jurisdiction, next);
		return versions(jurisdiction);
	}

	@Override
	public synchronized List<Rewrapped> rewrapAll(Jurisdiction jurisdiction, List<WrappedKey> keys) {
		refresh();
		int latest = latest(jurisdiction);
		List<Rewrapped> results = new ArrayList<>();
		for (WrappedKey key : keys) {
			try {
				byte[] dataKey = unwrap(key);
				results.add(Rewrapped.done(key.person(), wrap(key.person(), jurisdiction, latest, dataKey)));
				java.util.Arrays.fill(dataKey, (byte) 0);
			}
			catch (Undecryptable ex) {
				results.add(Rewrapped.refused(key.person(), ex.getMessage()));
			}
		}
		return results;
	}

	@Override
	public synchronized KekVersions raiseMinDecryptionVersion(Jurisdiction jurisdiction, int version) {
		try (StoreLock lock = lockFile()) {
			refresh();
			return raiseLocked(jurisdiction, version);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot lock the local key store " + keyStoreFile + ": " + ex.getMessage(),
					ex);
		}
	}

	private KekVersions raiseLocked(Jurisdiction jurisdiction, int version) {
		int latest = latest(jurisdiction);
		if (version > latest) {
			throw new IllegalArgumentException("Cannot set the minimum decryption version of " + jurisdiction + " to "
					+ version + ": the latest version is " + latest);
		}
		int current = minDecryption(jurisdiction);
		if (version > current) {
			try {
				if (current > 1) {
					keyStore.deleteEntry(minAlias(jurisdiction, current));
				}
				// The entry's key is a placeholder: the alias carries the number.
				keyStore.setEntry(minAlias(jurisdiction, version), new KeyStore.SecretKeyEntry(newAesKey()),
						new KeyStore.PasswordProtection(pass));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Cannot update the local key store: " + ex.getMessage(), ex);
			}
			save();
			log.info("Keys of {} wrapped by KEK versions below {} no longer unwrap", jurisdiction, version);
		}
		return versions(jurisdiction);
	}

	@Override
	public String describe() {
		return "local key store " + keyStoreFile;
	}

	private String describe(Jurisdiction jurisdiction) {
		return ALIAS + "-" + jurisdiction.code().toLowerCase(Locale.ROOT) + " in " + keyStoreFile;
	}

	private String wrap(PersonId person, Jurisdiction home, int version, byte[] dataKey) {
		SecretKey kek = kek(home, version);
		byte[] sealed = new PersonCipher(person, kek.getEncoded()).encrypt(context(person), dataKey);
		return PREFIX + version + ":" + Base64.getEncoder().encodeToString(sealed);
	}

	private int latest(Jurisdiction jurisdiction) {
		int version = 1;
		while (contains(alias(jurisdiction, version + 1))) {
			version++;
		}
		return version;
	}

	private int minDecryption(Jurisdiction jurisdiction) {
		int latest = latest(jurisdiction);
		for (int version = latest; version > 1; version--) {
			if (contains(minAlias(jurisdiction, version))) {
				return version;
			}
		}
		return 1;
	}

	private SecretKey kek(Jurisdiction jurisdiction, int version) {
		String alias = alias(jurisdiction, version);
		SecretKey known = opened.get(alias);
		if (known != null) {
			return known;
		}
		try {
			SecretKey key = (SecretKey) keyStore.getKey(alias, pass);
			if (key != null) {
				opened.put(alias, key);
			}
			return key;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the local key store: " + ex.getMessage(), ex);
		}
	}

	private boolean contains(String alias) {
		try {
			return keyStore.containsAlias(alias);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the local key store: " + ex.getMessage(), ex);
		}
	}

	private static String alias(Jurisdiction jurisdiction, int version) {
		return version == 1 ? ALIAS : ALIAS + "-" + jurisdiction.code().toLowerCase(Locale.ROOT) + "-v" + version;
	}

	private static String minAlias(Jurisdiction jurisdiction, int version) {
		return ALIAS + "-" + jurisdiction.code().toLowerCase(Locale.ROOT) + "-min-v" + version;
	}

	/**
	 * Reads the key store again when the file is not the one read last: another process on the same data folder (a
	 * replica) rotated a key or raised a minimum version. One file-status call when nothing changed.
	 */
	private void refresh() {
		Object now = stamp(keyStoreFile);
		if (now == null || now.equals(readStamp)) {
			return;
		}
		try (InputStream in = Files.newInputStream(keyStoreFile)) {
			KeyStore fresh = KeyStore.getInstance("PKCS12");
			fresh.load(in, pass);
			keyStore = fresh;
			opened.clear();
			readStamp = now;
			log.info("Read the local key store {} again: it was changed by another process", keyStoreFile);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the local key store " + keyStoreFile + ": " + ex.getMessage(),
					ex);
		}
	}

	private static Object stamp(Path file) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
			return List.of(String.valueOf(attributes.fileKey()), attributes.lastModifiedTime(), attributes.size());
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * An exclusive lock on {@code kek.lock} beside the store, held while the store is changed: processes sharing the
	 * folder change it one at a time, each on the latest file, so that no version is lost.
	 */
	private StoreLock lockFile() throws IOException {
		Path lockPath = keyStoreFile.resolveSibling("kek.lock").toAbsolutePath().normalize();
		// a file lock is held per JVM: two key stores on one folder in the same process take turns here first
		ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(lockPath, path -> new ReentrantLock());
		inProcess.lock();
		FileChannel channel = null;
		try {
			channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			return new StoreLock(inProcess, channel, channel.lock());
		}
		catch (IOException | RuntimeException ex) {
			if (channel != null) {
				channel.close();
			}
			inProcess.unlock();
			throw ex;
		}
	}

	private record StoreLock(ReentrantLock inProcess, FileChannel channel, FileLock lock) implements AutoCloseable {

		@Override
		public void close() throws IOException {
			try {
				lock.release();
				channel.close();
			}
			finally {
				inProcess.unlock();
			}
		}
	}

	/** Writes the key store to a temporary file and moves it in place, so a crash never leaves half a key store. */
	private void save() {
		Path temporary = keyStoreFile.resolveSibling(keyStoreFile.getFileName() + ".new");
		try {
			Files.deleteIfExists(temporary);
			try (OutputStream out = ownerOnlyOutput(temporary)) {
				keyStore.store(out, pass);
			}
			try {
				Files.move(temporary, keyStoreFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, keyStoreFile, StandardCopyOption.REPLACE_EXISTING);
			}
			readStamp = stamp(keyStoreFile);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot save the local key store " + keyStoreFile + ": " + ex.getMessage(),
					ex);
		}
	}

	private static byte[] context(PersonId person) {
		return ("carnet-dek:" + person).getBytes(StandardCharsets.US_ASCII);
	}

	private static SecretKey newAesKey() throws GeneralSecurityException {
		KeyGenerator generator = KeyGenerator.getInstance("AES");
		generator.init(256);
		return generator.generateKey();
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
