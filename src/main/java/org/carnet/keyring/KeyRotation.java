package org.carnet.keyring;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.carnet.core.BadInput;
import org.carnet.core.Jurisdiction;
import org.carnet.core.NotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rotates the key-encryption key of a jurisdiction and rewraps every data key under the new version, in batches:
 * transit {@code rewrap} in Vault (the data keys never leave it), the same under the local key store. Each batch is
 * one transaction that stores the rewrapped keys and the progress ({@code key_rotations}), so a rewrap killed
 * half-way resumes after the last batch committed when the rotation of that jurisdiction is started again.
 * <p>
 * One process at a time rotates a jurisdiction, across every replica on the database ({@link RotationStore#claim});
 * each batch also locks the rotation's row, so that no key is rewrapped twice.
 * <p>
 * Reads keep working throughout: old and new KEK versions both unwrap until the minimum decryption version is
 * raised, which is done only once no key of the jurisdiction is left under an older version. Raising it is also
 * what makes wrapped keys in older backups (erased persons' included) useless.
 */
@Service
public class KeyRotation implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

	private static final long LOG_EVERY_NANOS = 2_000_000_000L;

	private final KeyEncryptionKeys keks;

	private final WrappedKeyStore wrappedKeys;

	private final RotationStore rotations;

	private final TransactionTemplate transactions;

	private final RotationSettings settings;

	private final Clock clock;

	private final Set<Jurisdiction> running = ConcurrentHashMap.newKeySet();

	private final ExecutorService background = Executors.newSingleThreadExecutor(task -> {
		Thread thread = new Thread(task, "carnet-key-rotation");
		thread.setDaemon(true);
		return thread;
	});

	@Autowired
	KeyRotation(KeyEncryptionKeys keks, WrappedKeyStore wrappedKeys, RotationStore rotations,
			PlatformTransactionManager transactionManager, RotationSettings settings) {
		this(keks, wrappedKeys, rotations, transactionManager, settings, Clock.systemUTC());
	}

	KeyRotation(KeyEncryptionKeys keks, WrappedKeyStore wrappedKeys, RotationStore rotations,
			PlatformTransactionManager transactionManager, RotationSettings settings, Clock clock) {
		this.keks = keks;
		this.wrappedKeys = wrappedKeys;
		this.rotations = rotations;
		this.transactions = new TransactionTemplate(transactionManager);
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Rotates the KEK of {@code jurisdiction} and rewraps all its data keys, blocking until done; resumes instead an
	 * earlier rotation of that jurisdiction that was interrupted. Refused with {@link BadInput} while another instance
	 * (or another call here) rotates the same jurisdiction. With {@code raiseMinDecryptionVersion}, older KEK
	 * versions are refused once every key is rewrapped. Fails with {@link KeyringUnavailable} when the key service
	 * stops answering; the progress made so far is kept and the next call resumes from it.
	 */
	public RotationStatus rotate(Jurisdiction jurisdiction, boolean raiseMinDecryptionVersion) {
		if (!running.add(jurisdiction)) {
			throw new BadInput("jurisdiction", "a rotation of the KEK of " + jurisdiction + " is already running");
		}
		try (RotationStore.Claim claim = claim(jurisdiction)) {
			return rewrap(begin(jurisdiction), raiseMinDecryptionVersion);
		}
		finally {
			running.remove(jurisdiction);
		}
	}

	/**
	 * Like {@link #rotate}, in the background: returns once the KEK is rotated (or the interrupted rotation found),
	 * with the status to poll through {@link #status}. Starting a rotation that is already running here returns its
	 * status; one running on another instance is refused with {@link BadInput} (its status is readable all the same).
	 */
	public RotationStatus start(Jurisdiction jurisdiction, boolean raiseMinDecryptionVersion) {
		if (!running.add(jurisdiction)) {
			return status(jurisdiction).orElseThrow();
		}
		RotationStore.Claim claim;
		RotationStatus begun;
		try {
			claim = claim(jurisdiction);
		}
		catch (RuntimeException ex) {
			running.remove(jurisdiction);
			throw ex;
		}
		try {
			begun = begin(jurisdiction);
		}
		catch (RuntimeException ex) {
			claim.close();
			running.remove(jurisdiction);
			throw ex;
		}
		background.execute(() -> {
			try (claim) {
				rewrap(begun, raiseMinDecryptionVersion);
			}
			catch (RuntimeException ex) {
				log.error("The rewrap of the data keys of {} under KEK version {} stopped: {}. Start the rotation "
						+ "again to resume it.", jurisdiction, begun.kekVersion(), ex.getMessage());
			}
			finally {
				running.remove(jurisdiction);
			}
		});
		return begun;
	}

	/** The latest rotation of {@code jurisdiction}, with its progress; empty if its KEK was never rotated here. */
	public Optional<RotationStatus> status(Jurisdiction jurisdiction) {
		return rotations.latest(jurisdiction);
	}

	/**
	 * Refuses, from now on, the KEK versions older than the one of the latest completed rotation of {@code
	 * jurisdiction}: wrapped keys left in backups become undecryptable. Refused while a key of the jurisdiction is
	 * still wrapped by an older version.
	 */
	public RotationStatus raiseMinDecryptionVersion(Jurisdiction jurisdiction) {
		RotationStatus latest = status(jurisdiction)
			.orElseThrow(() -> new NotFound("The KEK of " + jurisdiction + " was never rotated by Carnet"));
		if (latest.state() == RotationStatus.State.RUNNING) {
			throw new BadInput("jurisdiction", "the rewrap of " + jurisdiction + " under KEK version "
					+ latest.kekVersion() + " has not finished: resume it first");
		}
		try (RotationStore.Claim claim = claim(jurisdiction)) {
			return raise(jurisdiction, latest.kekVersion());
		}
	}

	@Override
	public void destroy() {
		background.shutdownNow();
	}

	/**
	 * The claim on the jurisdiction's rotation across replicas: a second replica asked to rotate the same KEK is
	 * refused while the first works, instead of rotating the KEK once more; once the first stops (or dies), starting
	 * the rotation again resumes it.
	 */
	private RotationStore.Claim claim(Jurisdiction jurisdiction) {
		return rotations.claim(jurisdiction)
			.orElseThrow(() -> new BadInput("jurisdiction", "a rotation of the KEK of " + jurisdiction
					+ " is already running on another instance"));
	}

	private RotationStatus begin(Jurisdiction jurisdiction) {
		Optional<RotationStatus> interrupted = rotations.running(jurisdiction);
		if (interrupted.isPresent()) {
			RotationStatus status = interrupted.get();
			log.info("Resuming the rewrap of the data keys of {} under KEK version {} after person {} ({} of {} done)",
					jurisdiction, status.kekVersion(), status.lastPerson(), status.done(), status.total());
			return status;
		}
		KekVersions versions = keks.rotate(jurisdiction);
		long total = wrappedKeys.countOlderThan(jurisdiction, versions.latest());
		rotations.insert(jurisdiction, versions.latest(), total, clock.instant());
		log.info("Rotated the KEK of {} to version {}; rewrapping {} data keys in batches of {}", jurisdiction,
				versions.latest(), total, settings.batchSize());
		return rotations.latest(jurisdiction).orElseThrow();
	}

	private RotationStatus rewrap(RotationStatus begun, boolean raiseMinDecryptionVersion) {
		Jurisdiction jurisdiction = begun.jurisdiction();
		int version = begun.kekVersion();
		Run run = new Run(begun.done(), begun.total());
		while (transactions.execute(tx -> batch(jurisdiction, version, run))) {
			if (Thread.currentThread().isInterrupted()) {
				log.warn("The rewrap of {} was interrupted after {} keys; starting the rotation again resumes it",
						jurisdiction, run.doneInTotal());
				return status(jurisdiction).orElseThrow();
			}
			run.logProgress(jurisdiction, version, false);
		}
		run.logProgress(jurisdiction, version, true);
		long remaining = wrappedKeys.countOlderThan(jurisdiction, version);
		if (remaining > 0) {
			rotations.finish(jurisdiction, version, RotationStatus.State.INCOMPLETE, clock.instant());
			log.error("{} data keys of {} are still wrapped by KEK versions older than {}: they were refused (see "
					+ "above); the minimum decryption version stays where it is", remaining, jurisdiction, version);
			return status(jurisdiction).orElseThrow();
		}
		rotations.finish(jurisdiction, version, RotationStatus.State.COMPLETED, clock.instant());
		log.info("Every data key of {} is wrapped by KEK version {}", jurisdiction, version);
		if (raiseMinDecryptionVersion) {
			return raise(jurisdiction, version);
		}
		return status(jurisdiction).orElseThrow();
	}

	/** One batch, in the caller's transaction; false when there is nothing left to rewrap. */
	private boolean batch(Jurisdiction jurisdiction, int version, Run run) {
		RotationStatus progress = rotations.lock(jurisdiction, version);
		if (progress.state() != RotationStatus.State.RUNNING) {
			return false;
		}
		List<WrappedKey> keys = wrappedKeys.olderThan(jurisdiction, version,
				progress.lastPerson() == null ? null : progress.lastPerson().value(), settings.batchSize());
		if (keys.isEmpty()) {
			return false;
		}
		List<Rewrapped> results = keks.rewrapAll(jurisdiction, keys);
		List<WrappedKey> before = new ArrayList<>();
		List<Rewrapped> after = new ArrayList<>();
		for (int i = 0; i < keys.size(); i++) {
			Rewrapped result = results.get(i);
			if (!result.person().equals(keys.get(i).person())) {
				throw new IllegalStateException("The keyring answered the rewrap out of order");
			}
			if (result.succeeded()) {
				before.add(keys.get(i));
				after.add(result);
			}
			else {
				log.warn("Could not rewrap the data key of person {} ({}): {}", result.person(), jurisdiction,
						result.error());
			}
		}
		wrappedKeys.replace(before, after);
		run.add(keys.size());
		rotations.progress(jurisdiction, version, keys.size(), after.size(), keys.size() - after.size(),
				keys.get(keys.size() - 1).person().value(), run.rate(), clock.instant());
		return true;
	}

	private RotationStatus raise(Jurisdiction jurisdiction, int version) {
		long remaining = wrappedKeys.countOlderThan(jurisdiction, version);
		if (remaining > 0) {
			throw new BadInput("jurisdiction", remaining + " data keys of " + jurisdiction
					+ " are still wrapped by KEK versions older than " + version
					+ ": raising the minimum decryption version would make them unreadable");
		}
		keks.raiseMinDecryptionVersion(jurisdiction, version);
		rotations.minDecryptionVersionRaised(jurisdiction, version, clock.instant());
		return status(jurisdiction).orElseThrow();
	}

	/** The counters of one run (a resumed rotation starts a new run), for the rate and the progress log. */
	private static final class Run {

		private final long doneBefore;

		private final long total;

		private final long startedNanos = System.nanoTime();

		private long done;

		private long loggedNanos = System.nanoTime();

		Run(long doneBefore, long total) {
			this.doneBefore = doneBefore;
			this.total = total;
		}

		void add(int keys) {
			done += keys;
		}

		long doneInTotal() {
			return doneBefore + done;
		}

		double rate() {
			double seconds = (System.nanoTime() - startedNanos) / 1e9;
			return seconds <= 0 ? 0 : done / seconds;
		}

		void logProgress(Jurisdiction jurisdiction, int version, boolean last) {
			long now = System.nanoTime();
			if (!last && now - loggedNanos < LOG_EVERY_NANOS) {
				return;
			}
			loggedNanos = now;
			long all = doneInTotal();
			log.info("Rewrap of {} under KEK version {}: {} of {} keys ({}%), {} keys/s", jurisdiction, version, all,
					total, total == 0 ? 100 : Math.min(100, all * 100 / total), Math.round(rate()));
		}
	}
}
