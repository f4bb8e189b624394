package org.carnet.record;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.carnet.core.PersonId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** The entries table: append only; the current entries are those no other entry supersedes. */
@Repository
class EntryStore {

	private static final String COLUMNS = "e.id, e.person_id, e.section, e.supersedes, e.recorded_by, e.recorded_at, e.content";

	private final JdbcClient jdbc;

	EntryStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(StoredEntry entry) {
		jdbc.sql("insert into entries (id, person_id, section, supersedes, recorded_by, recorded_at, content) "
				+ "values (?, ?, ?, ?, ?, ?, ?)")
			.params(entry.id(), entry.person().value(), entry.section().name(), entry.supersedes(), entry.recordedBy(),
					Timestamp.from(entry.recordedAt()), entry.ciphertext())
			.update();
	}

	/** The current (not superseded) entries of these persons in these sections, oldest first: one query. */
	List<StoredEntry> current(Collection<PersonId> persons, Collection<Section> sections) {
		UUID[] ids = persons.stream().map(PersonId::value).toArray(UUID[]::new);
		String[] names = sections.stream().map(Section::name).toArray(String[]::new);
		return jdbc.sql("select " + COLUMNS + " from entries e where e.person_id = any(?) and e.section = any(?) "
				+ "and not exists (select 1 from entries s where s.supersedes = e.id) order by e.recorded_at, e.id")
			.param(new SqlArrayValue("uuid", (Object[]) ids))
			.param(new SqlArrayValue("text", (Object[]) names))
			.query(EntryStore::map)
			.list();
	}

	/**
	 * The current entries of chosen (person, section) pairs, oldest first: one query for a whole list, each person
	 * with only the sections asked for them (a section withheld from one person is not read for them).
	 */
	List<StoredEntry> current(Map<PersonId, ? extends Collection<Section>> wanted) {
		List<UUID> ids = new ArrayList<>();
		List<String> names = new ArrayList<>();
		wanted.forEach((person, sections) -> sections.forEach(section -> {
			ids.add(person.value());
			names.add(section.name());
		}));
		return jdbc.sql("select " + COLUMNS + " from entries e join unnest(?, ?) as w(person_id, section) "
				+ "on e.person_id = w.person_id and e.section = w.section "
				+ "where not exists (select 1 from entries s where s.supersedes = e.id) order by e.recorded_at, e.id")
			.param(new SqlArrayValue("uuid", ids.toArray()))
			.param(new SqlArrayValue("text", names.toArray()))
			.query(EntryStore::map)
			.list();
	}

	/** Where the entry lives, for checking a correction: person, section, and whether it is already superseded. */
	Optional<StoredEntry> find(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from entries e where e.id = ?").param(id).query(EntryStore::map).optional();
	}

	boolean isSuperseded(UUID id) {
		return jdbc.sql("select count(*) from entries where supersedes = ?").param(id).query(Long.class).single() > 0;
	}

	void deleteAll(PersonId person) {
		jdbc.sql("delete from entries where person_id = ?").param(person.value()).update();
	}

	boolean hasRecorded(PersonId person, String subject) {
		return jdbc.sql("select exists (select 1 from entries where person_id = ? and recorded_by = ?)")
			.params(person.value(), subject)
			.query(Boolean.class)
			.single();
	}

	private static StoredEntry map(ResultSet rs, int row) throws SQLException {
		return new StoredEntry(rs.getObject("id", UUID.class), new PersonId(rs.getObject("person_id", UUID.class)),
				Section.valueOf(rs.getString("section")), rs.getObject("supersedes", UUID.class),
				rs.getString("recorded_by"), rs.getTimestamp("recorded_at").toInstant(), rs.getBytes("content"));
	}
}
