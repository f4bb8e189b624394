package org.carnet.record;

import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tombstones of erased records. */
@Repository
class TombstoneStore {

	private final JdbcClient jdbc;

	TombstoneStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Tombstone tombstone) {
		jdbc.sql("insert into erased_persons (person_id, phr_number, home_jurisdiction, erased_at, erased_by, "
				+ "request_reference) values (?, ?, ?, ?, ?, ?)")
			.params(tombstone.person().value(), tombstone.phrNumber().value(), tombstone.homeJurisdiction().code(),
					Timestamp.from(tombstone.erasedAt()), tombstone.erasedBy(),
					tombstone.requestReference().orElse(null))
			.update();
	}

	Optional<Tombstone> find(PersonId person) {
		return jdbc.sql("select person_id, phr_number, home_jurisdiction, erased_at, erased_by, request_reference "
				+ "from erased_persons where person_id = ?")
			.param(person.value())
			.query((rs, i) -> new Tombstone(new PersonId(rs.getObject(1, UUID.class)), new PhrNumber(rs.getString(2)),
					Jurisdiction.of(rs.getString(3)), rs.getTimestamp(4).toInstant(), rs.getString(5),
					Optional.ofNullable(rs.getString(6))))
			.optional();
	}
}
