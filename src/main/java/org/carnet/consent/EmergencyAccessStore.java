package org.carnet.consent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tables of emergency accesses and of persons' opt-outs from them. */
@Repository
class EmergencyAccessStore {

	private final JdbcClient jdbc;

	EmergencyAccessStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(EmergencyAccess access) {
		jdbc.sql("""
				insert into emergency_accesses (id, person_id, home_jurisdiction, clinician, organisation, jurisdiction,
				  justification, categories, opened_at, expires_at)
				values (:id, :person, :home, :clinician, :organisation, :jurisdiction, :justification, :categories,
				  :openedAt, :expiresAt)""")
			.param("id", access.id().value())
			.param("person", access.person().value())
			.param("home", access.home().code())
			.param("clinician", access.clinician())
			.param("organisation", access.organisation().orElse(null))
			.param("jurisdiction", access.jurisdiction().code())
			.param("justification", access.justification())
			.param("categories", Columns.texts(access.categories()))
			.param("openedAt", Columns.time(access.openedAt()))
			.param("expiresAt", Columns.time(access.expiresAt()))
			.update();
	}

	List<EmergencyAccess> forPerson(PersonId person) {
		return jdbc.sql("select * from emergency_accesses where person_id = :person order by opened_at desc, id")
			.param("person", person.value())
			.query(EmergencyAccessStore::map)
			.list();
	}

	/**
	 * Serialises one clinician's openings until the transaction ends (a transaction-level advisory lock, released at
	 * commit or rollback), so that two concurrent openings cannot both miss each other.
	 */
	void lockOpeningsOf(String clinician) {
		jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
			.param("key", "carnet.break-glass:" + clinician)
			.query(Object.class)
			.list();
	}

	/** The clinician's emergency access to the person, acting from that country, still open at {@code at}. */
	Optional<EmergencyAccess> openBy(PersonId person, String clinician, Jurisdiction actingFrom, Instant at) {
		return jdbc.sql("""
				select * from emergency_accesses
				where person_id = :person and clinician = :clinician and jurisdiction = :jurisdiction
				  and opened_at <= :at and expires_at > :at
				order by expires_at desc, id limit 1""")
			.param("person", person.value())
			.param("clinician", clinician)
			.param("jurisdiction", actingFrom.code())
			.param("at", Columns.time(at))
			.query(EmergencyAccessStore::map)
			.optional();
	}

	/** How many emergency accesses the clinician opened since {@code since}. */
	long openedSince(String clinician, Instant since) {
		return jdbc.sql("select count(*) from emergency_accesses where clinician = :clinician and opened_at > :since")
			.param("clinician", clinician)
			.param("since", Columns.time(since))
			.query(Long.class)
			.single();
	}

	private static EmergencyAccess map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new EmergencyAccess(new EmergencyAccessId(Columns.uuid(rs, "id")),
				new PersonId(Columns.uuid(rs, "person_id")), Columns.jurisdiction(rs, "home_jurisdiction"),
				rs.getString("clinician"), Optional.ofNullable(rs.getString("organisation")),
				Columns.jurisdiction(rs, "jurisdiction"), rs.getString("justification"),
				Columns.enums(rs, "categories", Category.class), Columns.instant(rs, "opened_at"),
				Columns.instant(rs, "expires_at"));
	}

	boolean hasOptedOut(PersonId person) {
		return jdbc.sql("select count(*) from break_glass_opt_outs where person_id = :person")
			.param("person", person.value())
			.query(Long.class)
			.single() > 0;
	}

	void optOut(PersonId person, String by, Instant at) {
		jdbc.sql("""
				insert into break_glass_opt_outs (person_id, opted_out_at, opted_out_by) values (:person, :at, :by)
				on conflict (person_id) do nothing""")
			.param("person", person.value())
			.param("at", Columns.time(at))
			.param("by", by)
			.update();
	}

	void optIn(PersonId person) {
		jdbc.sql("delete from break_glass_opt_outs where person_id = :person").param("person", person.value()).update();
	}
}
