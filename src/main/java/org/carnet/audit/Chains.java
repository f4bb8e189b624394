package org.carnet.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.carnet.core.PersonId;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends events to the hash chains in {@code access_events}, in three round trips whatever the number of events:
 * lock and number, insert (moving the head), commit. The stream writer's append of a single event (the usual group
 * below saturation) takes one: {@code audit_append} locks, numbers, hashes and inserts it in the database, and the
 * commit follows in the same round trip. Each stream's head row in
 * {@code access_stream_heads} is locked ({@code select ... for update} in {@code audit_lock_stream} or
 * {@code audit_append}) for the rest of
 * the transaction, so appends to one stream, from this process or any other replica, follow each other: every event
 * links to the one committed before it, and the unique (stream, stream_sequence) constraint turns any attempt to fork
 * into an error.
 */
@Component
class Chains {

	/** Appends one event and moves the stream's head to it, in one statement. */
	private static final String INSERT_AND_MOVE_HEAD = "with head as (update access_stream_heads "
			+ "set stream_sequence = ?, sequence = ?, hash = ? where stream = ?) " + AccessEventRows.INSERT;

	/**
	 * One event placed, hashed and inserted by the database ({@code audit_append}), then the commit: the caller binds
	 * the event's 27 columns (its place left empty), its encoding's version and the encoding's rest. For a transaction
	 * that holds nothing but this append: should the function fail, PostgreSQL skips the commit and the transaction
	 * rolls back as usual; once the commit has run, the caller's own commit finds nothing left to do (pgjdbc sends
	 * none for an idle connection).
	 */
	private static final String APPEND_AND_COMMIT = "select o_sequence, o_stream_sequence, o_previous_hash, o_hash "
			+ "from audit_append(row(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			+ "::access_events, ?, ?); commit";

	private final JdbcTemplate jdbc;

	private final AuditMeters meters;

	Chains(JdbcTemplate jdbc, AuditMeters meters) {
		this.jdbc = jdbc;
		this.meters = meters;
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
		return append(stream, drafts, false);
	}

	/**
	 * Appends {@code drafts} as {@link #append(int, List)} does, in a transaction that holds nothing else (the stream
	 * writer's), and may commit that transaction: a single event is inserted and committed in one round trip. The
	 * caller still ends the transaction as usual; when the insert fails nothing was committed.
	 */
	List<AccessEvent> appendAndCommit(int stream, List<AccessEvent> drafts) {
		return append(stream, drafts, true);
	}

	List<AccessEvent> append(int stream, List<AccessEvent> drafts, boolean mayCommit) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("Appending to the ledger needs a transaction");
		}
		if (mayCommit && drafts.size() == 1) {
			AccessEvent appended = placeAndCommit(stream, drafts.get(0));
			meters.appending(List.of(appended));
			return List.of(appended);
		}
		Head head = lockHead(stream, drafts.size());
		List<AccessEvent> appended = new ArrayList<>(drafts.size());
		String previous = head.hash();
		long position = head.streamSequence();
		for (int i = 0; i < drafts.size(); i++) {
			AccessEvent event = drafts.get(i).appendedAs(head.sequences()[i], stream, ++position, previous);
			appended.add(event);
			previous = event.hash();
		}
		// one round trip for all rows; each row also moves the head to itself, so the last one leaves it at the end
		jdbc.batchUpdate(INSERT_AND_MOVE_HEAD, new BatchPreparedStatementSetter() {

			@Override
			public void setValues(PreparedStatement ps, int i) throws SQLException {
				bind(ps, appended.get(i), stream);
			}

			@Override
			public int getBatchSize() {
				return appended.size();
			}
		});
		// counted once the transaction commits: the meters hold what the ledger holds
		meters.appending(appended);
		return appended;
	}

	/**
	 * One event in one round trip: the database places, hashes and inserts it and commits. The hash it made is checked
	 * against the one this encoding gives for the place it returned; should they ever differ, the event is refused
	 * (the caller serves nothing) and the ledger's verification will report it.
	 */
	private AccessEvent placeAndCommit(int stream, AccessEvent draft) {
		return jdbc.execute(APPEND_AND_COMMIT, (PreparedStatement ps) -> {
			AccessEventRows.bind(ps, draft, 0);
			ps.setInt(2, stream);
			// the person as text, whether or not there is one: a parameter that is a uuid for one event and of no
			// type for the next (null) makes pgjdbc describe the prepared statement again, a round trip more
			ps.setString(14, draft.personId() == null ? null : draft.personId().value().toString());
			ps.setString(28, CanonicalEncoding.version(draft));
			ps.setString(29, CanonicalEncoding.rest(draft));
			ps.execute();
			try (ResultSet rs = ps.getResultSet()) {
				if (rs == null || !rs.next()) {
					throw new IllegalStateException("audit_append returned no row");
				}
				AccessEvent placed = draft.appendedAs(rs.getLong(1), stream, rs.getLong(2), rs.getString(3));
				if (!placed.hash().equals(rs.getString(4))) {
					// the stream writer logs this (the sequence number, nothing of the event) and refuses the access
					throw new IllegalStateException("The database hashed audit event " + placed.sequence()
							+ " otherwise than its canonical encoding does");
				}
				return placed;
			}
		});
	}

	private static void bind(PreparedStatement ps, AccessEvent event, int stream) throws SQLException {
		ps.setLong(1, event.streamSequence());
		ps.setLong(2, event.sequence());
		ps.setString(3, event.hash());
		ps.setInt(4, stream);
		AccessEventRows.bind(ps, event, 4);
	}

	/** Locks the stream's head (creating it at the first append) and takes {@code count} sequence numbers. */
	private Head lockHead(int stream, int count) {
		List<Head> heads = lockAndNumber(stream, count);
		if (heads.isEmpty()) {
			jdbc.update("insert into access_stream_heads (stream, stream_sequence, sequence, hash) values (?, 0, 0, ?) "
					+ "on conflict do nothing", stream, CanonicalEncoding.GENESIS);
			heads = lockAndNumber(stream, count);
		}
		return heads.get(0);
	}

	private List<Head> lockAndNumber(int stream, int count) {
		return jdbc.query("select stream_sequence, hash, sequences from audit_lock_stream(?::smallint, ?)",
				(rs, row) -> {
					Long[] numbers = (Long[]) rs.getArray("sequences").getArray();
					long[] sequences = new long[numbers.length];
					for (int i = 0; i < numbers.length; i++) {
						sequences[i] = numbers[i];
					}
					// nextval hands out increasing numbers, but the array's order is not promised: sort
					Arrays.sort(sequences);
					return new Head(rs.getLong("stream_sequence"), rs.getString("hash"), sequences);
				}, stream, count);
	}

	private record Head(long streamSequence, String hash, long[] sequences) {
	}
}
