package org.carnet.keyring;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keyring's readiness check against the Vault transit stand-in: UP while Vault unwraps, DOWN within the check's
 * deadline when it is sealed or does not answer, and never by unwrapping a person's key (only a canary of its own).
 */
class KeyringHealthIntegrationTests {

	static final Jurisdiction GREECE = Jurisdiction.of("GR");

	static final Duration DEADLINE = Duration.ofSeconds(2);

	static VaultTransitStandIn vault;

	static VaultKeyEncryptionKeys keyring;

	KeyringHealthIndicator indicator;

	PersonKeys personKeys;

	@BeforeAll
	static void startVault() {
		vault = VaultTransitStandIn.start();
		new TransitAdmin(vault.address(), VaultTransitStandIn.ROOT_TOKEN).createKek("transit", "carnet-gr");
		keyring = VaultKeyEncryptionKeys.open(VaultSettings.of(vault.address(), VaultTransitStandIn.ROOT_TOKEN));
	}

	@AfterAll
	static void stopVault() {
		keyring.close();
		vault.close();
	}

	@BeforeEach
	void aPersonWithAKeyInGreece() {
		vault.unseal();
		vault.latency(Duration.ZERO);
		KeyringDatabase.clear();
		WrappedKeyStore wrappedKeys = new WrappedKeyStore(KeyringDatabase.jdbc());
		personKeys = new PersonKeys(keyring, wrappedKeys, KeyringDatabase.invalidations(),
				new KeyCacheSettings(Duration.ofMinutes(5), 100), new SimpleMeterRegistry());
		personKeys.create(PersonId.random(), GREECE);
		indicator = new KeyringHealthIndicator(keyring, wrappedKeys, KeyringDatabase.invalidations(), DEADLINE);
	}

	@AfterEach
	void vaultIsUpAgain() {
		vault.unseal();
		vault.latency(Duration.ZERO);
	}

	@Test
	void upWhileVaultUnwrapsTheCanaryOfEachJurisdictionInUse() {
		indicator.health();
		vault.resetCounters();

		Health health = indicator.health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("jurisdictions", 1);
		// one request per probe, the canary's decrypt: no new key, no person's key
		assertThat(vault.requests()).isEqualTo(1);
		assertThat(vault.requests("decrypt")).isEqualTo(1);
	}

	@Test
	void downWhileVaultIsSealed() {
		indicator.health();
		vault.seal();

		long started = System.nanoTime();
		Health health = indicator.health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(millisSince(started)).isLessThan(DEADLINE.toMillis() + 500);
		vault.unseal();
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void downWithinTheDeadlineWhenVaultDoesNotAnswer() {
		indicator.health();
		vault.latency(Duration.ofSeconds(5));

		long started = System.nanoTime();
		Health health = indicator.health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(millisSince(started)).isLessThan(DEADLINE.toMillis() + 500);
	}

	private static long millisSince(long started) {
		return (System.nanoTime() - started) / 1_000_000;
	}
}
