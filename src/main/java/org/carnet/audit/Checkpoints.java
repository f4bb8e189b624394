package org.carnet.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.carnet.core.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signed checkpoints of the ledger: every stream's head sequence and hash, signed with the server's Ed25519 key, on a
 * schedule ({@code carnet.audit.checkpoint-interval}) and on demand. Before signing, the events appended since the
 * previous checkpoint are verified, so that a checkpoint only ever vouches for an intact extension of the one
 * before. Exported as JSON that anyone holding the public key can check (see {@link #export(Checkpoint)}).
 * <p>
 * Several replicas on one database sign one scheduled checkpoint per period between them: the periods are multiples
 * of the interval on the database's clock, every replica looks four times per period, and the one that takes the
 * checkpoint lock first signs unless a checkpoint of this period exists already (see {@link #createForPeriod}). A
 * replica that stops leaves the schedule to the others.
 */
@Component
public class Checkpoints implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

	private static final int LOOKS_PER_PERIOD = 4;

	/** How long a stop waits for a scheduled checkpoint under way (verifying and signing take well under a second). */
	static final Duration STOP_WAIT = Duration.ofSeconds(10);

	private final CheckpointStore store;

	private final AuditVerifier verifier;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final AuditSettings settings;

	private final ScheduledExecutorService schedule;

	private volatile boolean stopping;

	Checkpoints(CheckpointStore store, AuditVerifier verifier, JdbcTemplate jdbc,
			PlatformTransactionManager transactionManager, AuditSettings settings) {
		this.store = store;
		this.verifier = verifier;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.settings = settings;
		this.schedule = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "audit-checkpoints");
			thread.setDaemon(true);
			return thread;
		});
		long every = settings.checkpointInterval().toMillis();
		if (every > 0) {
			// several looks per period, so that a late or missed look (a pause, a replica gone) still signs this period
			long look = Math.max(1, every / LOOKS_PER_PERIOD);
			schedule.scheduleWithFixedDelay(this::scheduled, look, look, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Verifies the events appended since the last checkpoint, then signs every stream's head.
	 *
	 * @throws Unavailable when the ledger fails verification: a broken ledger is never signed
	 */
	public Checkpoint create() {
		return create(false, null).orElseThrow();
	}

	/** The latest checkpoint signed with this server's key. */
	public Optional<Checkpoint> latest() {
		return store.latest().map(CheckpointStore.Stored::checkpoint);
	}

	public Optional<Checkpoint> find(long id) {
		return store.find(id).map(CheckpointStore.Stored::checkpoint);
	}

	/** The public key that verifies checkpoints, PEM (X.509 SubjectPublicKeyInfo): publish it. */
	public String publicKeyPem() {
		return store.publicKeyPem();
	}

	/**
	 * The checkpoint as JSON for an outside witness: {@code payload} (the exact signed text), {@code signature}
	 * (base64 Ed25519 over the payload's UTF-8 bytes), {@code algorithm}, {@code keyId} and {@code publicKey} (PEM).
	 * A witness should check the signature with the public key it obtained separately, not the one included here.
	 */
	public String export(Checkpoint checkpoint) {
		return store.export(checkpoint);
	}

	/** A checkpoint, unless every head is the one the latest checkpoint already signed. */
	Optional<Checkpoint> createIfChanged() {
		return create(true, null);
	}

	/**
	 * The scheduled checkpoint: signed unless a checkpoint was already signed in the current period (the multiple of
	 * {@code period} on the database's clock that now falls in), another replica is signing at this moment, or every
	 * head is the one the latest checkpoint signed. Replicas firing at the same moment thus sign one checkpoint: the
	 * lock is only tried, and whoever gets it second finds the period signed.
	 */
	Optional<Checkpoint> createForPeriod(Duration period) {
		return create(true, period);
	}

	private Optional<Checkpoint> create(boolean onlyIfChanged, Duration period) {
		return transactions.execute(status -> {
			if (period == null) {
				store.lock();
			}
			else if (!store.tryLock() || store.signedInPeriod(period)) {
				return Optional.<Checkpoint>empty();
			}
			List<StreamHead> heads = heads();
			Optional<CheckpointStore.Stored> last = store.latest();
			if (onlyIfChanged && last.isPresent() && last.get().authentic()
					&& last.get().checkpoint().streams().equals(heads)) {
				return Optional.<Checkpoint>empty();
			}
			Long from = last.filter(CheckpointStore.Stored::authentic)
				.flatMap(stored -> stored.checkpoint()
					.streams()
					.stream()
					.filter(head -> head.sequence() > 0)
					.map(StreamHead::sequence)
					.min(Long::compare))
				.orElse(null);
			// to the end, not to these heads: a stream cut below its last signed head must be found, not signed
			AuditVerification verification = verifier.verify(from, null);
			if (!verification.ok()) {
				throw new Unavailable("The audit ledger fails verification at sequence "
						+ verification.firstBrokenSequence() + " (" + verification.problem()
						+ "), so no checkpoint was signed");
			}
			Checkpoint checkpoint = store.sign(heads);
			log.info("Signed audit checkpoint {} over {} stream(s), up to sequence {}", checkpoint.id(),
					heads.size(), checkpoint.headSequence());
			return Optional.of(checkpoint);
		});
	}

	/** The last event of every stream, empty streams included. */
	private List<StreamHead> heads() {
		TreeSet<Integer> streams = new TreeSet<>(jdbc.queryForList("select stream from access_stream_heads",
				Integer.class));
		for (int stream = 0; stream < settings.streams(); stream++) {
			streams.add(stream);
		}
		List<StreamHead> heads = new ArrayList<>();
		for (int stream : streams) {
			int s = stream;
			heads.add(jdbc
				.query("select stream_sequence, sequence, hash from access_events where stream = ? "
						+ "order by stream_sequence desc limit 1",
						(rs, row) -> new StreamHead(s, rs.getLong(1), rs.getLong(2), rs.getString(3)), stream)
				.stream()
				.findFirst()
				.orElse(new StreamHead(stream, 0, 0, CanonicalEncoding.GENESIS)));
		}
		return heads;
	}

	private void scheduled() {
		try {
			createForPeriod(settings.checkpointInterval());
		}
		catch (RuntimeException ex) {
			if (stopping) {
				log.warn("The scheduled audit checkpoint was cut short by the stop and nothing was signed; a later look "
						+ "(after the next start, or of another replica) signs the ledger ({})", StreamWriter.describe(ex));
			}
			else {
				log.error("Could not sign the scheduled audit checkpoint: {}", StreamWriter.describe(ex));
			}
		}
	}

	/**
	 * Stops the schedule: no new look starts, and a checkpoint under way is given {@link #STOP_WAIT} to finish before
	 * it is interrupted (the database it writes to stops after this bean).
	 */
	@Override
	public void destroy() {
		stopping = true;
		schedule.shutdown();
		try {
			if (!schedule.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("The scheduled audit checkpoint did not finish within {} s of the stop: interrupted",
						STOP_WAIT.toSeconds());
				schedule.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			schedule.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}
}
