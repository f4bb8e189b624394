package org.carnet.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.carnet.core.Category;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The table of consent requests. */
@Repository
class ConsentRequestStore {

	private final JdbcClient jdbc;

	ConsentRequestStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(ConsentRequest request) {
		jdbc.sql("""
				insert into consent_requests (id, person_id, home_jurisdiction, kind, requested_by, requested_by_role,
				  requested_by_organisation, requested_by_jurisdiction, grantee_kind, grantee, categories, access,
				  purposes, jurisdictions, grant_duration_seconds, reason, created_at, expires_at)
				values (:id, :person, :home, :kind, :requestedBy, :role, :organisation, :jurisdiction, :granteeKind,
				  :grantee, :categories, :access, :purposes, :jurisdictions, :duration, :reason, :createdAt, :expiresAt)""")
			.param("id", request.id().value())
			.param("person", request.person().value())
			.param("home", request.home().code())
			.param("kind", request.kind().name())
			.param("requestedBy", request.requestedBy())
			.param("role", request.requestedByRole().name())
			.param("organisation", request.requestedByOrganisation().orElse(null))
			.param("jurisdiction", request.requestedByJurisdiction().code())
			.param("granteeKind", request.grantee().kind().name())
			.param("grantee", request.grantee().value())
			.param("categories", Columns.texts(request.categories()))
			.param("access", request.access().name())
			.param("purposes", Columns.texts(request.purposes()))
			.param("jurisdictions", Columns.texts(request.jurisdictions()))
			.param("duration", request.grantDuration().toSeconds())
			.param("reason", request.reason())
			.param("createdAt", Columns.time(request.createdAt()))
			.param("expiresAt", Columns.time(request.expiresAt()))
			.update();
	}

	Optional<ConsentRequest> find(ConsentRequestId id) {
		return jdbc.sql("select * from consent_requests where id = :id")
			.param("id", id.value())
			.query(ConsentRequestStore::map)
			.optional();
	}

	List<ConsentRequest> forPerson(PersonId person) {
		return jdbc.sql("select * from consent_requests where person_id = :person order by created_at desc, id")
			.param("person", person.value())
			.query(ConsentRequestStore::map)
			.list();
	}

	List<ConsentRequest> sentBy(String subject) {
		return jdbc.sql("select * from consent_requests where requested_by = :subject order by created_at desc, id")
			.param("subject", subject)
			.query(ConsentRequestStore::map)
			.list();
	}

	/** Serialises one requester's consent requests until the transaction ends (a transaction-level advisory lock). */
	void lockRequestsOf(String subject) {
		jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
			.param("key", "carnet.consent-request:" + subject)
			.query(Object.class)
			.list();
	}

	/** The requester's requests to the person still awaiting an answer at {@code at}, newest first. */
	List<ConsentRequest> pendingFrom(PersonId person, String subject, Instant at) {
		return jdbc.sql("""
				select * from consent_requests
				where person_id = :person and requested_by = :subject and answered_at is null and expires_at > :at
				order by created_at desc, id""")
			.param("person", person.value())
			.param("subject", subject)
			.param("at", Columns.time(at))
			.query(ConsentRequestStore::map)
			.list();
	}

	/** How many consent requests the requester sent since {@code since}. */
	long sentSince(String subject, Instant since) {
		return jdbc.sql("select count(*) from consent_requests where requested_by = :subject and created_at > :since")
			.param("subject", subject)
			.param("since", Columns.time(since))
			.query(Long.class)
			.single();
	}

	/** Records the answer if the request is still pending at {@code at}; false when it no longer was. */
	boolean answer(ConsentRequestId id, Instant at, boolean approved, GrantId grant) {
		return jdbc.sql("""
				update consent_requests set answered_at = :at, approved = :approved, grant_id = :grant
				where id = :id and answered_at is null and expires_at > :at""")
			.param("at", Columns.time(at))
			.param("approved", approved)
			.param("grant", grant == null ? null : grant.value())
			.param("id", id.value())
			.update() == 1;
	}

	private static ConsentRequest map(ResultSet rs, int row) throws SQLException {
		UUID grant = Columns.uuid(rs, "grant_id");
		Object approved = rs.getObject("approved");
		return new ConsentRequest(new ConsentRequestId(Columns.uuid(rs, "id")),
				new PersonId(Columns.uuid(rs, "person_id")), Columns.jurisdiction(rs, "home_jurisdiction"),
				ConsentRequest.Kind.valueOf(rs.getString("kind")), rs.getString("requested_by"),
				Role.valueOf(rs.getString("requested_by_role")),
				Optional.ofNullable(rs.getString("requested_by_organisation")),
				Columns.jurisdiction(rs, "requested_by_jurisdiction"),
				new Grantee(Grantee.Kind.valueOf(rs.getString("grantee_kind")), rs.getString("grantee")),
				Columns.enums(rs, "categories", Category.class), Access.valueOf(rs.getString("access")),
				Columns.enums(rs, "purposes", Purpose.class), Columns.jurisdictions(rs, "jurisdictions"),
				Duration.ofSeconds(rs.getLong("grant_duration_seconds")), rs.getString("reason"),
				Columns.instant(rs, "created_at"), Columns.instant(rs, "expires_at"),
				Columns.optionalInstant(rs, "answered_at"), Optional.ofNullable((Boolean) approved),
				Optional.ofNullable(grant).map(GrantId::new));
	}
}
