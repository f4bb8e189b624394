package org.carnet.keyring;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.carnet.core.Jurisdiction;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Persons' data keys through {@link PersonKeys} with Vault (the stand-in) and PostgreSQL: what is stored, how many
 * calls reach Vault, and what erasure (shredding) does and does not guarantee at the keyring's level.
 */
class PersonKeysIntegrationTests {

	static final Jurisdiction GREECE = Jurisdiction.of("GR");

	static VaultTransitStandIn vault;

	static VaultKeyEncryptionKeys keyring;

	PersonKeys personKeys;

	@BeforeAll
	static void startVault() {
		vault = VaultTransitStandIn.start();
		TransitAdmin admin = new TransitAdmin(vault.address(), VaultTransitStandIn.ROOT_TOKEN);
		admin.createKek("transit", "carnet-gr");
		admin.createKek("transit", "carnet-cy");
		keyring = VaultKeyEncryptionKeys.open(VaultSettings.of(vault.address(), VaultTransitStandIn.ROOT_TOKEN));
	}

	@AfterAll
	static void stopVault() {
		keyring.close();
		vault.close();
	}

	@BeforeEach
	void freshKeys() {
		KeyringDatabase.clear();
		personKeys = new PersonKeys(keyring, new WrappedKeyStore(KeyringDatabase.jdbc()), KeyringDatabase.invalidations(),
				new KeyCacheSettings(Duration.ofMinutes(5), 10_000), new SimpleMeterRegistry());
	}

	@Test
	void onlyTheWrappedKeyIsStoredAndItIsBoundToItsKekVersion() {
		PersonId person = PersonId.random();
		personKeys.create(person, GREECE);
		byte[] ciphertext = personKeys.cipher(person).encrypt(aad(person), "penicillin".getBytes(StandardCharsets.UTF_8));

		Map<String, Object> row = KeyringDatabase.jdbc()
			.sql("select wrapped_key, kek_version, jurisdiction from person_keys where person_id = ?")
			.param(person.value())
			.query()
			.singleRow();

		assertThat((String) row.get("wrapped_key")).startsWith("vault:v1:");
		assertThat(row.get("kek_version")).isEqualTo(1);
		assertThat(row.get("jurisdiction")).isEqualTo("GR");
		personKeys.evictAll();
		assertThat(new String(personKeys.cipher(person).decrypt(aad(person), ciphertext), StandardCharsets.UTF_8))
			.isEqualTo("penicillin");
	}

	@Test
	void fiftyPersonsAreUnwrappedInOneVaultCallAndAWarmCacheMakesNone() {
		List<PersonId> persons = register(50);
		personKeys.evictAll();
		vault.resetCounters();

		personKeys.ciphers(persons);
		int afterFirstRead = vault.requests();
		personKeys.ciphers(persons);
		personKeys.cipher(persons.get(0));

		assertThat(afterFirstRead).isEqualTo(1);
		assertThat(vault.requests("decrypt-batch")).isEqualTo(1);
		assertThat(vault.requests("decrypt-items")).isEqualTo(50);
		assertThat(vault.requests()).isEqualTo(1);
	}

	@Test
	void aPersonWithoutAKeyIsNotFoundAndNothingIsAskedOfVault() {
		vault.resetCounters();

		assertThatThrownBy(() -> personKeys.cipher(PersonId.random())).isInstanceOf(NotFound.class);
		assertThat(vault.requests()).isZero();
	}

	@Test
	void aKeyMovedToAnotherPersonsRowIsRefusedWhileTheOthersInTheListStillDecrypt() {
		List<PersonId> persons = register(3);
		PersonId intruder = PersonId.random();
		String stolen = KeyringDatabase.jdbc()
			.sql("select wrapped_key from person_keys where person_id = ?")
			.param(persons.get(0).value())
			.query(String.class)
			.single();
		KeyringDatabase.jdbc()
			.sql("insert into person_keys (person_id, jurisdiction, wrapped_key, kek_version, created_at) "
					+ "values (?, 'GR', ?, 1, now())")
			.params(intruder.value(), stolen)
			.update();
		personKeys.evictAll();
		List<PersonId> all = new ArrayList<>(persons);
		all.add(intruder);

		assertThatThrownBy(() -> personKeys.ciphers(all)).isInstanceOf(Undecryptable.class)
			.hasMessageContaining(intruder.toString());
		vault.resetCounters();
		assertThat(personKeys.ciphers(persons)).hasSize(3);
		assertThat(vault.requests()).as("the keys that did unwrap were cached").isZero();
	}

	@Test
	void afterShreddingThePersonsDataCannotBeDecryptedThroughTheKeyring() {
		PersonId person = PersonId.random();
		personKeys.create(person, GREECE);
		personKeys.cipher(person); // cached

		personKeys.shred(person);

		assertThatThrownBy(() -> personKeys.cipher(person)).isInstanceOf(NotFound.class);
		assertThat(KeyringDatabase.jdbc()
			.sql("select count(*) from person_keys where person_id = ?")
			.param(person.value())
			.query(Long.class)
			.single()).isZero();
	}

	/**
	 * Shredding deletes the wrapped key; it does not destroy the KEK, which other persons share. A backup's copy of
	 * the wrapped key therefore stays unwrappable until the KEK version that wrapped it is retired: rotate, rewrap
	 * the living, raise the minimum decryption version (ops/vault/README.md, "Erasure and backups").
	 */
	@Test
	void aBackupCopyOfAShreddedKeyIsUselessOnceItsKekVersionIsRetired() {
		PersonId erased = PersonId.random();
		PersonId living = PersonId.random();
		personKeys.create(erased, Jurisdiction.of("CY"));
		personKeys.create(living, Jurisdiction.of("CY"));
		byte[] record = personKeys.cipher(erased).encrypt(aad(erased), "HIV screening".getBytes(StandardCharsets.UTF_8));
		WrappedKey backup = new WrappedKeyStore(KeyringDatabase.jdbc()).find(List.of(erased)).get(0);

		personKeys.shred(erased);
		byte[] stillUnwrappable = keyring.unwrap(backup);
		KeyRotation rotation = new KeyRotation(keyring, new WrappedKeyStore(KeyringDatabase.jdbc()),
				new RotationStore(KeyringDatabase.dataSource()), KeyringDatabase.transactions(), new RotationSettings(100, false));
		rotation.rotate(Jurisdiction.of("CY"), true);

		assertThat(new PersonCipher(erased, stillUnwrappable).decrypt(aad(erased), record))
			.as("before retirement, the backup copy still opens the record: shredding alone is not enough")
			.isNotEmpty();
		assertThatThrownBy(() -> keyring.unwrap(backup)).isInstanceOf(Undecryptable.class);
		personKeys.evictAll();
		assertThat(personKeys.cipher(living)).isNotNull();
	}

	private List<PersonId> register(int count) {
		List<PersonId> persons = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			PersonId person = PersonId.random();
			personKeys.create(person, GREECE);
			persons.add(person);
		}
		return persons;
	}

	static byte[] aad(PersonId person) {
		return ("person:" + person + "/section:allergies/entry:1").getBytes(StandardCharsets.UTF_8);
	}
}
