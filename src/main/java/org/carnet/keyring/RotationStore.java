package org.carnet.keyring;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The progress of KEK rotations ({@code key_rotations}), one row per jurisdiction and new KEK version, and the claim
 * that lets one process at a time (of all replicas on the database) rotate a jurisdiction.
 */
@Repository
class RotationStore {

	private static final Logger log = LoggerFactory.getLogger(RotationStore.class);

	/** The first key of the rotation claims' advisory locks ("KEKR"); the second is the jurisdiction. */
	private static final int ROTATION_LOCKS = 0x4B454B52;

	private final DataSource dataSource;

	private static final String COLUMNS = "jurisdiction, kek_version, state, total, done, rewrapped, failed, "
			+ "rate_per_second, last_person_id, min_decryption_version, started_at, updated_at, finished_at";

	private final JdbcClient jdbc;

	RotationStore(DataSource dataSource) {
		this.dataSource = dataSource;
		this.jdbc = JdbcClient.create(dataSource);
	}

	/**
	 * Claims the rotation of {@code jurisdiction} for this process until the claim is closed: a PostgreSQL session
	 * lock on a connection of its own, so that it ends with the process (a replica killed mid-rotation leaves no
	 * claim behind, and the next start resumes). Empty when another process, or another claim here, holds it.
	 */
	Optional<Claim> claim(Jurisdiction jurisdiction) {
		Connection connection = null;
		try {
			connection = dataSource.getConnection();
			connection.setAutoCommit(true);
			try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
				lock.setInt(1, ROTATION_LOCKS);
				lock.setInt(2, lockKey(jurisdiction));
				try (ResultSet rs = lock.executeQuery()) {
					if (rs.next() && rs.getBoolean(1)) {
						return Optional.of(new Claim(jurisdiction, connection));
					}
				}
			}
			connection.close();
			return Optional.empty();
		}
		catch (SQLException ex) {
			closeQuietly(connection);
			throw new KeyringUnavailable("Cannot claim the rotation of " + jurisdiction + " in the database: "
					+ ex.getMessage(), ex);
		}
	}

	void insert(Jurisdiction jurisdiction, int kekVersion, long total, Instant now) {
		jdbc.sql("insert into key_rotations (jurisdiction, kek_version, state, total, started_at, updated_at) "
				+ "values (?, ?, 'RUNNING', ?, ?, ?)")
			.params(jurisdiction.code(), kekVersion, total, Timestamp.from(now), Timestamp.from(now))
			.update();
	}

	/** The rotation of {@code jurisdiction} that was started and has not finished, if any. */
	Optional<RotationStatus> running(Jurisdiction jurisdiction) {
		return jdbc.sql("select " + COLUMNS + " from key_rotations where jurisdiction = ? and state = 'RUNNING' "
				+ "order by kek_version desc limit 1")
			.param(jurisdiction.code())
			.query(RotationStore::status)
			.optional();
	}

	/** The latest rotation of {@code jurisdiction}. */
	Optional<RotationStatus> latest(Jurisdiction jurisdiction) {
		return jdbc.sql("select " + COLUMNS + " from key_rotations where jurisdiction = ? "
				+ "order by kek_version desc limit 1")
			.param(jurisdiction.code())
			.query(RotationStore::status)
			.optional();
	}

	/**
	 * The rotation's row, locked until the end of the transaction: two processes resuming the same rotation take
	 * turns batch by batch instead of rewrapping the same keys twice.
	 */
	RotationStatus lock(Jurisdiction jurisdiction, int kekVersion) {
		return jdbc.sql("select " + COLUMNS + " from key_rotations where jurisdiction = ? and kek_version = ? "
				+ "for update")
			.params(jurisdiction.code(), kekVersion)
			.query(RotationStore::status)
			.single();
	}

	void progress(Jurisdiction jurisdiction, int kekVersion, int done, int rewrapped, int failed, UUID lastPerson,
			double rate, Instant now) {
		jdbc.sql("update key_rotations set done = done + ?, rewrapped = rewrapped + ?, failed = failed + ?, "
				+ "last_person_id = ?, rate_per_second = ?, updated_at = ? where jurisdiction = ? and kek_version = ?")
			.params(done, rewrapped, failed, lastPerson, rate, Timestamp.from(now), jurisdiction.code(), kekVersion)
			.update();
	}

	void finish(Jurisdiction jurisdiction, int kekVersion, RotationStatus.State state, Instant now) {
		jdbc.sql("update key_rotations set state = ?, finished_at = ?, updated_at = ? "
				+ "where jurisdiction = ? and kek_version = ?")
			.params(state.name(), Timestamp.from(now), Timestamp.from(now), jurisdiction.code(), kekVersion)
			.update();
	}

	void minDecryptionVersionRaised(Jurisdiction jurisdiction, int kekVersion, Instant now) {
		jdbc.sql("update key_rotations set min_decryption_version = ?, updated_at = ? "
				+ "where jurisdiction = ? and kek_version = ?")
			.params(kekVersion, Timestamp.from(now), jurisdiction.code(), kekVersion)
			.update();
	}

	/** Two letters, one number: claims of different jurisdictions never share a lock. */
	private static int lockKey(Jurisdiction jurisdiction) {
		String code = jurisdiction.code();
		return code.charAt(0) << 16 | code.charAt(1);
	}

	private static void closeQuietly(Connection connection) {
		if (connection == null) {
			return;
		}
		try {
			connection.close();
		}
		catch (SQLException ignored) {
			// a connection that fails to close is dropped by the pool
		}
	}

	/** A held claim on the rotation of one jurisdiction; closing it releases the lock and its connection. */
	static final class Claim implements AutoCloseable {

		private final Jurisdiction jurisdiction;

		private final Connection connection;

		private Claim(Jurisdiction jurisdiction, Connection connection) {
			this.jurisdiction = jurisdiction;
			this.connection = connection;
		}

		@Override
		public void close() {
			try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?, ?)")) {
				unlock.setInt(1, ROTATION_LOCKS);
				unlock.setInt(2, lockKey(jurisdiction));
				unlock.execute();
			}
			catch (SQLException ex) {
				// the session is gone, and its lock with it; a pooled connection still holding it must not be reused
				log.warn("Could not release the rotation claim of {} ({}); dropping its connection", jurisdiction,
						ex.getMessage());
				try {
					connection.abort(Runnable::run);
				}
				catch (SQLException ignored) {
					// closed below all the same
				}
			}
			closeQuietly(connection);
		}
	}

	private static RotationStatus status(ResultSet rs, int row) throws SQLException {
		UUID last = rs.getObject("last_person_id", UUID.class);
		Timestamp finished = rs.getTimestamp("finished_at");
		double rate = rs.getDouble("rate_per_second"); // 0 when not measured yet
		return new RotationStatus(Jurisdiction.of(rs.getString("jurisdiction")), rs.getInt("kek_version"),
				RotationStatus.State.valueOf(rs.getString("state")), rs.getLong("total"), rs.getLong("done"),
				rs.getLong("rewrapped"), rs.getLong("failed"), rate,
				last == null ? null : new PersonId(last), rs.getObject("min_decryption_version", Integer.class),
				rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
				finished == null ? null : finished.toInstant());
	}
}
