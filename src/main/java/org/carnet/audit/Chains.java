package org.carnet.audit;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.carnet.core.PersonId;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends events to the hash chains in {@code access_events}. Each stream's head row in {@code access_stream_heads}
 * is locked ({@code select ... for update}) for the rest of the transaction, so appends to one stream, from this
 * process or any other replica, follow each other: every event links to the one committed before it, and the unique
 * (stream, stream_sequence) constraint turns any attempt to fork into an error.
 */
@Component
class Chains {

	private final JdbcTemplate jdbc;

	/** A failure to raise on every append, for tests of the fail-closed path; null in normal operation. */
	private volatile RuntimeException injectedFault;

	Chains(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The stream of a person's events: the person id's 128 bits folded to 32 ({@link java.util.UUID#hashCode()}),
	 * modulo the number of streams. Events without a person go to stream 0.
	 */
	static int streamOf(PersonId person, int streams) {
		return person == null ? 0 : Math.floorMod(person.value().hashCode(), streams);
	}

	/**
	 * Appends {@code drafts}, in order, to {@code stream} within the caller's transaction; the stream stays locked
	 * until that transaction ends.
	 */
	List<AccessEvent> append(int stream, List<AccessEvent> drafts) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("Appending to the ledger needs a transaction");
		}
		RuntimeException fault = injectedFault;
		if (fault != null) {
			throw fault;
		}
		Head head = lockHead(stream);
		// numbered after the lock is held, so that within a stream the global sequence grows with the position
		List<Long> sequences = jdbc.queryForList("select nextval('access_event_sequence') from generate_series(1, ?)",
				Long.class, drafts.size());
		Collections.sort(sequences);
		List<AccessEvent> appended = new ArrayList<>(drafts.size());
		String previous = head.hash();
		long position = head.streamSequence();
		for (int i = 0; i < drafts.size(); i++) {
			AccessEvent event = drafts.get(i).appendedAs(sequences.get(i), stream, ++position, previous);
			appended.add(event);
			previous = event.hash();
		}
		jdbc.batchUpdate(AccessEventRows.INSERT, new BatchPreparedStatementSetter() {

			@Override
			public void setValues(PreparedStatement ps, int i) throws SQLException {
				AccessEventRows.bind(ps, appended.get(i));
			}

			@Override
			public int getBatchSize() {
				return appended.size();
			}
		});
		AccessEvent last = appended.get(appended.size() - 1);
		jdbc.update("update access_stream_heads set stream_sequence = ?, sequence = ?, hash = ? where stream = ?",
				last.streamSequence(), last.sequence(), last.hash(), stream);
		return appended;
	}

	void injectFault(RuntimeException fault) {
		this.injectedFault = fault;
	}

	private Head lockHead(int stream) {
		List<Head> heads = selectHeadForUpdate(stream);
		if (heads.isEmpty()) {
			jdbc.update("insert into access_stream_heads (stream, stream_sequence, sequence, hash) values (?, 0, 0, ?) "
					+ "on conflict do nothing", stream, CanonicalEncoding.GENESIS);
			heads = selectHeadForUpdate(stream);
		}
		return heads.get(0);
	}

	private List<Head> selectHeadForUpdate(int stream) {
		return jdbc.query("select stream_sequence, hash from access_stream_heads where stream = ? for update",
				(rs, row) -> new Head(rs.getLong("stream_sequence"), rs.getString("hash")), stream);
	}

	private record Head(long streamSequence, String hash) {
	}
}
