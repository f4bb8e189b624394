package org.carnet.consent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.carnet.core.DataDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Hashes share codes with HMAC-SHA-256 under a secret "pepper" kept outside the database. A code has only about 44
 * bits, so a plain hash in a stolen database dump could be reversed by trying every code; without the pepper the
 * dump reveals nothing. The hash is deterministic, so a code is found by an index look-up.
 */
@Component
class ShareCodeHasher {

	private static final Logger log = LoggerFactory.getLogger(ShareCodeHasher.class);

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	@Autowired
	ShareCodeHasher(ShareCodeSettings settings, DataDirectory dataDirectory) {
		this(settings.pepper() != null && !settings.pepper().isBlank() ? configured(settings.pepper())
				: stored(dataDirectory.resolve("consent").resolve("share-code-pepper")));
	}

	ShareCodeHasher(byte[] pepper) {
		this.key = new SecretKeySpec(pepper, ALGORITHM);
	}

	byte[] hash(String compactCode) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			return mac.doFinal(("carnet-share-code:" + compactCode).getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA-256 is not available", ex);
		}
	}

	private static byte[] configured(String base64) {
		byte[] pepper;
		try {
			pepper = Base64.getDecoder().decode(base64.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("carnet.share-codes.pepper is not base64");
		}
		if (pepper.length < 32) {
			throw new IllegalStateException("carnet.share-codes.pepper must hold at least 32 bytes (base64 of 32 "
					+ "random bytes, e.g. `openssl rand -base64 32`)");
		}
		return pepper;
	}

	/** The pepper kept under the data directory, created on first start (readable by the owner only). */
	private static byte[] stored(Path file) {
		try {
			if (!Files.exists(file)) {
				Files.createDirectories(file.getParent());
				byte[] fresh = new byte[32];
				new SecureRandom().nextBytes(fresh);
				try {
					Files.writeString(file, Base64.getEncoder().encodeToString(fresh),
							StandardOpenOption.CREATE_NEW);
					restrict(file);
					log.warn("Share codes are hashed with a pepper kept in {}; with several replicas set "
							+ "carnet.share-codes.pepper instead", file);
				}
				catch (FileAlreadyExistsException raced) {
					// another start created it first; use theirs
				}
			}
			return configured(Files.readString(file));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read or create the share-code pepper " + file + ": "
					+ ex.getMessage(), ex);
		}
	}

	private static void restrict(Path file) throws IOException {
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system (Windows): the data directory's own protection applies
		}
	}
}
