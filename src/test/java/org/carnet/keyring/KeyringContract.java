package org.carnet.keyring;

import java.util.ArrayList;
import java.util.List;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every keyring must do, whatever keeps its key-encryption keys: run against the local key store, the Vault
 * stand-in and (when configured) a real Vault or OpenBao. Each test uses its own jurisdiction where it changes KEK
 * versions, so that the tests do not depend on each other's order.
 */
abstract class KeyringContract {

	static final Jurisdiction HOME = Jurisdiction.of("GR");

	static final Jurisdiction ROTATED = Jurisdiction.of("PT");

	static final Jurisdiction RETIRED = Jurisdiction.of("CY");

	/** The keyring under test, with KEKs for {@link #HOME}, {@link #ROTATED} and {@link #RETIRED}. */
	abstract KeyEncryptionKeys keyring();

	@Test
	void aCreatedKeyUnwrapsToTheSameDataKeyEveryTime() {
		PersonId person = PersonId.random();
		WrappedKey key = create(person, HOME);

		byte[] first = keyring().unwrap(key);
		byte[] second = keyring().unwrap(key);

		assertThat(first).hasSize(32).isEqualTo(second);
		assertThat(key.wrapped()).doesNotContain(java.util.Base64.getEncoder().encodeToString(first));
	}

	@Test
	void everyPersonGetsTheirOwnDataKey() {
		byte[] one = keyring().unwrap(create(PersonId.random(), HOME));
		byte[] other = keyring().unwrap(create(PersonId.random(), HOME));

		assertThat(one).isNotEqualTo(other);
	}

	@Test
	void aWrappedKeyCopiedToAnotherPersonFailsToUnwrap() {
		WrappedKey victim = create(PersonId.random(), HOME);
		WrappedKey copied = new WrappedKey(PersonId.random(), HOME, victim.wrapped());

		assertThatThrownBy(() -> keyring().unwrap(copied)).isInstanceOf(Undecryptable.class)
			.hasMessageContaining(copied.person().toString());
	}

	@Test
	void aTamperedWrappedKeyFailsToUnwrap() {
		WrappedKey key = create(PersonId.random(), HOME);
		WrappedKey tampered = new WrappedKey(key.person(), HOME, flipOneBit(key.wrapped()));

		assertThatThrownBy(() -> keyring().unwrap(tampered)).isInstanceOf(Undecryptable.class);
	}

	@Test
	void aBatchOfFiftyPersonsUnwrapsToTheirOwnKeys() {
		List<WrappedKey> keys = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			keys.add(create(PersonId.random(), HOME));
		}

		Unwrapped unwrapped = keyring().unwrapAll(keys);

		assertThat(unwrapped.refused()).isEmpty();
		assertThat(unwrapped.keys()).hasSize(50);
		for (WrappedKey key : keys.subList(0, 5)) {
			assertThat(unwrapped.keys().get(key.person())).isEqualTo(keyring().unwrap(key));
		}
	}

	@Test
	void aBatchRefusesOnlyTheKeyThatWasMovedAndUnwrapsTheOthers() {
		List<WrappedKey> keys = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			keys.add(create(PersonId.random(), HOME));
		}
		PersonId intruder = PersonId.random();
		keys.add(new WrappedKey(intruder, HOME, keys.get(0).wrapped()));

		Unwrapped unwrapped = keyring().unwrapAll(keys);

		assertThat(unwrapped.keys()).hasSize(5).doesNotContainKey(intruder);
		assertThat(unwrapped.refused()).containsOnlyKeys(intruder);
		for (byte[] dataKey : unwrapped.keys().values()) {
			// The refusal must not carry anyone's data key.
			assertThat(unwrapped.refused().get(intruder).getMessage())
				.doesNotContain(java.util.Base64.getEncoder().encodeToString(dataKey));
		}
	}

	@Test
	void rotationAndRewrapKeepEveryKeyUsable() {
		WrappedKey before = create(PersonId.random(), ROTATED);
		byte[] dataKey = keyring().unwrap(before);
		int oldVersion = before.kekVersion();

		KekVersions rotated = keyring().rotate(ROTATED);
		WrappedKey createdAfter = create(PersonId.random(), ROTATED);
		List<Rewrapped> rewrapped = keyring().rewrapAll(ROTATED, List.of(before));

		assertThat(rotated.latest()).isEqualTo(oldVersion + 1);
		assertThat(createdAfter.kekVersion()).isEqualTo(rotated.latest());
		assertThat(rewrapped).singleElement().satisfies(result -> {
			assertThat(result.succeeded()).isTrue();
			assertThat(result.kekVersion()).isEqualTo(rotated.latest());
			assertThat(keyring().unwrap(new WrappedKey(before.person(), ROTATED, result.wrapped()))).isEqualTo(dataKey);
		});
		// Until the minimum decryption version is raised, the old form still unwraps (reads during a rewrap).
		assertThat(keyring().unwrap(before)).isEqualTo(dataKey);
	}

	@Test
	void afterRaisingTheMinimumDecryptionVersionOldWrappedKeysFail() {
		WrappedKey old = create(PersonId.random(), RETIRED);
		byte[] dataKey = keyring().unwrap(old);
		KekVersions rotated = keyring().rotate(RETIRED);
		Rewrapped current = keyring().rewrapAll(RETIRED, List.of(old)).get(0);

		KekVersions raised = keyring().raiseMinDecryptionVersion(RETIRED, rotated.latest());

		assertThat(raised.minDecryption()).isEqualTo(rotated.latest());
		assertThatThrownBy(() -> keyring().unwrap(old)).isInstanceOf(Undecryptable.class)
			.hasMessageContaining("minimum decryption version");
		assertThat(keyring().unwrap(new WrappedKey(old.person(), RETIRED, current.wrapped()))).isEqualTo(dataKey);
		assertThat(keyring().rewrapAll(RETIRED, List.of(old))).singleElement()
			.satisfies(result -> assertThat(result.succeeded()).isFalse());
	}

	WrappedKey create(PersonId person, Jurisdiction home) {
		return new WrappedKey(person, home, keyring().newWrappedKey(person, home));
	}

	/** The same wrapped key with one bit of its encrypted part changed. */
	static String flipOneBit(String wrapped) {
		int body = wrapped.lastIndexOf(':') + 1;
		byte[] sealed = java.util.Base64.getDecoder().decode(wrapped.substring(body));
		sealed[sealed.length / 2] ^= 0x01;
		return wrapped.substring(0, body) + java.util.Base64.getEncoder().encodeToString(sealed);
	}
}
