package org.carnet.keyring;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.carnet.core.PersonId;

/**
 * Encrypts and decrypts one person's data with their data key (AES-256-GCM). The associated data given by the
 * caller binds a ciphertext to its place (person, section, entry), so a ciphertext moved elsewhere fails to decrypt.
 * Format: version byte, 12-byte nonce, ciphertext with 16-byte tag.
 */
public final class PersonCipher {

	private static final byte VERSION = 1;

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	/**
	 * One decrypting cipher per thread, re-initialised for each entry: looking a cipher up costs more than decrypting
	 * an entry, and the AES key schedule is kept while the key stays the same (a record's entries follow each other).
	 */
	private static final ThreadLocal<Cipher> DECRYPTING = ThreadLocal.withInitial(() -> {
		try {
			return Cipher.getInstance("AES/GCM/NoPadding");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	});

	private final PersonId person;

	private final SecretKey key;

	PersonCipher(PersonId person, byte[] dataKey) {
		this.person = person;
		this.key = new SecretKeySpec(dataKey, "AES");
	}

	public PersonId person() {
		return person;
	}

	public byte[] encrypt(byte[] associatedData, byte[] plaintext) {
		byte[] nonce = new byte[NONCE_BYTES];
		RANDOM.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(associatedData);
			byte[] sealed = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/**
	 * A keyed pseudonym of the person for one use, named by {@code label}: HMAC-SHA256 of the person id under a key
	 * derived from the data key by HKDF-SHA256 (RFC 5869, no salt, {@code label} as info), as 64 lowercase hex digits.
	 * The same person and label always give the same pseudonym while the data key exists; once it is shredded, nothing
	 * can compute it again, and without the data key nothing links it to the person. Different labels give unrelated
	 * pseudonyms; the data key itself never leaves this class.
	 */
	public String pseudonym(String label) {
		try {
			byte[] derived = hkdfSha256(key.getEncoded(), label.getBytes(StandardCharsets.UTF_8));
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(derived, "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(person.toString().getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	/** HKDF-SHA256 with an empty salt, one block (32 bytes) of output. */
	static byte[] hkdfSha256(byte[] inputKey, byte[] info) throws GeneralSecurityException {
		Mac extract = Mac.getInstance("HmacSHA256");
		extract.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
		byte[] pseudorandomKey = extract.doFinal(inputKey);
		Mac expand = Mac.getInstance("HmacSHA256");
		expand.init(new SecretKeySpec(pseudorandomKey, "HmacSHA256"));
		expand.update(info);
		expand.update((byte) 1);
		return expand.doFinal();
	}

	public byte[] decrypt(byte[] associatedData, byte[] ciphertext) {
		if (ciphertext == null || ciphertext.length < 1 + NONCE_BYTES + TAG_BITS / 8 || ciphertext[0] != VERSION) {
			throw new Undecryptable("Stored data of person " + person + " is not in a known encrypted format", null);
		}
		try {
			Cipher cipher = DECRYPTING.get();
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 1, NONCE_BYTES));
			cipher.updateAAD(associatedData);
			return cipher.doFinal(ciphertext, 1 + NONCE_BYTES, ciphertext.length - 1 - NONCE_BYTES);
		}
		catch (javax.crypto.AEADBadTagException ex) {
			throw new Undecryptable("Stored data of person " + person
					+ " failed its integrity check: it was altered or belongs to another record", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}
}
