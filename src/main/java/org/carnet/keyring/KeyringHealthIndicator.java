package org.carnet.keyring;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.TimedCheck;
import org.carnet.core.Unavailable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether the keyring can unwrap now ({@code keyring} in the readiness group), without touching a person's key: for
 * every jurisdiction whose key-encryption key wraps data keys, a canary data key wrapped for an id that belongs to no
 * person (made once per jurisdiction and process, kept in memory only) is unwrapped by the key service, within
 * {@code carnet.health.timeout}. No person's key is unwrapped, so no access happens and no audit event is written.
 * A canary the key service refuses (its KEK version retired by a rotation) is made again once. The detail
 * {@code keyCache} says whether this replica hears the other replicas' erasures ({@link KeyInvalidations}); it does
 * not change the status, since a replica that does not hear them bypasses its key cache.
 */
@Component
class KeyringHealthIndicator implements HealthIndicator {

	/** How often the jurisdictions in use are looked up again (a grouping over every stored key). */
	private static final Duration JURISDICTIONS_LIFETIME = Duration.ofMinutes(10);

	private final KeyEncryptionKeys keks;

	private final WrappedKeyStore wrappedKeys;

	private final TimedCheck<Integer> unwraps;

	private final KeyInvalidations invalidations;

	/** The id the canaries are wrapped for: random per process, never a person's. */
	private final PersonId canaryOwner = PersonId.random();

	private final Map<Jurisdiction, WrappedKey> canaries = new ConcurrentHashMap<>();

	private volatile List<Jurisdiction> jurisdictions;

	private volatile long jurisdictionsFound;

	KeyringHealthIndicator(KeyEncryptionKeys keks, WrappedKeyStore wrappedKeys, KeyInvalidations invalidations,
			@Value("${carnet.health.timeout:2s}") Duration timeout) {
		this.keks = keks;
		this.invalidations = invalidations;
		this.wrappedKeys = wrappedKeys;
		this.unwraps = new TimedCheck<>("keyring", timeout, this::unwrapCanaries);
	}

	@Override
	public Health health() {
		try {
			int checked = unwraps.run();
			return Health.up()
				.withDetail("jurisdictions", checked)
				.withDetail("keyCache", invalidations.state())
				.build();
		}
		catch (Unavailable ex) {
			return Health.down()
				.withDetail("reason", ex.getMessage())
				.withDetail("keyCache", invalidations.state())
				.build();
		}
	}

	private int unwrapCanaries() {
		List<Jurisdiction> inUse = jurisdictionsInUse();
		for (Jurisdiction jurisdiction : inUse) {
			WrappedKey canary = canaries.computeIfAbsent(jurisdiction, this::newCanary);
			byte[] key;
			try {
				key = keks.unwrap(canary);
			}
			catch (Undecryptable retired) {
				canary = newCanary(jurisdiction);
				canaries.put(jurisdiction, canary);
				key = keks.unwrap(canary);
			}
			Arrays.fill(key, (byte) 0);
		}
		return inUse.size();
	}

	private WrappedKey newCanary(Jurisdiction jurisdiction) {
		return new WrappedKey(canaryOwner, jurisdiction, keks.newWrappedKey(canaryOwner, jurisdiction));
	}

	private List<Jurisdiction> jurisdictionsInUse() {
		List<Jurisdiction> known = jurisdictions;
		if (known == null || known.isEmpty() || System.nanoTime() - jurisdictionsFound > JURISDICTIONS_LIFETIME.toNanos()) {
			known = wrappedKeys.kekUses().stream().map(WrappedKeyStore.KekUse::jurisdiction).distinct().toList();
			jurisdictions = known;
			jurisdictionsFound = System.nanoTime();
		}
		return known;
	}
}
