package org.carnet.keyring;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.carnet.core.Jurisdiction;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * The life cycle of persons' data keys (DEKs): created at registration and stored only wrapped, unwrapped on use
 * through a bounded, expiring cache (one call to the key service on a miss, one batch for a list), shredded on
 * erasure.
 * <p>
 * What shredding guarantees: after {@link #shred} the wrapped key is gone from {@code person_keys} and from this
 * instance's cache, so Carnet can no longer decrypt the person's data. A copy of the wrapped key kept elsewhere (a
 * database backup taken before the erasure) is still unwrappable by the KEK version that wrapped it, in Vault as in
 * the local key store: the copy becomes useless only once that KEK version can no longer decrypt, that is after a
 * {@link KeyRotation} of the jurisdiction with the minimum decryption version raised (and, in Vault, the old
 * versions trimmed by an operator).
 * <p>
 * Replicas: a shredding is announced to every replica in the erasure's transaction ({@link KeyInvalidations}), and
 * each forgets the key as soon as it is committed. A replica that cannot hear announcements bypasses its cache until
 * it hears them again (fail closed); a key deleted without an announcement (an older version's replica during a
 * rolling upgrade, a row deleted by hand) is served at most for the cache's {@code ttl}.
 */
@Service
public class PersonKeys {

	private static final Logger log = LoggerFactory.getLogger(PersonKeys.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final KeyEncryptionKeys keks;

	private final WrappedKeyStore wrappedKeys;

	private final Cache<PersonId, byte[]> cache;

	private final KeyringMeters meters;

	private final KeyInvalidations invalidations;

	@Autowired
	PersonKeys(KeyEncryptionKeys keks, WrappedKeyStore wrappedKeys, KeyInvalidations invalidations,
			KeyCacheSettings settings, MeterRegistry registry) {
		this(keks, wrappedKeys, invalidations, settings, Ticker.systemTicker(), registry);
	}

	/** With the clock of the cache given, so that tests can let entries expire without waiting. */
	PersonKeys(KeyEncryptionKeys keks, WrappedKeyStore wrappedKeys, KeyInvalidations invalidations,
			KeyCacheSettings settings, Ticker ticker, MeterRegistry registry) {
		this.keks = keks;
		this.wrappedKeys = wrappedKeys;
		this.invalidations = invalidations;
		this.cache = Caffeine.newBuilder()
			.maximumSize(settings.maximumSize())
			.expireAfterWrite(settings.ttl())
			.ticker(ticker)
			.recordStats()
			.build();
		this.meters = new KeyringMeters(registry, cache);
		invalidations.subscribe(new KeyInvalidations.Subscriber() {

			@Override
			public void forget(PersonId person) {
				cache.invalidate(person);
			}

			@Override
			public void forgetAll() {
				cache.invalidateAll();
			}
		});
		log.info("Keyring: {}; unwrapped keys are cached for {} at most", keks.describe(), settings.ttl());
	}

	/** Creates and stores the wrapped data key of a newly registered person (inside the caller's transaction). */
	public void create(PersonId person, Jurisdiction home) {
		String wrapped;
		try {
			wrapped = keks.newWrappedKey(person, home);
		}
		catch (RuntimeException ex) {
			meters.called("wrap", ex);
			throw ex;
		}
		meters.called("wrap", null);
		wrappedKeys.insert(new WrappedKey(person, home, wrapped));
	}

	/** The cipher of one person, unwrapping their key on a cache miss. */
	public PersonCipher cipher(PersonId person) {
		return ciphers(List.of(person)).get(person);
	}

	/**
	 * The ciphers of several persons: one key-store read and one unwrap batch (per {@link KeyEncryptionKeys#batchLimit}
	 * keys) for all cache misses. Fails with {@link NotFound} when a person has no key (erased or never registered),
	 * {@link Undecryptable} when a stored key is refused, {@link KeyringUnavailable} when the key service cannot
	 * answer; the keys that did unwrap are cached all the same.
	 */
	public Map<PersonId, PersonCipher> ciphers(Collection<PersonId> persons) {
		Set<PersonId> wanted = new LinkedHashSet<>(persons);
		// read before the key store: a key read while an invalidation came in is served once, not cached
		long generation = invalidations.generation();
		boolean cached = invalidations.trusted();
		Map<PersonId, byte[]> keys = cached ? new HashMap<>(cache.getAllPresent(wanted)) : new HashMap<>();
		List<PersonId> missing = wanted.stream().filter(p -> !keys.containsKey(p)).toList();
		if (!missing.isEmpty()) {
			List<WrappedKey> wrapped = wrappedKeys.find(missing);
			if (wrapped.size() < missing.size()) {
				throw new NotFound("No record key exists for a requested person (erased or never registered)");
			}
			Map<PersonId, Undecryptable> refused = new LinkedHashMap<>();
			for (List<WrappedKey> batch : batches(wrapped, keks.batchLimit())) {
				Unwrapped unwrapped;
				try {
					unwrapped = keks.unwrapAll(batch);
				}
				catch (RuntimeException ex) {
					meters.called("unwrap", ex);
					throw ex;
				}
				meters.called("unwrap", null);
				if (cached && invalidations.generation() == generation && invalidations.trusted()) {
					cache.putAll(unwrapped.keys());
				}
				keys.putAll(unwrapped.keys());
				refused.putAll(unwrapped.refused());
			}
			if (refused.size() == 1) {
				throw refused.values().iterator().next();
			}
			if (!refused.isEmpty()) {
				throw new Undecryptable("The stored data keys of " + refused.size() + " persons were refused: "
						+ refused.keySet(), refused.values().iterator().next());
			}
		}
		Map<PersonId, PersonCipher> ciphers = new HashMap<>();
		keys.forEach((person, key) -> ciphers.put(person, new PersonCipher(person, key)));
		return ciphers;
	}

	/**
	 * Destroys the person's data key (crypto-shredding), inside the caller's transaction, and tells every replica to
	 * forget it once that transaction commits.
	 */
	public void shred(PersonId person) {
		wrappedKeys.delete(person);
		cache.invalidate(person);
		// this replica hears it too: a read that loaded the key before the commit may have cached it again
		invalidations.announce(person);
	}

	/** Forgets every unwrapped key, as after a restart. */
	public void evictAll() {
		cache.invalidateAll();
	}

	static byte[] randomKey() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return key;
	}

	private static <T> List<List<T>> batches(List<T> items, int size) {
		List<List<T>> batches = new ArrayList<>();
		for (int from = 0; from < items.size(); from += size) {
			batches.add(items.subList(from, Math.min(items.size(), from + size)));
		}
		return batches;
	}

	/**
	 * The keyring's meters: {@code carnet.keyring.calls} (operation {@code wrap} or {@code unwrap}, outcome) counts
	 * calls to the key service (an unwrap call carries a batch of keys); Micrometer's cache meters
	 * ({@code cache.gets} with result hit or miss, {@code cache.size}, ...) with {@code cache=person-keys} and
	 * {@code carnet.keyring.cache.hit.ratio} tell how often a key came from the cache.
	 */
	private static final class KeyringMeters {

		private final MeterRegistry registry;

		KeyringMeters(MeterRegistry registry, Cache<PersonId, byte[]> cache) {
			this.registry = registry;
			CaffeineCacheMetrics.monitor(registry, cache, "person-keys");
			Gauge.builder("carnet.keyring.cache.hit.ratio", cache, keys -> keys.stats().hitRate())
				.description("Share of data-key look-ups answered from the cache since start")
				.register(registry);
		}

		void called(String operation, RuntimeException failure) {
			String outcome = failure == null ? "success"
					: failure instanceof KeyringUnavailable ? "unavailable"
							: failure instanceof Undecryptable ? "refused" : "error";
			Counter.builder("carnet.keyring.calls")
				.description("Calls to the key service (an unwrap call carries a batch of keys)")
				.tag("operation", operation)
				.tag("outcome", outcome)
				.register(registry)
				.increment();
		}
	}
}
