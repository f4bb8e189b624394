package org.carnet.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.carnet.core.BadInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes the ledger's hash chains and reports the first break. Every stream is followed in one database snapshot
 * (repeatable read), row by row, so the whole ledger can be checked in constant memory. Each event must match its
 * own hash, follow its predecessor's position without a gap and link to its predecessor's hash; every stream must
 * reach the head signed by the latest checkpoint (and the head recorded in {@code access_stream_heads}), with the
 * signed hash.
 */
@Component
public class AuditVerifier {

	private static final Logger log = LoggerFactory.getLogger(AuditVerifier.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate snapshot;

	private final CheckpointStore checkpoints;

	private final AuditSettings settings;

	private final AuditMeters meters;

	AuditVerifier(DataSource dataSource, PlatformTransactionManager transactionManager, CheckpointStore checkpoints,
			AuditSettings settings, AuditMeters meters) {
		this.jdbc = new JdbcTemplate(dataSource);
		// a cursor instead of the whole result in memory (PostgreSQL streams only inside a transaction)
		this.jdbc.setFetchSize(2000);
		this.snapshot = new TransactionTemplate(transactionManager);
		this.snapshot.setReadOnly(true);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.checkpoints = checkpoints;
		this.settings = settings;
		this.meters = meters;
	}

	/**
	 * Verifies the events with sequence from {@code from} to {@code to}, both inclusive and both optional. The first
	 * event of each stream in the range is linked to its predecessor even when that one lies before {@code from}.
	 */
	public AuditVerification verify(Long from, Long to) {
		if (from != null && from < 1) {
			throw new BadInput("from", "must be at least 1");
		}
		if (from != null && to != null && to < from) {
			throw new BadInput("to", "must not be below from");
		}
		AuditVerification result = snapshot.execute(status -> verifyInSnapshot(from, to));
		meters.verified(result);
		if (!result.ok()) {
			log.error("Audit ledger verification failed at sequence {}: {} ({})", result.firstBrokenSequence(),
					result.problem(), result.reason());
		}
		return result;
	}

	private AuditVerification verifyInSnapshot(Long from, Long to) {
		Instant now = Instant.now();
		Optional<CheckpointStore.Stored> latest = checkpoints.latest();
		if (latest.isPresent() && !latest.get().authentic()) {
			long id = latest.get().rowId();
			return new AuditVerification(false, from, to, 0, 0, id, null, null, null, AuditProblem.CHECKPOINT_INVALID,
					"checkpoint " + id + " does not verify with this server's public key (key " + checkpoints.keyId()
							+ "): it was altered, or signed with another key",
					now);
		}
		Checkpoint checkpoint = latest.map(CheckpointStore.Stored::checkpoint).orElse(null);
		Map<Integer, StreamHead> signed = new HashMap<>();
		if (checkpoint != null) {
			checkpoint.streams().forEach(head -> signed.put(head.stream(), head));
		}
		Map<Integer, StreamHead> recorded = new HashMap<>();
		jdbc.query("select stream, stream_sequence, sequence, hash from access_stream_heads", (RowCallbackHandler) rs -> {
			recorded.put(rs.getInt("stream"), new StreamHead(rs.getInt("stream"), rs.getLong("stream_sequence"),
					rs.getLong("sequence"), rs.getString("hash")));
		});
		TreeSet<Integer> streams = new TreeSet<>(streamsInLedger());
		streams.addAll(signed.keySet());
		streams.addAll(recorded.keySet());
		for (int stream = 0; stream < settings.streams(); stream++) {
			streams.add(stream);
		}
		long checked = 0;
		Break first = null;
		for (int stream : streams) {
			StreamCheck check = new StreamCheck(stream, from, to, signed.get(stream), recorded.get(stream),
					checkpoint == null ? null : checkpoint.id());
			Break found = check.run();
			checked += check.checked;
			if (found != null && (first == null || found.sequence() < first.sequence())) {
				first = found;
			}
		}
		Long checkpointId = checkpoint == null ? null : checkpoint.id();
		if (first == null) {
			return new AuditVerification(true, from, to, checked, streams.size(), checkpointId, null, null, null, null,
					"every stream is unbroken" + (checkpoint == null ? "" : " and reaches checkpoint " + checkpointId),
					now);
		}
		return new AuditVerification(false, from, to, checked, streams.size(), checkpointId, first.sequence(),
				first.stream(), first.streamSequence(), first.problem(), first.reason(), now);
	}

	/** The distinct streams present in the ledger, by skipping along the (stream, sequence) index. */
	private List<Integer> streamsInLedger() {
		return jdbc.queryForList("""
				with recursive streams(stream) as (
				  select min(stream) from access_events
				  union all
				  select (select min(stream) from access_events where stream > streams.stream)
				  from streams where streams.stream is not null
				)
				select stream from streams where stream is not null""", Integer.class);
	}

	/** Follows one stream through the range. */
	private final class StreamCheck {

		private final int stream;

		private final Long from;

		private final Long to;

		private final StreamHead signedHead;

		private final StreamHead recordedHead;

		private final Long checkpointId;

		private long checked;

		StreamCheck(int stream, Long from, Long to, StreamHead signedHead, StreamHead recordedHead,
				Long checkpointId) {
			this.stream = stream;
			this.from = from;
			this.to = to;
			this.signedHead = signedHead;
			this.recordedHead = recordedHead;
			this.checkpointId = checkpointId;
		}

		Break run() {
			long expectedPosition = 1;
			String expectedPrevious = CanonicalEncoding.GENESIS;
			if (from != null) {
				List<Object[]> anchor = jdbc.query(
						"select stream_sequence, hash from access_events where stream = ? and sequence < ? "
								+ "order by sequence desc limit 1",
						(rs, row) -> new Object[] { rs.getLong(1), rs.getString(2) }, stream, from);
				if (!anchor.isEmpty()) {
					expectedPosition = (Long) anchor.get(0)[0] + 1;
					expectedPrevious = (String) anchor.get(0)[1];
				}
			}
			long start = expectedPosition;
			String startPrevious = expectedPrevious;
			Walk walk = jdbc.query(
					"select " + AccessEventRows.COLUMNS + " from access_events where stream = ? and sequence >= ? "
							+ "and sequence <= ? order by sequence",
					(ResultSetExtractor<Walk>) rs -> walk(rs, start, startPrevious), stream, from == null ? 0 : from,
					to == null ? Long.MAX_VALUE : to);
			if (walk.found() != null) {
				return walk.found();
			}
			long lastPosition = walk.lastPosition();
			if (signedHead != null && signedHead.streamSequence() > lastPosition && inRange(signedHead.sequence())) {
				return new Break(signedHead.sequence(), stream, lastPosition + 1, AuditProblem.TRUNCATED,
						"stream " + stream + " ends at #" + lastPosition + " but checkpoint " + checkpointId
								+ " signed its head at #" + signedHead.streamSequence() + " (sequence "
								+ signedHead.sequence() + "): " + range(lastPosition + 1, signedHead.streamSequence())
								+ " removed");
			}
			if (to == null && recordedHead != null && recordedHead.streamSequence() > lastPosition) {
				return new Break(recordedHead.sequence(), stream, lastPosition + 1, AuditProblem.TRUNCATED,
						"stream " + stream + " ends at #" + lastPosition + " but its head was recorded at #"
								+ recordedHead.streamSequence() + " (sequence " + recordedHead.sequence() + "): "
								+ range(lastPosition + 1, recordedHead.streamSequence()) + " removed");
			}
			return null;
		}

		private Walk walk(ResultSet rs, long expectedPosition, String expectedPrevious) throws SQLException {
			long lastPosition = expectedPosition - 1;
			while (rs.next()) {
				long sequence = rs.getLong("sequence");
				long position = rs.getLong("stream_sequence");
				checked++;
				AccessEvent event;
				try {
					event = AccessEventRows.MAPPER.mapRow(rs, 0);
				}
				catch (RuntimeException ex) {
					return new Walk(new Break(sequence, stream, position, AuditProblem.EDITED,
							"event " + sequence + " (stream " + stream + " #" + position
									+ ") holds a value Carnet never writes: the row was edited"),
							lastPosition);
				}
				if (!CanonicalEncoding.hash(event).equals(event.hash())) {
					return new Walk(new Break(sequence, stream, position, AuditProblem.EDITED, "event " + sequence
							+ " (stream " + stream + " #" + position
							+ ") no longer matches its hash: the row was edited"), lastPosition);
				}
				if (position > expectedPosition) {
					return new Walk(new Break(sequence, stream, position, AuditProblem.DELETED,
							"before event " + sequence + " (stream " + stream + " #" + position + "), "
									+ range(expectedPosition, position - 1) + " missing: deleted"),
							lastPosition);
				}
				if (position < expectedPosition) {
					return new Walk(new Break(sequence, stream, position, AuditProblem.OUT_OF_ORDER,
							"event " + sequence + " takes stream " + stream + " position #" + position
									+ " where #" + expectedPosition + " was expected: events were reordered"),
							lastPosition);
				}
				if (!event.previousHash().equals(expectedPrevious)) {
					return new Walk(new Break(sequence, stream, position, AuditProblem.BROKEN_LINK,
							"event " + sequence + " (stream " + stream + " #" + position
									+ ") does not link to the hash of #" + (position - 1)
									+ ": that event was replaced"),
							lastPosition);
				}
				if (signedHead != null && position == signedHead.streamSequence()
						&& !event.hash().equals(signedHead.hash())) {
					return new Walk(new Break(sequence, stream, position, AuditProblem.CHECKPOINT_MISMATCH,
							"event " + sequence + " (stream " + stream + " #" + position
									+ ") is not the event checkpoint " + checkpointId
									+ " signed: the stream was rewritten"),
							lastPosition);
				}
				expectedPosition = position + 1;
				expectedPrevious = event.hash();
				lastPosition = position;
			}
			return new Walk(null, lastPosition);
		}

		private boolean inRange(long sequence) {
			return (from == null || sequence >= from) && (to == null || sequence <= to);
		}
	}

	private static String range(long first, long last) {
		return first == last ? "event #" + first + " is" : "events #" + first + " to #" + last + " are";
	}

	private record Walk(Break found, long lastPosition) {
	}

	private record Break(long sequence, int stream, long streamSequence, AuditProblem problem, String reason) {
	}
}
