package org.carnet.record;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.carnet.core.PersonId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The erasure requests and proposals; a row is inserted, then marked carried out once. */
@Repository
class ErasureRequestStore {

	private static final String SELECT = "select id, person_id, kind, requested_by, reason, requested_at, expires_at, "
			+ "carried_out_by, carried_out_at from erasure_requests";

	private final JdbcClient jdbc;

	ErasureRequestStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(ErasureRequest request) {
		jdbc.sql("""
				insert into erasure_requests (id, person_id, kind, requested_by, reason, requested_at, expires_at)
				values (:id, :person, :kind, :by, :reason, :at, :expires)""")
			.param("id", request.id())
			.param("person", request.person().value())
			.param("kind", request.kind().name())
			.param("by", request.requestedBy())
			.param("reason", request.reason().orElse(null))
			.param("at", Timestamp.from(request.requestedAt()))
			.param("expires", Timestamp.from(request.expiresAt()))
			.update();
	}

	Optional<ErasureRequest> find(UUID id) {
		return jdbc.sql(SELECT + " where id = :id").param("id", id).query(ErasureRequestStore::map).optional();
	}

	/** Locks the row until the end of the transaction, so that two approvals cannot both carry it out. */
	Optional<ErasureRequest> findForUpdate(UUID id) {
		return jdbc.sql(SELECT + " where id = :id for update")
			.param("id", id)
			.query(ErasureRequestStore::map)
			.optional();
	}

	/** Requests and proposals neither carried out nor expired at {@code now}, oldest first, at most {@code limit}. */
	List<ErasureRequest> pending(Instant now, int limit) {
		return jdbc.sql(SELECT + " where carried_out_at is null and expires_at > :now order by requested_at, id "
				+ "limit :limit")
			.param("now", Timestamp.from(now))
			.param("limit", limit)
			.query(ErasureRequestStore::map)
			.list();
	}

	/** Marks it carried out; false when it already was. */
	boolean carriedOut(UUID id, String by, Instant at) {
		return jdbc.sql("update erasure_requests set carried_out_by = :by, carried_out_at = :at "
				+ "where id = :id and carried_out_at is null")
			.param("id", id)
			.param("by", by)
			.param("at", Timestamp.from(at))
			.update() == 1;
	}

	private static ErasureRequest map(ResultSet rs, int row) throws SQLException {
		Timestamp carriedOutAt = rs.getTimestamp("carried_out_at");
		return new ErasureRequest(rs.getObject("id", UUID.class), new PersonId(rs.getObject("person_id", UUID.class)),
				ErasureRequest.Kind.valueOf(rs.getString("kind")), rs.getString("requested_by"),
				Optional.ofNullable(rs.getString("reason")), rs.getTimestamp("requested_at").toInstant(),
				rs.getTimestamp("expires_at").toInstant(), Optional.ofNullable(rs.getString("carried_out_by")),
				Optional.ofNullable(carriedOutAt).map(Timestamp::toInstant));
	}
}
