package org.carnet.keyring;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** The table of wrapped data keys, one row per person. */
@Repository
class WrappedKeys {

	private final JdbcClient jdbc;

	WrappedKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(WrappedKey key) {
		jdbc.sql("insert into person_keys (person_id, jurisdiction, wrapped_key, created_at) values (?, ?, ?, ?)")
			.params(key.person().value(), key.home().code(), key.wrapped(), Timestamp.from(Instant.now()))
			.update();
	}

	List<WrappedKey> find(Collection<PersonId> persons) {
		UUID[] ids = persons.stream().map(PersonId::value).toArray(UUID[]::new);
		return jdbc.sql("select person_id, jurisdiction, wrapped_key from person_keys where person_id = any(?)")
			.param(new SqlArrayValue("uuid", (Object[]) ids))
			.query((rs, i) -> new WrappedKey(new PersonId(rs.getObject(1, UUID.class)), Jurisdiction.of(rs.getString(2)),
					rs.getString(3)))
			.list();
	}

	void delete(PersonId person) {
		jdbc.sql("delete from person_keys where person_id = ?").param(person.value()).update();
	}
}
