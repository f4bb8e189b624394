package org.carnet.record;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** The persons table. */
@Repository
class PersonStore {

	private static final String COLUMNS = "id, phr_number, home_jurisdiction, created_at, registered_by";

	private final JdbcClient jdbc;

	PersonStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts the person unless the PHR number is taken; true when inserted. */
	boolean insertIfPhrFree(Person person) {
		return jdbc.sql("insert into persons (" + COLUMNS + ") values (?, ?, ?, ?, ?) on conflict (phr_number) do nothing")
			.params(person.id().value(), person.phrNumber().value(), person.homeJurisdiction().code(),
					Timestamp.from(person.createdAt()), person.registeredBy())
			.update() == 1;
	}

	void delete(PersonId id) {
		jdbc.sql("delete from persons where id = ?").param(id.value()).update();
	}

	Optional<Person> find(PersonId id) {
		return jdbc.sql("select " + COLUMNS + " from persons where id = ?").param(id.value()).query(PersonStore::map).optional();
	}

	List<Person> findAll(Collection<PersonId> ids) {
		UUID[] values = ids.stream().map(PersonId::value).toArray(UUID[]::new);
		return jdbc.sql("select " + COLUMNS + " from persons where id = any(?)")
			.param(new SqlArrayValue("uuid", (Object[]) values))
			.query(PersonStore::map)
			.list();
	}

	Optional<Person> findByPhrNumber(PhrNumber phr) {
		return jdbc.sql("select " + COLUMNS + " from persons where phr_number = ?")
			.param(phr.value())
			.query(PersonStore::map)
			.optional();
	}

	private static Person map(ResultSet rs, int row) throws SQLException {
		return new Person(new PersonId(rs.getObject("id", UUID.class)), new PhrNumber(rs.getString("phr_number")),
				Jurisdiction.of(rs.getString("home_jurisdiction")), rs.getTimestamp("created_at").toInstant(),
				rs.getString("registered_by"));
	}
}
