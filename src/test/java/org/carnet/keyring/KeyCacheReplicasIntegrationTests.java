package org.carnet.keyring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.carnet.core.Jurisdiction;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two replicas' key caches on one database: an erasure committed through one is forgotten by the other's cache at
 * once; a replica that cannot hear the announcements does not answer from its cache; and what no announcement
 * reports is served at most for the cache's lifetime.
 */
class KeyCacheReplicasIntegrationTests {

	static final Jurisdiction GREECE = Jurisdiction.of("GR");

	static final Duration TTL = Duration.ofMinutes(5);

	@TempDir
	static Path keys;

	KeyEncryptionKeys keks;

	PersonKeys replicaA;

	KeyInvalidations hearingOfB;

	PersonKeys replicaB;

	final AtomicLong clockOfB = new AtomicLong();

	@BeforeEach
	void twoReplicas() {
		KeyringDatabase.clear();
		keks = LocalKeyEncryptionKeys.open(keys);
		replicaA = new PersonKeys(keks, new WrappedKeyStore(KeyringDatabase.jdbc()), KeyringDatabase.invalidations(),
				new KeyCacheSettings(TTL, 1000), new SimpleMeterRegistry());
		hearingOfB = new KeyInvalidations(KeyringDatabase.dataSource());
		hearingOfB.start();
		KeyringDatabase.awaitListening(hearingOfB);
		replicaB = new PersonKeys(keks, new WrappedKeyStore(KeyringDatabase.jdbc()), hearingOfB,
				new KeyCacheSettings(TTL, 1000), clockOfB::get, new SimpleMeterRegistry());
	}

	@AfterEach
	void stopListening() {
		hearingOfB.stop();
	}

	@Test
	void anErasureCommittedOnOneReplicaEmptiesTheOthersCacheAsItCommits() throws Exception {
		PersonId person = PersonId.random();
		replicaA.create(person, GREECE);
		assertThat(replicaB.cipher(person)).isNotNull(); // now in B's cache
		TransactionTemplate transaction = new TransactionTemplate(KeyringDatabase.transactions());

		long[] committedAt = new long[1];
		transaction.executeWithoutResult(status -> {
			replicaA.shred(person);
			pause(300);
			// not committed yet: B has heard nothing and still holds the key, as it must if the erasure rolled back
			assertThat(replicaB.cipher(person)).isNotNull();
		});
		committedAt[0] = System.nanoTime();
		long forgottenAfter = awaitForgotten(replicaB, person);

		System.out.printf("Key forgotten by the other replica %d ms after the erasure committed%n",
				(forgottenAfter - committedAt[0]) / 1_000_000);
		assertThat(forgottenAfter - committedAt[0]).as("nanoseconds from commit to forgetting")
			.isLessThan(Duration.ofSeconds(1).toNanos());
	}

	@Test
	void anErasureRolledBackLeavesTheOtherReplicaServingTheKey() throws Exception {
		PersonId person = PersonId.random();
		replicaA.create(person, GREECE);
		byte[] sealed = replicaB.cipher(person).encrypt(aad(person), new byte[] { 1, 2, 3 });
		TransactionTemplate transaction = new TransactionTemplate(KeyringDatabase.transactions());

		transaction.executeWithoutResult(status -> {
			replicaA.shred(person);
			status.setRollbackOnly();
		});
		pause(500);

		assertThat(replicaB.cipher(person).decrypt(aad(person), sealed)).containsExactly(1, 2, 3);
		assertThat(replicaA.cipher(person).decrypt(aad(person), sealed)).containsExactly(1, 2, 3);
	}

	@Test
	void aReplicaThatCannotHearTheOthersDoesNotAnswerFromItsCache() {
		PersonId person = PersonId.random();
		replicaA.create(person, GREECE);
		assertThat(replicaB.cipher(person)).isNotNull(); // in B's cache
		hearingOfB.stop(); // B's listening connection is gone

		// deleted without any announcement: only a replica reading the key store can know
		KeyringDatabase.jdbc().sql("delete from person_keys where person_id = ?").param(person.value()).update();

		assertThat(hearingOfB.trusted()).isFalse();
		assertThat(hearingOfB.state()).contains("the key cache is bypassed");
		assertThatThrownBy(() -> replicaB.cipher(person)).isInstanceOf(NotFound.class);
	}

	@Test
	void aReplicaListeningAgainStartsFromAnEmptyCache() {
		PersonId person = PersonId.random();
		replicaA.create(person, GREECE);
		assertThat(replicaB.cipher(person)).isNotNull();
		hearingOfB.stop();
		KeyringDatabase.jdbc().sql("delete from person_keys where person_id = ?").param(person.value()).update();

		hearingOfB.start();
		KeyringDatabase.awaitListening(hearingOfB);

		assertThatThrownBy(() -> replicaB.cipher(person)).as("announcements missed while deaf: nothing kept")
			.isInstanceOf(NotFound.class);
	}

	@Test
	void aKeyDeletedWithoutAnnouncementIsServedAtMostForTheCacheLifetime() {
		PersonId person = PersonId.random();
		replicaA.create(person, GREECE);
		assertThat(replicaB.cipher(person)).isNotNull();

		// as an older replica without announcements would erase during a rolling upgrade, or a hand-made delete
		KeyringDatabase.jdbc().sql("delete from person_keys where person_id = ?").param(person.value()).update();
		clockOfB.addAndGet(TTL.minusSeconds(1).toNanos());

		assertThat(replicaB.cipher(person)).as("stale, but within the lifetime").isNotNull();
		clockOfB.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThatThrownBy(() -> replicaB.cipher(person)).as("at the lifetime").isInstanceOf(NotFound.class);
	}

	/** Polls B's key until it is not found; the moment it was first not found. */
	private static long awaitForgotten(PersonKeys replica, PersonId person) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				replica.cipher(person);
			}
			catch (NotFound gone) {
				return System.nanoTime();
			}
			pause(1);
		}
		throw new AssertionError("The other replica still served the key 10 s after the erasure committed");
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] aad(PersonId person) {
		return person.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}
}
