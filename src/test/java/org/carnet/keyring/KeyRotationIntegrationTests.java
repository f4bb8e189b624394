package org.carnet.keyring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.carnet.core.BadInput;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.testing.ExpectedErrorLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rotating a jurisdiction's KEK and rewrapping every data key under the new version: over thousands of persons,
 * killed half-way and resumed, with the progress queryable, and with reads working throughout.
 */
class KeyRotationIntegrationTests {

	static final int PERSONS = 5_000;

	static final int BATCH = 250;

	static VaultTransitStandIn vault;

	static VaultKeyEncryptionKeys keyring;

	@BeforeAll
	static void startVault() {
		vault = VaultTransitStandIn.start();
		TransitAdmin admin = new TransitAdmin(vault.address(), VaultTransitStandIn.ROOT_TOKEN);
		for (String country : new String[] { "gr", "pt", "es", "cy", "fr", "it" }) {
			admin.createKek("transit", "carnet-" + country);
		}
		// these tests are about completeness over thousands of persons, not about Vault's deadline (which
		// VaultOutageIntegrationTests checks): a batch of 250 unwraps may take more than the default 1 s on a busy
		// two-core build machine
		keyring = VaultKeyEncryptionKeys.open(VaultSettings.of(vault.address(), VaultTransitStandIn.ROOT_TOKEN)
			.withReadTimeout(Duration.ofSeconds(10)));
	}

	@AfterAll
	static void stopVault() {
		keyring.close();
		vault.close();
	}

	@BeforeEach
	void emptyTables() {
		vault.unseal();
		vault.latency(Duration.ZERO);
		KeyringDatabase.clear();
	}

	@Test
	void rotationOverFiveThousandPersonsCompletesAndEveryKeyStillUnwrapsToTheSameKey() {
		Jurisdiction greece = Jurisdiction.of("GR");
		List<PersonId> persons = register(keyring, greece, PERSONS);
		Map<PersonId, byte[]> probes = sealProbes(keyring, persons);

		RotationStatus status = rotation(keyring).rotate(greece, true);

		assertThat(status.state()).isEqualTo(RotationStatus.State.COMPLETED);
		assertThat(status.kekVersion()).isEqualTo(2);
		assertThat(status.total()).isEqualTo(PERSONS);
		assertThat(status.done()).isEqualTo(PERSONS);
		assertThat(status.rewrapped()).isEqualTo(PERSONS);
		assertThat(status.failed()).isZero();
		assertThat(status.ratePerSecond()).isPositive();
		assertThat(status.minDecryptionVersion()).isEqualTo(2);
		assertThat(status.finishedAt()).isNotNull();
		assertThat(versionsInTable(greece)).containsOnlyKeys(2);
		assertThat(keyring.versions(greece).minDecryption()).isEqualTo(2);
		assertSameKeys(keyring, probes); // every key unwraps, to the same data key
	}

	@Test
	@ExpectedErrorLogs("Vault goes down half way")
	void aRotationKilledHalfWayKeepsReadsWorkingAndResumesWhereItStopped() {
		Jurisdiction portugal = Jurisdiction.of("PT");
		List<PersonId> persons = register(keyring, portugal, PERSONS);
		Map<PersonId, byte[]> probes = sealProbes(keyring, persons);
		vault.sealAfter("rewrap", 10); // Vault goes down after ten batches.

		assertThatThrownBy(() -> rotation(keyring).rotate(portugal, true)).isInstanceOf(KeyringUnavailable.class);
		RotationStatus interrupted = rotation(keyring).status(portugal).orElseThrow();
		vault.unseal();

		assertThat(interrupted.state()).isEqualTo(RotationStatus.State.RUNNING);
		assertThat(interrupted.done()).isEqualTo(10 * BATCH);
		assertThat(interrupted.total()).isEqualTo(PERSONS);
		assertThat(interrupted.lastPerson()).isNotNull();
		assertThat(versionsInTable(portugal)).containsEntry(1, (long) PERSONS - 10 * BATCH)
			.containsEntry(2, 10L * BATCH);
		assertSameKeys(keyring, probes); // old and new versions both unwrap while the rewrap is halted

		vault.resetCounters();
		RotationStatus resumed = rotation(keyring).rotate(portugal, true); // as after a restart: new instances

		assertThat(resumed.state()).isEqualTo(RotationStatus.State.COMPLETED);
		assertThat(resumed.kekVersion()).as("resuming does not rotate again").isEqualTo(2);
		assertThat(keyring.versions(portugal).latest()).isEqualTo(2);
		assertThat(vault.requests("rotate")).isZero();
		assertThat(vault.requests("rewrap-items")).as("only the keys not yet rewrapped")
			.isEqualTo(PERSONS - 10 * BATCH);
		assertThat(resumed.done()).isEqualTo(PERSONS);
		assertThat(versionsInTable(portugal)).containsOnlyKeys(2);
		assertSameKeys(keyring, probes);
	}

	@Test
	void theProgressOfABackgroundRotationCanBeFollowedWhileReadsGoOn() throws InterruptedException {
		Jurisdiction spain = Jurisdiction.of("ES");
		List<PersonId> persons = register(keyring, spain, 600);
		Map<PersonId, byte[]> probes = sealProbes(keyring, persons);
		vault.latency(Duration.ofMillis(40));
		KeyRotation rotation = new KeyRotation(keyring, new WrappedKeyStore(KeyringDatabase.jdbc()),
				new RotationStore(KeyringDatabase.dataSource()), KeyringDatabase.transactions(), new RotationSettings(50, false));

		RotationStatus started = rotation.start(spain, false);
		List<RotationStatus> seen = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		RotationStatus current = started;
		while (current.state() == RotationStatus.State.RUNNING && System.nanoTime() < deadline) {
			Thread.sleep(50);
			current = rotation.status(spain).orElseThrow();
			seen.add(current);
			assertSameKeys(keyring, probes); // reads with a cold cache while the rewrap runs
		}
		rotation.destroy();

		assertThat(started.state()).isEqualTo(RotationStatus.State.RUNNING);
		assertThat(started.total()).isEqualTo(600);
		assertThat(current.state()).isEqualTo(RotationStatus.State.COMPLETED);
		assertThat(current.minDecryptionVersion()).as("not asked for").isNull();
		assertThat(keyring.versions(spain).minDecryption()).isEqualTo(1);
		assertThat(seen).extracting(RotationStatus::done).isSorted();
		assertThat(seen).anySatisfy(status -> assertThat(status.done()).isBetween(1L, 599L));
	}

	@Test
	void twoInstancesAskedToRotateTheSameKekRotateItOnceAndRewrapEachKeyOnce() throws Exception {
		Jurisdiction italy = Jurisdiction.of("IT");
		List<PersonId> persons = register(keyring, italy, 400);
		Map<PersonId, byte[]> probes = sealProbes(keyring, persons);
		int before = keyring.versions(italy).latest();
		vault.latency(Duration.ofMillis(20));
		vault.resetCounters();
		KeyRotation replicaA = new KeyRotation(keyring, new WrappedKeyStore(KeyringDatabase.jdbc()),
				new RotationStore(KeyringDatabase.dataSource()), KeyringDatabase.transactions(),
				new RotationSettings(50, false));
		KeyRotation replicaB = rotation(keyring);

		RotationStatus started = replicaA.start(italy, false);
		RotationStatus current = started;
		try {
			assertThatThrownBy(() -> replicaB.rotate(italy, false)).isInstanceOf(BadInput.class)
				.hasMessageContaining("already running on another instance");
			assertThatThrownBy(() -> replicaB.start(italy, false)).isInstanceOf(BadInput.class)
				.hasMessageContaining("already running on another instance");
			assertThatThrownBy(() -> replicaB.raiseMinDecryptionVersion(italy)).isInstanceOf(BadInput.class);
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (current.state() == RotationStatus.State.RUNNING && System.nanoTime() < deadline) {
				Thread.sleep(50);
				current = replicaB.status(italy).orElseThrow();
			}
		}
		finally {
			replicaA.destroy();
		}
		vault.latency(Duration.ZERO);

		assertThat(started.state()).isEqualTo(RotationStatus.State.RUNNING);
		assertThat(current.state()).isEqualTo(RotationStatus.State.COMPLETED);
		assertThat(keyring.versions(italy).latest()).as("rotated once").isEqualTo(before + 1);
		assertThat(vault.requests("rotate")).isEqualTo(1);
		assertThat(vault.requests("rewrap-items")).as("every key rewrapped once").isEqualTo(persons.size());
		assertThat(versionsInTable(italy)).containsOnlyKeys(before + 1);
		assertSameKeys(keyring, probes);
		// the claim ended with the rotation: the other instance may act on the jurisdiction now
		assertThat(replicaB.raiseMinDecryptionVersion(italy).minDecryptionVersion()).isEqualTo(before + 1);
	}

	@Test
	void aClaimHeldByAProcessThatDiedIsGoneWithItsSession() throws Exception {
		Jurisdiction italy = Jurisdiction.of("IT");
		RotationStore store = new RotationStore(KeyringDatabase.dataSource());
		RotationStore.Claim held = store.claim(italy).orElseThrow();
		Integer pid = KeyringDatabase.jdbc()
			.sql("select pid from pg_locks where locktype = 'advisory' and granted and objsubid = 2 "
					+ "and classid = ? and objid = ?")
			.params(0x4B454B52, 'I' << 16 | 'T')
			.query(Integer.class)
			.single();

		assertThat(store.claim(italy)).as("held by another session").isEmpty();
		// the database ends the holder's session, as it does when the holder's process dies
		KeyringDatabase.jdbc().sql("select pg_terminate_backend(?)").param(pid).query().singleValue();
		Thread.sleep(200);

		try (RotationStore.Claim taken = store.claim(italy).orElseThrow()) {
			assertThat(taken).isNotNull();
		}
		held.close(); // its connection is broken: closing it only drops it
	}

	@Test
	@ExpectedErrorLogs("Vault refuses to rewrap a key")
	void aKeyVaultRefusesIsReportedAndOlderVersionsStayAllowed() {
		Jurisdiction cyprus = Jurisdiction.of("CY");
		List<PersonId> persons = register(keyring, cyprus, 10);
		KeyringDatabase.jdbc()
			.sql("update person_keys set wrapped_key = ? where person_id = ?")
			.params(KeyringContract.flipOneBit(new WrappedKeyStore(KeyringDatabase.jdbc()).find(List.of(persons.get(3)))
				.get(0)
				.wrapped()), persons.get(3).value())
			.update();

		RotationStatus status = rotation(keyring).rotate(cyprus, true);

		assertThat(status.state()).isEqualTo(RotationStatus.State.INCOMPLETE);
		assertThat(status.failed()).isEqualTo(1);
		assertThat(status.rewrapped()).isEqualTo(9);
		assertThat(status.minDecryptionVersion()).isNull();
		assertThat(keyring.versions(cyprus).minDecryption()).isEqualTo(1);
		assertThatThrownBy(() -> rotation(keyring).raiseMinDecryptionVersion(cyprus)).isInstanceOf(BadInput.class)
			.hasMessageContaining("still wrapped by KEK versions older than 2");
	}

	@Test
	@ExpectedErrorLogs("Vault is sealed and a country code is wrong")
	void theCommandLineExitsZeroWhenDoneAndOneWhenVaultStopsItAndToldOfEveryRun() {
		Jurisdiction france = Jurisdiction.of("FR");
		register(keyring, france, 20);
		List<KeyRotationRun> runs = new ArrayList<>();

		vault.seal();
		int whileSealed = new RotationCommand(rotation(keyring), "FR", false, code -> {
		}, runs::add).execute();
		vault.unseal();
		int onceBack = new RotationCommand(rotation(keyring), "fr", true, code -> {
		}, runs::add).execute();
		int badCountry = new RotationCommand(rotation(keyring), "XX", false, code -> {
		}, runs::add).execute();

		assertThat(whileSealed).isEqualTo(RotationCommand.STOPPED);
		assertThat(onceBack).isEqualTo(RotationCommand.COMPLETED);
		assertThat(badCountry).isEqualTo(RotationCommand.STOPPED);
		assertThat(runs).containsExactly(new KeyRotationRun(france, false), new KeyRotationRun(france, true));
		assertThat(rotation(keyring).status(france).orElseThrow().minDecryptionVersion()).isEqualTo(2);
		// a run the ledger cannot record ends as stopped, so that the operator runs it again
		int unrecorded = new RotationCommand(rotation(keyring), "FR", true, code -> {
		}, run -> {
			throw new org.carnet.core.Unavailable("The audit log is unavailable", null);
		}).execute();
		assertThat(unrecorded).isEqualTo(RotationCommand.STOPPED);
	}

	@Test
	void theLocalKeyringRotatesAndRewrapsTheSameWay(@TempDir Path directory) {
		LocalKeyEncryptionKeys local = LocalKeyEncryptionKeys.open(directory);
		Jurisdiction greece = Jurisdiction.of("GR");
		List<PersonId> persons = register(local, greece, 300);
		Map<PersonId, byte[]> probes = sealProbes(local, persons);

		RotationStatus status = rotation(local).rotate(greece, true);

		assertThat(status.state()).isEqualTo(RotationStatus.State.COMPLETED);
		assertThat(status.rewrapped()).isEqualTo(300);
		assertThat(versionsInTable(greece)).containsOnlyKeys(2);
		assertSameKeys(local, probes);
		assertThat(local.versions(greece).minDecryption()).isEqualTo(2);
	}

	static KeyRotation rotation(KeyEncryptionKeys keks) {
		return new KeyRotation(keks, new WrappedKeyStore(KeyringDatabase.jdbc()),
				new RotationStore(KeyringDatabase.dataSource()), KeyringDatabase.transactions(), new RotationSettings(BATCH, false));
	}

	/** Registers persons through {@link PersonKeys#create}, four at a time as concurrent registrations would. */
	static List<PersonId> register(KeyEncryptionKeys keks, Jurisdiction home, int count) {
		PersonKeys personKeys = personKeys(keks);
		ExecutorService registrations = Executors.newFixedThreadPool(4);
		try {
			List<Future<PersonId>> registered = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				registered.add(registrations.submit(() -> {
					PersonId person = PersonId.random();
					personKeys.create(person, home);
					return person;
				}));
			}
			List<PersonId> persons = new ArrayList<>();
			for (Future<PersonId> person : registered) {
				persons.add(person.get());
			}
			return persons;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			registrations.shutdownNow();
		}
	}

	/**
	 * A fixed text sealed with every person's data key, unwrapped from the table by a keyring with a cold cache (as
	 * after a restart). Keys are compared by opening these with the keys unwrapped later: same key, same text.
	 */
	static Map<PersonId, byte[]> sealProbes(KeyEncryptionKeys keks, List<PersonId> persons) {
		PersonKeys personKeys = personKeys(keks);
		Map<PersonId, byte[]> probes = new HashMap<>();
		for (List<PersonId> batch : batches(persons)) {
			personKeys.ciphers(batch).forEach((person, cipher) -> probes.put(person, cipher.encrypt(aad(person), PROBE)));
		}
		return probes;
	}

	/** Every probe opens with the key unwrapped now, by a keyring with a cold cache: no key changed or got lost. */
	static void assertSameKeys(KeyEncryptionKeys keks, Map<PersonId, byte[]> probes) {
		PersonKeys personKeys = personKeys(keks);
		List<PersonId> persons = new ArrayList<>(probes.keySet());
		int opened = 0;
		for (List<PersonId> batch : batches(persons)) {
			for (Map.Entry<PersonId, PersonCipher> cipher : personKeys.ciphers(batch).entrySet()) {
				PersonId person = cipher.getKey();
				assertThat(cipher.getValue().decrypt(aad(person), probes.get(person))).isEqualTo(PROBE);
				opened++;
			}
		}
		assertThat(opened).isEqualTo(probes.size());
	}

	private static final byte[] PROBE = "probe".getBytes(java.nio.charset.StandardCharsets.UTF_8);

	private static byte[] aad(PersonId person) {
		return person.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	private static List<List<PersonId>> batches(List<PersonId> persons) {
		List<List<PersonId>> batches = new ArrayList<>();
		for (int from = 0; from < persons.size(); from += 500) {
			batches.add(persons.subList(from, Math.min(persons.size(), from + 500)));
		}
		return batches;
	}

	static Map<Integer, Long> versionsInTable(Jurisdiction jurisdiction) {
		Map<Integer, Long> counts = new HashMap<>();
		KeyringDatabase.jdbc()
			.sql("select kek_version, count(*) from person_keys where jurisdiction = ? group by kek_version")
			.param(jurisdiction.code())
			.query((rs, i) -> counts.put(rs.getInt(1), rs.getLong(2)))
			.list();
		return counts;
	}

	private static PersonKeys personKeys(KeyEncryptionKeys keks) {
		return new PersonKeys(keks, new WrappedKeyStore(KeyringDatabase.jdbc()), KeyringDatabase.invalidations(),
				new KeyCacheSettings(Duration.ofMinutes(5), 100_000), new SimpleMeterRegistry());
	}
}
