package org.carnet.keyring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The progress of KEK rotations ({@code key_rotations}), one row per jurisdiction and new KEK version. */
@Repository
class RotationStore {

	private static final String COLUMNS = "jurisdiction, kek_version, state, total, done, rewrapped, failed, "
			+ "rate_per_second, last_person_id, min_decryption_version, started_at, updated_at, finished_at";

	private final JdbcClient jdbc;

	RotationStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
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
