package org.carnet.consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.carnet.core.Category;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Loads what a decision needs in one query: the grants of a person that name the requester (by subject, by
 * organisation, or any clinician of a country), in every state, and the requester's emergency accesses to that
 * person still open at the decision's time. One query per request, whatever the number of categories decided.
 */
@Repository
class ConsentFactStore {

	private static final String QUERY = "select 'G' as fact, " + GrantStore.GRANT_COLUMNS + """
			, null::varchar as organisation, null::varchar as justification
			from consent_grants g left join consent_revocations r on r.grant_id = g.id
			where g.person_id = :person
			  and ((g.grantee_kind = 'USER' and g.grantee = :subject)
			    or (g.grantee_kind = 'ORGANISATION' and g.grantee = :organisation)
			    or (g.grantee_kind = 'ANY_CLINICIAN_IN' and :clinician))
			union all
			select 'E', e.id, e.person_id, e.home_jurisdiction, null, e.clinician, e.categories, null, null,
			  array[e.jurisdiction::text], e.opened_at, e.expires_at, null, null, null, null, null, null, null,
			  e.organisation, e.justification
			from emergency_accesses e
			where e.person_id = :person and e.clinician = :subject and e.expires_at > :time""";

	private final JdbcClient jdbc;

	ConsentFactStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	ConsentFacts load(PersonId person, Requester requester, Instant time) {
		List<ConsentGrant> grants = new ArrayList<>();
		List<EmergencyAccess> emergencies = new ArrayList<>();
		jdbc.sql(QUERY)
			.param("person", person.value())
			.param("subject", requester.subject())
			// a grantee is never empty, so an absent organisation matches no grant
			.param("organisation", requester.organisation().orElse(""))
			.param("clinician", requester.has(Role.CLINICIAN))
			.param("time", Columns.time(time))
			.query(rs -> {
				if ("G".equals(rs.getString("fact"))) {
					grants.add(GrantStore.map(rs, 0));
				}
				else {
					emergencies.add(new EmergencyAccess(new EmergencyAccessId(Columns.uuid(rs, "id")),
							new PersonId(Columns.uuid(rs, "person_id")), Columns.jurisdiction(rs, "home_jurisdiction"),
							rs.getString("grantee"), Optional.ofNullable(rs.getString("organisation")),
							Columns.jurisdictions(rs, "jurisdictions").iterator().next(),
							rs.getString("justification"), Columns.enums(rs, "categories", Category.class),
							Columns.instant(rs, "valid_from"), Columns.instant(rs, "valid_until")));
				}
			});
		return new ConsentFacts(grants, emergencies);
	}
}
