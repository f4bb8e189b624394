package org.carnet.portal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where a session's {@link FormSubmissions.Remembered} submissions live: one row per session in
 * {@code form_submissions}, so that every replica sees a submission claimed or completed on another. A change locks
 * the row for one short transaction, which makes a claim atomic across replicas (two twins never both act); a twin
 * waiting for its first submission reads the row again without a lock. Rows are forgotten once their session would
 * have expired.
 */
final class FormSubmissionStore {

	/** The most a row may hold, serialised: {@link FormSubmissions#REMEMBERED} submissions fit many times. */
	private static final int MAX_BYTES = 64 * 1024;

	private static final ObjectInputFilter ONLY_SUBMISSIONS = ObjectInputFilter.Config
		.createFilter("maxbytes=" + MAX_BYTES + ";maxdepth=10;org.carnet.portal.FormSubmissions$*;"
				+ "java.util.LinkedHashMap;java.util.HashMap;java.util.Map$Entry;java.lang.String;java.time.Ser;"
				+ "java.time.Instant;!*");

	/** How often this replica deletes rows of sessions that have expired. */
	private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final Duration forgetAfter;

	private final AtomicReference<Instant> nextSweep = new AtomicReference<>(Instant.MIN);

	/**
	 * @param forgetAfter how long a session's submissions are kept after its last one: the session's idle timeout
	 */
	FormSubmissionStore(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, Duration forgetAfter) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
		this.forgetAfter = forgetAfter;
	}

	/** The row's key for a session: a digest of its id, so that the id itself (a credential) is not stored here. */
	static String key(String sessionId) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/** The session's submissions as stored now (none: empty), read without a lock. */
	FormSubmissions.Remembered read(String sessionKey) {
		return jdbc.sql("select submissions from form_submissions where session_key = ?")
			.param(sessionKey)
			.query((row, n) -> decode(row.getBytes(1)))
			.optional()
			.orElseGet(FormSubmissions.Remembered::new);
	}

	/**
	 * Applies {@code change} to the session's submissions under the row's lock and stores the result if it changed,
	 * in one transaction of its own.
	 */
	<T> T change(String sessionKey, Function<FormSubmissions.Remembered, T> change) {
		Instant now = clock.instant();
		T result = transaction.execute(status -> {
			// the row exists before it is locked: two first submissions of a session then queue on the same row
			jdbc.sql("insert into form_submissions (session_key, submissions, updated_at) values (?, ?, ?) "
					+ "on conflict (session_key) do nothing")
				.params(sessionKey, encode(new FormSubmissions.Remembered()), Timestamp.from(now))
				.update();
			byte[] stored = jdbc.sql("select submissions from form_submissions where session_key = ? for update")
				.param(sessionKey)
				.query(byte[].class)
				.single();
			FormSubmissions.Remembered remembered = decode(stored);
			T answer = change.apply(remembered);
			byte[] changed = encode(remembered);
			if (!Arrays.equals(stored, changed)) {
				jdbc.sql("update form_submissions set submissions = ?, updated_at = ? where session_key = ?")
					.params(changed, Timestamp.from(now), sessionKey)
					.update();
			}
			return answer;
		});
		sweep(now);
		return result;
	}

	/** Deletes, at most once a minute per replica, the rows of sessions idle for longer than they live. */
	private void sweep(Instant now) {
		Instant due = nextSweep.get();
		if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plus(SWEEP_EVERY))) {
			return;
		}
		jdbc.sql("delete from form_submissions where updated_at < ?")
			.param(Timestamp.from(now.minus(forgetAfter)))
			.update();
	}

	private static byte[] encode(FormSubmissions.Remembered remembered) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(remembered);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot write a session's form submissions", ex);
		}
		if (bytes.size() > MAX_BYTES) {
			throw new IllegalStateException("A session's form submissions take " + bytes.size() + " bytes");
		}
		return bytes.toByteArray();
	}

	private static FormSubmissions.Remembered decode(byte[] stored) {
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(stored))) {
			in.setObjectInputFilter(ONLY_SUBMISSIONS);
			return (FormSubmissions.Remembered) in.readObject();
		}
		catch (InvalidClassException | ClassNotFoundException | ClassCastException ex) {
			throw new IllegalStateException("A session's stored form submissions are not what this version writes", ex);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read a session's form submissions", ex);
		}
	}
}
