package org.carnet.keyring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;

/**
 * Keyring figures through the Vault stand-in (not a test: run it by hand in the bench profile, see ops/vault/README.md). Prints unwraps
 * per second for a 50-person list with one transit {@code decrypt} per person and with one {@code batch_input} call,
 * and the cache hit ratio and Vault calls per request for repeated reads of the same persons. The stand-in answers
 * on the loopback interface, so the figures measure the client, HTTP and JSON, not a network or Vault's storage:
 * against a real Vault every call costs a round trip more, which widens the gap between single and batch calls.
 */
public final class KeyringBenchmark {

	private static final Jurisdiction HOME = Jurisdiction.of("GR");

	private static final int LIST = 50;

	private KeyringBenchmark() {
	}

	public static void main(String[] args) {
		int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
		java.util.logging.Logger.getLogger("liquibase").setLevel(java.util.logging.Level.WARNING);
		try (VaultTransitStandIn vault = VaultTransitStandIn.start()) {
			new TransitAdmin(vault.address(), VaultTransitStandIn.ROOT_TOKEN).createKek("transit", "carnet-gr");
			try (VaultKeyEncryptionKeys keyring = VaultKeyEncryptionKeys
				.open(VaultSettings.of(vault.address(), VaultTransitStandIn.ROOT_TOKEN))) {
				List<WrappedKey> keys = new ArrayList<>();
				for (int i = 0; i < LIST; i++) {
					PersonId person = PersonId.random();
					keys.add(new WrappedKey(person, HOME, keyring.newWrappedKey(person, HOME)));
				}
				// Warm-up: JIT, connection pool.
				measure(keyring, keys, rounds / 4, false);
				measure(keyring, keys, rounds / 4, true);

				vault.resetCounters();
				double single = measure(keyring, keys, rounds, false);
				int singleCalls = vault.requests();
				vault.resetCounters();
				double batch = measure(keyring, keys, rounds, true);
				int batchCalls = vault.requests();
				System.out.printf(Locale.ROOT, "%nUnwrap of a %d-person list through the Vault stand-in, %d rounds:%n",
						LIST, rounds);
				System.out.printf(Locale.ROOT, "  one decrypt per person : %,10.0f unwraps/s  (%d Vault calls per list)%n",
						single, singleCalls / rounds);
				System.out.printf(Locale.ROOT, "  batch_input            : %,10.0f unwraps/s  (%d Vault call per list)%n",
						batch, batchCalls / rounds);
				System.out.printf(Locale.ROOT, "  batch / single         : %10.1f x%n", batch / single);

				cache(vault, keyring);
				rewrap(vault, keyring, keys);
			}
		}
		System.exit(0);
	}

	/** Unwraps per second of the whole list, {@code rounds} times. */
	private static double measure(VaultKeyEncryptionKeys keyring, List<WrappedKey> keys, int rounds, boolean batch) {
		long started = System.nanoTime();
		for (int round = 0; round < rounds; round++) {
			if (batch) {
				Unwrapped unwrapped = keyring.unwrapAll(keys);
				if (unwrapped.keys().size() != keys.size()) {
					throw new IllegalStateException("batch unwrap lost keys");
				}
			}
			else {
				for (WrappedKey key : keys) {
					keyring.unwrap(key);
				}
			}
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		return rounds * (double) keys.size() / seconds;
	}

	/** Repeated reads through {@link PersonKeys}: how many reach Vault once the cache is warm. */
	private static void cache(VaultTransitStandIn vault, VaultKeyEncryptionKeys keyring) {
		KeyringDatabase.clear();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		PersonKeys personKeys = new PersonKeys(keyring, new WrappedKeyStore(KeyringDatabase.jdbc()),
				KeyringDatabase.invalidations(),
				new KeyCacheSettings(Duration.ofMinutes(5), 10_000), meters);
		List<PersonId> persons = new ArrayList<>();
		for (int i = 0; i < LIST; i++) {
			PersonId person = PersonId.random();
			personKeys.create(person, HOME);
			persons.add(person);
		}
		PersonId one = persons.get(0);
		int reads = 1_000;

		vault.resetCounters();
		personKeys.cipher(one); // the cold read
		int coldCalls = vault.requests();
		vault.resetCounters();
		for (int i = 0; i < reads; i++) {
			personKeys.cipher(one);
		}
		int warmCalls = vault.requests();
		personKeys.ciphers(persons); // 49 misses, one batch
		int listCalls = vault.requests() - warmCalls;
		vault.resetCounters();
		for (int i = 0; i < 100; i++) {
			personKeys.ciphers(persons);
		}
		int warmListCalls = vault.requests();

		System.out.printf(Locale.ROOT, "%nRepeated reads through PersonKeys (cache of unwrapped keys, ttl 5 min):%n");
		System.out.printf(Locale.ROOT, "  first read of a person             : %d Vault call%n", coldCalls);
		System.out.printf(Locale.ROOT, "  %,d further reads of that person : %d Vault calls (%.3f per request)%n",
				reads, warmCalls, warmCalls / (double) reads);
		System.out.printf(Locale.ROOT, "  first read of the %d-person list  : %d Vault call (its %d cache misses, batched)%n",
				LIST, listCalls, LIST - 1);
		System.out.printf(Locale.ROOT, "  100 further reads of the list      : %d Vault calls%n", warmListCalls);
		System.out.printf(Locale.ROOT, "  cache hit ratio over all reads     : %.4f%n", meters.get("carnet.keyring.cache.hit.ratio").gauge().value());
	}

	/** Rewrap throughput in batches of 250, as a rotation runs it (without the database). */
	private static void rewrap(VaultTransitStandIn vault, VaultKeyEncryptionKeys keyring, List<WrappedKey> sample) {
		List<WrappedKey> keys = new ArrayList<>();
		while (keys.size() < 250) {
			keys.addAll(sample);
		}
		keys = keys.subList(0, 250);
		keyring.rotate(HOME);
		int rounds = 40;
		long started = System.nanoTime();
		for (int i = 0; i < rounds; i++) {
			keyring.rewrapAll(HOME, keys);
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		System.out.printf(Locale.ROOT, "%nRewrap (KEK rotation), batches of 250: %,.0f keys/s%n",
				rounds * 250 / seconds);
	}
}
