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

/** The table of wrapped data keys, one row per person, with the version of the KEK that wrapped each. */
@Repository
class WrappedKeyStore {

	private static final String COLUMNS = "person_id, jurisdiction, wrapped_key";

	private final JdbcClient jdbc;

	WrappedKeyStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(WrappedKey key) {
		jdbc.sql("insert into person_keys (person_id, jurisdiction, wrapped_key, kek_version, created_at) "
				+ "values (?, ?, ?, ?, ?)")
			.params(key.person().value(), key.home().code(), key.wrapped(), key.kekVersion(),
					Timestamp.from(Instant.now()))
			.update();
	}

	List<WrappedKey> find(Collection<PersonId> persons) {
		UUID[] ids = persons.stream().map(PersonId::value).toArray(UUID[]::new);
		return jdbc.sql("select " + COLUMNS + " from person_keys where person_id = any(?)")
			.param(new SqlArrayValue("uuid", (Object[]) ids))
			.query((rs, i) -> new WrappedKey(new PersonId(rs.getObject(1, UUID.class)), Jurisdiction.of(rs.getString(2)),
					rs.getString(3)))
			.list();
	}

	void delete(PersonId person) {
		jdbc.sql("delete from person_keys where person_id = ?").param(person.value()).update();
	}

	/** How many keys of {@code jurisdiction} are still wrapped by a KEK version below {@code version}. */
	long countOlderThan(Jurisdiction jurisdiction, int version) {
		return jdbc.sql("select count(*) from person_keys where jurisdiction = ? and kek_version < ?")
			.params(jurisdiction.code(), version)
			.query(Long.class)
			.single();
	}

	/**
	 * The next keys of {@code jurisdiction} wrapped by a version below {@code version}, in person id order after
	 * {@code after} (exclusive; null to start from the first). Ordered by the database, so the last one returned is
	 * the cursor of the next call.
	 */
	List<WrappedKey> olderThan(Jurisdiction jurisdiction, int version, UUID after, int limit) {
		if (after == null) {
			return jdbc.sql("select " + COLUMNS + " from person_keys where jurisdiction = ? and kek_version < ? "
					+ "order by person_id limit ?")
				.params(jurisdiction.code(), version, limit)
				.query((rs, i) -> new WrappedKey(new PersonId(rs.getObject(1, UUID.class)), jurisdiction,
						rs.getString(3)))
				.list();
		}
		return jdbc.sql("select " + COLUMNS + " from person_keys where jurisdiction = ? and kek_version < ? "
				+ "and person_id > ? order by person_id limit ?")
			.params(jurisdiction.code(), version, after, limit)
			.query((rs, i) -> new WrappedKey(new PersonId(rs.getObject(1, UUID.class)), jurisdiction, rs.getString(3)))
			.list();
	}

	/**
	 * Stores rewrapped keys in one statement. A row changes only if it still holds the key that was rewrapped, so a
	 * person erased (or rewrapped by another process) in the meantime is left as it is. Returns the rows changed.
	 */
	int replace(List<WrappedKey> before, List<Rewrapped> after) {
		if (before.isEmpty()) {
			return 0;
		}
		UUID[] ids = new UUID[before.size()];
		String[] old = new String[before.size()];
		String[] wrapped = new String[before.size()];
		Integer[] versions = new Integer[before.size()];
		for (int i = 0; i < before.size(); i++) {
			ids[i] = before.get(i).person().value();
			old[i] = before.get(i).wrapped();
			wrapped[i] = after.get(i).wrapped();
			versions[i] = after.get(i).kekVersion();
		}
		return jdbc.sql("update person_keys k set wrapped_key = n.wrapped, kek_version = n.version, rewrapped_at = ? "
				+ "from unnest(?, ?, ?, ?) as n(person_id, old, wrapped, version) "
				+ "where k.person_id = n.person_id and k.wrapped_key = n.old")
			.params(Timestamp.from(Instant.now()), new SqlArrayValue("uuid", (Object[]) ids),
					new SqlArrayValue("text", (Object[]) old), new SqlArrayValue("text", (Object[]) wrapped),
					new SqlArrayValue("int4", (Object[]) versions))
			.update();
	}

	/** How many keys each key-encryption key (keyring, jurisdiction, version) wraps: what a start must be able to open. */
	List<KekUse> kekUses() {
		return jdbc.sql("select split_part(wrapped_key, ':', 1), jurisdiction, kek_version, count(*) from person_keys "
				+ "group by 1, 2, 3 order by 1, 2, 3")
			.query((rs, i) -> new KekUse(rs.getString(1), Jurisdiction.of(rs.getString(2)), rs.getInt(3), rs.getLong(4)))
			.list();
	}

	/** A few keys wrapped by one key-encryption key version, to try it on. */
	List<WrappedKey> sample(Jurisdiction jurisdiction, int version, String keyring, int limit) {
		return jdbc.sql("select " + COLUMNS + " from person_keys where jurisdiction = ? and kek_version = ? "
				+ "and wrapped_key like ? limit ?")
			.params(jurisdiction.code(), version, keyring + ":%", limit)
			.query((rs, i) -> new WrappedKey(new PersonId(rs.getObject(1, UUID.class)), jurisdiction, rs.getString(3)))
			.list();
	}

	/**
	 * The data keys wrapped by one key-encryption key version.
	 *
	 * @param keyring {@code local} or {@code vault}, as the wrapped form starts
	 */
	record KekUse(String keyring, Jurisdiction jurisdiction, int version, long keys) {
	}
}
