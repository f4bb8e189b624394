package org.carnet.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Role;

import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Persistable;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.Repository;

/**
 * The consent requests: a Spring Data JDBC repository of {@code consent_requests}, its rows mapped by Spring Data
 * ({@link Row}). The answer stays one conditional update, and the requester's lock an advisory lock.
 */
interface ConsentRequestStore extends Repository<ConsentRequestStore.Row, ConsentRequestId> {

	default void insert(ConsentRequest request) {
		save(Row.of(request));
	}

	default Optional<ConsentRequest> find(ConsentRequestId id) {
		return findById(id).map(Row::request);
	}

	default List<ConsentRequest> forPerson(PersonId person) {
		return requests(findByPersonOrderByCreatedAtDescIdAsc(person));
	}

	default List<ConsentRequest> sentBy(String subject) {
		return requests(findByRequestedByOrderByCreatedAtDescIdAsc(subject));
	}

	/** Serialises one requester's consent requests until the transaction ends (a transaction-level advisory lock). */
	default void lockRequestsOf(String subject) {
		lock("carnet.consent-request:" + subject);
	}

	/** The requester's requests to the person still awaiting an answer at {@code at}, newest first. */
	default List<ConsentRequest> pendingFrom(PersonId person, String subject, Instant at) {
		return requests(findPending(person, subject, at));
	}

	/** How many consent requests the requester sent since {@code since}. */
	default long sentSince(String subject, Instant since) {
		return countByRequestedByAndCreatedAtAfter(subject, since);
	}

	/**
	 * Records the answer if the request is still pending at {@code at}; false when it no longer was. Hand-written:
	 * one conditional update, so that two answers racing (or an answer racing the expiry) cannot both win.
	 */
	default boolean answer(ConsentRequestId id, Instant at, boolean approved, GrantId grant) {
		return answerIfPending(id, at, approved, grant == null ? null : grant.value());
	}

	private static List<ConsentRequest> requests(List<Row> rows) {
		return rows.stream().map(Row::request).toList();
	}

	Row save(Row row);

	Optional<Row> findById(ConsentRequestId id);

	List<Row> findByPersonOrderByCreatedAtDescIdAsc(PersonId person);

	List<Row> findByRequestedByOrderByCreatedAtDescIdAsc(String requestedBy);

	long countByRequestedByAndCreatedAtAfter(String requestedBy, Instant since);

	@Query("""
			select * from consent_requests
			where person_id = :person and requested_by = :subject and answered_at is null and expires_at > :at
			order by created_at desc, id""")
	List<Row> findPending(PersonId person, String subject, Instant at);

	@Query("select true from pg_advisory_xact_lock(hashtextextended(:key, 0))")
	boolean lock(String key);

	@Modifying
	@Query("""
			update consent_requests set answered_at = :at, approved = :approved, grant_id = :grant
			where id = :id and answered_at is null and expires_at > :at""")
	boolean answerIfPending(ConsentRequestId id, Instant at, boolean approved, UUID grant);

	/** A row of {@code consent_requests}, always new when saved (only {@link #answer} changes one). */
	@Table("consent_requests")
	record Row(@Id ConsentRequestId id, @Column("person_id") PersonId person,
			@Column("home_jurisdiction") Jurisdiction home, ConsentRequest.Kind kind, String requestedBy,
			Role requestedByRole, String requestedByOrganisation, Jurisdiction requestedByJurisdiction,
			Grantee.Kind granteeKind, String grantee, Set<Category> categories, Access access, Set<Purpose> purposes,
			Set<Jurisdiction> jurisdictions, long grantDurationSeconds, String reason, Instant createdAt,
			Instant expiresAt, Instant answeredAt, Boolean approved, @Column("grant_id") GrantId grant,
			Set<Category> coarseCategories) implements Persistable<ConsentRequestId> {

		static Row of(ConsentRequest request) {
			return new Row(request.id(), request.person(), request.home(), request.kind(), request.requestedBy(),
					request.requestedByRole(), request.requestedByOrganisation().orElse(null),
					request.requestedByJurisdiction(), request.grantee().kind(), request.grantee().value(),
					request.categories(), request.access(), request.purposes(), request.jurisdictions(),
					request.grantDuration().toSeconds(), request.reason(), request.createdAt(), request.expiresAt(),
					request.answeredAt().orElse(null), request.approved().orElse(null), request.grant().orElse(null),
					request.coarseCategories());
		}

		ConsentRequest request() {
			return new ConsentRequest(id, person, home, kind, requestedBy, requestedByRole,
					Optional.ofNullable(requestedByOrganisation), requestedByJurisdiction,
					new Grantee(granteeKind, grantee), categories, access, purposes, jurisdictions,
					Duration.ofSeconds(grantDurationSeconds), reason, createdAt, expiresAt,
					Optional.ofNullable(answeredAt), Optional.ofNullable(approved), Optional.ofNullable(grant),
					coarseCategories == null ? Set.of() : coarseCategories);
		}

		@Override
		public ConsentRequestId getId() {
			return id;
		}

		@Override
		public boolean isNew() {
			return true;
		}
	}
}
