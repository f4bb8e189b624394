package org.carnet.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.carnet.core.Category;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tables of grants and their revocations; rows are only ever inserted. */
@Repository
class GrantStore {

	static final String GRANT_COLUMNS = "g.id, g.person_id, g.home_jurisdiction, g.grantee_kind, g.grantee, "
			+ "g.categories, g.access, g.purposes, g.jurisdictions, g.valid_from, g.valid_until, g.granted_by, "
			+ "g.granted_at, g.origin, g.origin_id, r.revoked_at, r.revoked_by, r.reason as revocation_reason";

	private static final String SELECT = "select " + GRANT_COLUMNS
			+ " from consent_grants g left join consent_revocations r on r.grant_id = g.id";

	private final JdbcClient jdbc;

	GrantStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(ConsentGrant grant) {
		jdbc.sql("""
				insert into consent_grants (id, person_id, home_jurisdiction, grantee_kind, grantee, categories, access,
				  purposes, jurisdictions, valid_from, valid_until, granted_by, granted_at, origin, origin_id)
				values (:id, :person, :home, :granteeKind, :grantee, :categories, :access, :purposes, :jurisdictions,
				  :validFrom, :validUntil, :grantedBy, :grantedAt, :origin, :originId)""")
			.param("id", grant.id().value())
			.param("person", grant.person().value())
			.param("home", grant.home().code())
			.param("granteeKind", grant.grantee().kind().name())
			.param("grantee", grant.grantee().value())
			.param("categories", Columns.texts(grant.categories()))
			.param("access", grant.access().name())
			.param("purposes", Columns.texts(grant.purposes()))
			.param("jurisdictions", Columns.texts(grant.jurisdictions()))
			.param("validFrom", Columns.time(grant.validFrom()))
			.param("validUntil", Columns.time(grant.validUntil()))
			.param("grantedBy", grant.grantedBy())
			.param("grantedAt", Columns.time(grant.grantedAt()))
			.param("origin", grant.origin().name())
			.param("originId", grant.originId().orElse(null))
			.update();
	}

	/** Records a revocation; false when the grant was already revoked (one revocation per grant). */
	boolean insertRevocation(GrantId grant, Revocation revocation) {
		return jdbc.sql("""
				insert into consent_revocations (grant_id, revoked_at, revoked_by, reason)
				values (:grant, :at, :by, :reason) on conflict (grant_id) do nothing""")
			.param("grant", grant.value())
			.param("at", Columns.time(revocation.at()))
			.param("by", revocation.by())
			.param("reason", revocation.reason().orElse(null))
			.update() == 1;
	}

	Optional<ConsentGrant> find(GrantId id) {
		return jdbc.sql(SELECT + " where g.id = :id").param("id", id.value()).query(GrantStore::map).optional();
	}

	/** Every grant of the person, newest first. */
	List<ConsentGrant> forPerson(PersonId person) {
		return jdbc.sql(SELECT + " where g.person_id = :person order by g.granted_at desc, g.id")
			.param("person", person.value())
			.query(GrantStore::map)
			.list();
	}

	static ConsentGrant map(ResultSet rs, int row) throws SQLException {
		Optional<Revocation> revocation = Optional.empty();
		if (rs.getObject("revoked_at") != null) {
			revocation = Optional.of(new Revocation(Columns.instant(rs, "revoked_at"), rs.getString("revoked_by"),
					Optional.ofNullable(rs.getString("revocation_reason"))));
		}
		return new ConsentGrant(new GrantId(Columns.uuid(rs, "id")), new PersonId(Columns.uuid(rs, "person_id")),
				Columns.jurisdiction(rs, "home_jurisdiction"),
				new Grantee(Grantee.Kind.valueOf(rs.getString("grantee_kind")), rs.getString("grantee")),
				Columns.enums(rs, "categories", Category.class), Access.valueOf(rs.getString("access")),
				Columns.enums(rs, "purposes", Purpose.class), Columns.jurisdictions(rs, "jurisdictions"),
				Columns.instant(rs, "valid_from"), Columns.instant(rs, "valid_until"), rs.getString("granted_by"),
				Columns.instant(rs, "granted_at"), GrantOrigin.valueOf(rs.getString("origin")),
				Optional.ofNullable(Columns.uuid(rs, "origin_id")), revocation);
	}
}
