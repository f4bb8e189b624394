package org.carnet.audit;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.carnet.core.PersonId;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/** A witness outside Carnet checks an exported checkpoint with nothing but the published public key. */
@CarnetIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class CheckpointsIntegrationTests {

	@Autowired
	DataSource dataSource;

	@Autowired
	Ledger ledger;

	@Autowired
	Checkpoints checkpoints;

	@Autowired
	CheckpointStore store;

	@Autowired
	AuditVerifier verifier;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	AuditSettings settings;

	@Test
	void anExportedCheckpointVerifiesWithThePublishedPublicKeyOnly() throws Exception {
		AccessEvent event = ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR"));
		String published = checkpoints.publicKeyPem();

		JsonNode export = JsonMapper.shared().readTree(checkpoints.export(checkpoints.create()));

		String payload = export.path("payload").asString();
		byte[] signature = Base64.getDecoder().decode(export.path("signature").asString());
		assertThat(export.path("algorithm").asString()).isEqualTo("Ed25519");
		assertThat(export.path("publicKey").asString()).isEqualTo(published);
		assertThat(witnessVerifies(published, payload, signature)).isTrue();
		JsonNode signed = JsonMapper.shared().readTree(payload);
		assertThat(signed.path("format").asString()).isEqualTo("carnet-audit-checkpoint/v1");
		assertThat(signed.path("streams").values()).anySatisfy(head -> {
			assertThat(head.path("stream").asInt()).isEqualTo(event.stream());
			assertThat(head.path("streamSequence").asLong()).isEqualTo(event.streamSequence());
			assertThat(head.path("sequence").asLong()).isEqualTo(event.sequence());
			assertThat(head.path("hash").asString()).isEqualTo(event.hash());
		});
		assertThat(signed.path("streams").values()).as("every stream, empty ones too")
			.hasSizeGreaterThanOrEqualTo(ledger.streams());
	}

	@Test
	void anAlteredPayloadOrSignatureOrAnotherKeyFailsVerification() throws Exception {
		ledger.append(AccessEvents.read(AccessEvents.nikolaou(), PersonId.random(), "GR"));
		Checkpoint checkpoint = checkpoints.create();
		String published = checkpoints.publicKeyPem();
		byte[] signature = Base64.getDecoder().decode(checkpoint.signature());

		String fewerEvents = checkpoint.payload().replaceFirst("\"streamSequence\":(\\d+)", "\"streamSequence\":0");
		byte[] flipped = signature.clone();
		flipped[10] ^= 0x01;
		String otherKey = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder()
			.encodeToString(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded())
				+ "\n-----END PUBLIC KEY-----\n";

		assertThat(witnessVerifies(published, checkpoint.payload(), signature)).isTrue();
		assertThat(fewerEvents).isNotEqualTo(checkpoint.payload());
		assertThat(witnessVerifies(published, fewerEvents, signature)).isFalse();
		assertThat(witnessVerifies(published, checkpoint.payload(), flipped)).isFalse();
		assertThat(witnessVerifies(otherKey, checkpoint.payload(), signature)).isFalse();
	}

	@Test
	void checkpointsFormAChainAndAreStoredAsSigned() {
		ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR"));
		Checkpoint first = checkpoints.create();
		ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR"));
		Checkpoint second = checkpoints.create();

		assertThat(second.id()).isGreaterThan(first.id());
		assertThat(second.previousCheckpointHash()).isEqualTo(CanonicalEncoding.sha256(first.payload()));
		assertThat(second.headSequence()).isGreaterThan(first.headSequence());
		assertThat(checkpoints.latest()).contains(second);
		assertThat(checkpoints.find(first.id())).contains(first);
	}

	@Test
	void theScheduleSignsOnlyWhenTheLedgerMoved() {
		ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR"));
		Checkpoint signed = checkpoints.create();

		assertThat(checkpoints.createIfChanged()).as("nothing appended since").isEmpty();
		ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR"));
		assertThat(checkpoints.createIfChanged()).hasValueSatisfying(
				next -> assertThat(next.previousCheckpointHash()).isEqualTo(CanonicalEncoding.sha256(signed.payload())));
	}

	@Test
	void twoReplicasFiringAtTheSameMomentSignOneCheckpointPerPeriod() throws Exception {
		Duration period = Duration.ofSeconds(1);
		Checkpoints other = new Checkpoints(store, verifier, jdbc, transactionManager, settings);
		Instant started = jdbc.queryForObject("select clock_timestamp()", java.time.OffsetDateTime.class).toInstant();
		ExecutorService replicas = Executors.newFixedThreadPool(2);
		int rounds = 12;
		int signed = 0;
		try {
			for (int round = 0; round < rounds; round++) {
				ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR"));
				CyclicBarrier together = new CyclicBarrier(2);
				Future<Optional<Checkpoint>> first = replicas.submit(() -> {
					together.await();
					return checkpoints.createForPeriod(period);
				});
				Future<Optional<Checkpoint>> second = replicas.submit(() -> {
					together.await();
					return other.createForPeriod(period);
				});
				int signedNow = (first.get().isPresent() ? 1 : 0) + (second.get().isPresent() ? 1 : 0);
				assertThat(signedNow).as("round %d", round).isLessThanOrEqualTo(1);
				signed += signedNow;
				Thread.sleep(period.toMillis() / 3);
			}
		}
		finally {
			replicas.shutdownNow();
			other.destroy();
		}

		List<Long> perPeriod = jdbc.queryForList("select count(*) from audit_checkpoints where created_at >= ? "
				+ "group by floor(extract(epoch from created_at)) order by 1 desc", Long.class,
				java.sql.Timestamp.from(started));
		assertThat(perPeriod).as("checkpoints per period of the schedule").isNotEmpty().allMatch(count -> count == 1);
		// about 4 seconds of rounds: each period with a look in it was signed once, by one of the two
		assertThat(signed).isEqualTo(perPeriod.size()).isGreaterThanOrEqualTo(3);
	}

	@Test
	void aStopWaitsForTheScheduledCheckpointUnderWayWhichIsSignedWithoutAnError(CapturedOutput output)
			throws Exception {
		ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR"));
		long before = jdbc.queryForObject("select count(*) from audit_checkpoints", Long.class);
		AuditSettings often = new AuditSettings(settings.streams(), settings.maxBatch(), settings.appendTimeout(),
				Duration.ofMillis(400), settings.retentionPolicy(), settings.maxWaiting());
		ExecutorService stopper = Executors.newSingleThreadExecutor();
		// another session holds the checkpoints table: the replica's next scheduled look waits on it
		try (Connection holder = dataSource.getConnection()) {
			holder.setAutoCommit(false);
			try (Statement statement = holder.createStatement()) {
				statement.execute("lock table audit_checkpoints in access exclusive mode");
			}
			Checkpoints replica = new Checkpoints(store, verifier, jdbc, transactionManager, often);
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (waitingOnTheLock() == 0 && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			assertThat(waitingOnTheLock()).as("the scheduled look waits for the table").isPositive();

			Future<?> stop = stopper.submit(replica::destroy);
			Thread.sleep(500);
			assertThat(stop).as("the stop waits for the checkpoint under way").isNotDone();
			holder.commit();
			stop.get(Checkpoints.STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		finally {
			stopper.shutdownNow();
		}
		assertThat(jdbc.queryForObject("select count(*) from audit_checkpoints", Long.class)).isEqualTo(before + 1);
		assertThat(output).doesNotContain("Could not sign the scheduled audit checkpoint").doesNotContain("cut short");
	}

	private int waitingOnTheLock() {
		return jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
				+ "and datname = current_database() and query like '%from audit_checkpoints order by id desc%'", Integer.class);
	}

	@Test
	void aReplicaLeftAloneStillSignsEveryPeriodAndNotTwiceInOne() throws Exception {
		Duration period = Duration.ofSeconds(3); // room for two looks within one period on a loaded machine
		ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR"));
		waitForTheNextPeriod(period);

		Optional<Checkpoint> first = checkpoints.createForPeriod(period);
		ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR"));
		Optional<Checkpoint> sameMoment = checkpoints.createForPeriod(period);
		waitForTheNextPeriod(period);
		Optional<Checkpoint> nextPeriod = checkpoints.createForPeriod(period);

		assertThat(first).isPresent();
		assertThat(sameMoment).as("the ledger moved, but this period is signed").isEmpty();
		assertThat(nextPeriod).as("the event appended since, in the next period")
			.hasValueSatisfying(next -> assertThat(next.headSequence()).isGreaterThan(first.get().headSequence()));
	}

	/** Sleeps into the start of the next period of the database's clock, with most of the period ahead. */
	private void waitForTheNextPeriod(Duration period) throws InterruptedException {
		double seconds = jdbc.queryForObject("select extract(epoch from clock_timestamp())", Double.class);
		long millis = (long) (seconds * 1000);
		Thread.sleep(period.toMillis() - millis % period.toMillis() + 20);
	}

	/** What an outside party does: plain JDK, the published PEM, the payload bytes and the signature. */
	private static boolean witnessVerifies(String publicKeyPem, String payload, byte[] signature) throws Exception {
		String base64 = publicKeyPem.replace("-----BEGIN PUBLIC KEY-----", "")
			.replace("-----END PUBLIC KEY-----", "")
			.replaceAll("\\s", "");
		PublicKey key = KeyFactory.getInstance("Ed25519")
			.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
		Signature verifier = Signature.getInstance("Ed25519");
		verifier.initVerify(key);
		verifier.update(payload.getBytes(StandardCharsets.UTF_8));
		try {
			return verifier.verify(signature);
		}
		catch (java.security.SignatureException malformed) {
			// an altered signature may not even decode to a curve point: it does not verify either
			return false;
		}
	}
}
