package org.carnet.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.carnet.core.Category;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/**
 * Loads what a decision needs in one query: the grants of a person that name the requester (by subject, by
 * organisation, or any clinician of a country), in every state, and the requester's emergency accesses to that
 * person still open at the decision's time. One query per request, whatever the number of categories decided, and
 * whatever the number of persons of a list. Hand-written, not a Spring Data JDBC query: one statement answers for
 * many persons and two tables of different shape (grants with their revocations, emergency accesses), which keeps the
 * read path at a fixed number of statements; its rows are mapped here.
 */
@Repository
class ConsentFactStore {

	private static final String GRANT_COLUMNS = "g.id, g.person_id, g.home_jurisdiction, g.grantee_kind, g.grantee, "
			+ "g.categories, g.access, g.purposes, g.jurisdictions, g.valid_from, g.valid_until, g.granted_by, "
			+ "g.granted_at, g.origin, g.origin_id, g.coarse_categories, r.revoked_at, r.revoked_by, r.reason as revocation_reason";

	private static final String QUERY = "select 'G' as fact, " + GRANT_COLUMNS + """
			, null::varchar as organisation, null::varchar as justification
			from consent_grants g left join consent_revocations r on r.grant_id = g.id
			where g.person_id = any(:persons)
			  and ((g.grantee_kind = 'USER' and g.grantee = :subject)
			    or (g.grantee_kind = 'ORGANISATION' and g.grantee = :organisation)
			    or (g.grantee_kind = 'ANY_CLINICIAN_IN' and :clinician))
			union all
			select 'E', e.id, e.person_id, e.home_jurisdiction, null, e.clinician, e.categories, null, null,
			  array[e.jurisdiction::text], e.opened_at, e.expires_at, null, null, null, null, null, null, null, null,
			  e.organisation, e.justification
			from emergency_accesses e
			where e.person_id = any(:persons) and e.clinician = :subject and e.expires_at > :time""";

	/** The same for one person. */
	private static final String ONE_PERSON = QUERY.replace("any(:persons)", ":persons");

	private final JdbcClient jdbc;

	ConsentFactStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	ConsentFacts load(PersonId person, Requester requester, Instant time) {
		return loadAll(List.of(person), requester, time).get(person);
	}

	/** The facts of each of these persons (every person asked for has facts, possibly none): one query. */
	Map<PersonId, ConsentFacts> loadAll(Collection<PersonId> persons, Requester requester, Instant time) {
		Map<PersonId, List<ConsentGrant>> grants = new LinkedHashMap<>();
		Map<PersonId, List<EmergencyAccess>> emergencies = new LinkedHashMap<>();
		for (PersonId person : persons) {
			grants.put(person, new ArrayList<>());
			emergencies.put(person, new ArrayList<>());
		}
		// one person (a read of one record, the common case) is asked by value: PostgreSQL then keeps one generic
		// plan for the statement; with an array of unknown length it planned the query anew for every read
		Object asked = persons.size() == 1 ? persons.iterator().next().value()
				: new SqlArrayValue("uuid", persons.stream().map(PersonId::value).toArray(UUID[]::new));
		jdbc.sql(persons.size() == 1 ? ONE_PERSON : QUERY)
			.param("persons", asked)
			.param("subject", requester.subject())
			// a grantee is never empty, so an absent organisation matches no grant
			.param("organisation", requester.organisation().orElse(""))
			.param("clinician", requester.has(Role.CLINICIAN))
			.param("time", Columns.time(time))
			.query(rs -> {
				if ("G".equals(rs.getString("fact"))) {
					ConsentGrant grant = grant(rs);
					grants.get(grant.person()).add(grant);
				}
				else {
					EmergencyAccess access = new EmergencyAccess(new EmergencyAccessId(Columns.uuid(rs, "id")),
							new PersonId(Columns.uuid(rs, "person_id")), Columns.jurisdiction(rs, "home_jurisdiction"),
							rs.getString("grantee"), Optional.ofNullable(rs.getString("organisation")),
							Columns.jurisdictions(rs, "jurisdictions").iterator().next(),
							rs.getString("justification"), Columns.enums(rs, "categories", Category.class),
							Columns.instant(rs, "valid_from"), Columns.instant(rs, "valid_until"));
					emergencies.get(access.person()).add(access);
				}
			});
		Map<PersonId, ConsentFacts> facts = new LinkedHashMap<>();
		for (PersonId person : persons) {
			facts.put(person, new ConsentFacts(grants.get(person), emergencies.get(person)));
		}
		return facts;
	}

	private static ConsentGrant grant(ResultSet rs) throws SQLException {
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
				Optional.ofNullable(Columns.uuid(rs, "origin_id")), revocation,
				Columns.enums(rs, "coarse_categories", Category.class));
	}
}
