package org.carnet.keyring;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.carnet.core.Jurisdiction;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * The life cycle of persons' data keys (DEKs): created at registration and stored only wrapped, unwrapped on use
 * through a bounded, expiring cache (one call to the key service on a miss, one batch for a list), shredded on
 * erasure so that whatever remains of the person's data, backups included, cannot be decrypted.
 */
@Service
public class PersonKeys {

	private static final Logger log = LoggerFactory.getLogger(PersonKeys.class);

	private final KeyEncryptionKeys keks;

	private final WrappedKeys wrappedKeys;

	private final Cache<PersonId, byte[]> cache;

	private final LongAdder unwrapCalls = new LongAdder();

	PersonKeys(KeyEncryptionKeys keks, WrappedKeys wrappedKeys, KeyCacheSettings settings) {
		this.keks = keks;
		this.wrappedKeys = wrappedKeys;
		this.cache = Caffeine.newBuilder()
			.maximumSize(settings.maximumSize())
			.expireAfterWrite(settings.ttl())
			.recordStats()
			.build();
		log.info("Keyring: {}", keks.describe());
	}

	/** Creates and stores the wrapped data key of a newly registered person (inside the caller's transaction). */
	public void create(PersonId person, Jurisdiction home) {
		wrappedKeys.insert(new WrappedKey(person, home, keks.newWrappedKey(person, home)));
	}

	/** The cipher of one person, unwrapping their key on a cache miss. */
	public PersonCipher cipher(PersonId person) {
		return ciphers(List.of(person)).get(person);
	}

	/** The ciphers of several persons: one key-store read and one unwrap batch for all cache misses. */
	public Map<PersonId, PersonCipher> ciphers(Collection<PersonId> persons) {
		Map<PersonId, byte[]> keys = new HashMap<>(cache.getAllPresent(persons));
		Set<PersonId> missing = persons.stream().filter(p -> !keys.containsKey(p)).collect(Collectors.toSet());
		if (!missing.isEmpty()) {
			List<WrappedKey> wrapped = wrappedKeys.find(missing);
			if (wrapped.size() < missing.size()) {
				throw new NotFound("No record key exists for a requested person (erased or never registered)");
			}
			unwrapCalls.increment();
			Map<PersonId, byte[]> unwrapped = keks.unwrapAll(wrapped);
			cache.putAll(unwrapped);
			keys.putAll(unwrapped);
		}
		Map<PersonId, PersonCipher> ciphers = new HashMap<>();
		keys.forEach((person, key) -> ciphers.put(person, new PersonCipher(person, key)));
		return ciphers;
	}

	/** Destroys the person's data key (crypto-shredding), inside the caller's transaction. */
	public void shred(PersonId person) {
		wrappedKeys.delete(person);
		cache.invalidate(person);
	}

	/** Calls to the key service to unwrap, since start; for benchmarks and operators. */
	public long unwrapCalls() {
		return unwrapCalls.sum();
	}

	/** Share of key look-ups answered from the cache since start. */
	public double cacheHitRatio() {
		return cache.stats().hitRate();
	}

	/** Forgets every unwrapped key, as after a restart. */
	public void evictAll() {
		cache.invalidateAll();
	}

	static byte[] randomKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return key;
	}
}
