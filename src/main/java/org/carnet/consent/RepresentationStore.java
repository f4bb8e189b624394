package org.carnet.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.carnet.core.ActingFor;
import org.carnet.core.PersonId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Guardianships and proxies ({@code representations}). */
@Repository
class RepresentationStore {

	private static final String COLUMNS = "id, person_id, representative, kind, read_record, manage_consent, "
			+ "valid_from, valid_until, authority_reference, created_by, created_at, revoked_at, revoked_by";

	/** At most this many representations are listed for one person or one representative. */
	static final int LIST_LIMIT = 200;

	private final JdbcClient jdbc;

	RepresentationStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Representation representation) {
		jdbc.sql("insert into representations (" + COLUMNS + ") values (:id, :person, :representative, :kind, "
				+ ":read, :manage, :from, :until, :reference, :by, :at, null, null)")
			.param("id", representation.id())
			.param("person", representation.person().value())
			.param("representative", representation.representative())
			.param("kind", representation.kind().name())
			.param("read", representation.readRecord())
			.param("manage", representation.manageConsent())
			.param("from", Columns.time(representation.validFrom()))
			.param("until", Columns.time(representation.validUntil()))
			.param("reference", representation.authorityReference().orElse(null))
			.param("by", representation.createdBy())
			.param("at", Columns.time(representation.createdAt()))
			.update();
	}

	/** The representation with this id, locked until the transaction ends. */
	Optional<Representation> lock(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from representations where id = :id for update")
			.param("id", id)
			.query(RepresentationStore::map)
			.optional();
	}

	boolean revoke(UUID id, Instant at, String by) {
		return jdbc.sql("update representations set revoked_at = :at, revoked_by = :by where id = :id "
				+ "and revoked_at is null")
			.param("at", Columns.time(at))
			.param("by", by)
			.param("id", id)
			.update() > 0;
	}

	/** Every representation of {@code representative} (any case) for {@code person}, newest first. */
	List<Representation> of(String representative, PersonId person) {
		return jdbc.sql("select " + COLUMNS + " from representations where lower(representative) = lower(:who) "
				+ "and person_id = :person order by created_at desc limit " + LIST_LIMIT)
			.param("who", representative)
			.param("person", person.value())
			.query(RepresentationStore::map)
			.list();
	}

	/** The person's representations, newest first. */
	List<Representation> forPerson(PersonId person) {
		return jdbc.sql("select " + COLUMNS + " from representations where person_id = :person "
				+ "order by created_at desc limit " + LIST_LIMIT)
			.param("person", person.value())
			.query(RepresentationStore::map)
			.list();
	}

	/** The representations a user holds, newest first. */
	List<Representation> byRepresentative(String representative) {
		return jdbc.sql("select " + COLUMNS + " from representations where lower(representative) = lower(:who) "
				+ "order by created_at desc limit " + LIST_LIMIT)
			.param("who", representative)
			.query(RepresentationStore::map)
			.list();
	}

	/**
	 * Guardianships that ended at the person's majority by {@code now} whose person has not been told yet, at most
	 * {@code limit}, locked (others skip them: one replica tells each person once).
	 */
	List<Representation> comeOfAgeUntold(Instant now, int limit) {
		return jdbc.sql("select " + COLUMNS + " from representations where kind = 'GUARDIAN' and majority_told_at "
				+ "is null and revoked_at is null and valid_until <= :now order by valid_until limit :limit "
				+ "for update skip locked")
			.param("now", Columns.time(now))
			.param("limit", limit)
			.query(RepresentationStore::map)
			.list();
	}

	void told(Representation representation, Instant at) {
		jdbc.sql("update representations set majority_told_at = :at where person_id = :person and id = :id")
			.param("at", Columns.time(at))
			.param("person", representation.person().value())
			.param("id", representation.id())
			.update();
	}

	/** Forgets every representation of an erased person. */
	int deleteFor(PersonId person) {
		return jdbc.sql("delete from representations where person_id = :person")
			.param("person", person.value())
			.update();
	}

	private static Representation map(ResultSet rs, int row) throws SQLException {
		return new Representation(Columns.uuid(rs, "id"), new PersonId(Columns.uuid(rs, "person_id")),
				rs.getString("representative"), ActingFor.Kind.valueOf(rs.getString("kind")),
				rs.getBoolean("read_record"), rs.getBoolean("manage_consent"), Columns.instant(rs, "valid_from"),
				Columns.instant(rs, "valid_until"), Optional.ofNullable(rs.getString("authority_reference")),
				rs.getString("created_by"), Columns.instant(rs, "created_at"),
				Columns.optionalInstant(rs, "revoked_at"), Optional.ofNullable(rs.getString("revoked_by")));
	}
}
