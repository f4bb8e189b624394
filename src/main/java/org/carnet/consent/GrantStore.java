package org.carnet.consent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;

import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Persistable;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.Repository;

/**
 * The grants: a Spring Data JDBC repository of the aggregate {@code consent_grants} with its one revocation
 * ({@code consent_revocations}, read by the same join). Rows are only ever inserted. The decision's query, for many
 * persons at once and with the emergency accesses, is {@link ConsentFactStore}'s.
 */
interface GrantStore extends Repository<GrantStore.Row, GrantId> {

	default void insert(ConsentGrant grant) {
		save(Row.of(grant));
	}

	/**
	 * Records a revocation; false when the grant was already revoked (one revocation per grant). Hand-written: the
	 * aggregate's grant row is immutable (a trigger refuses updates), and {@code on conflict do nothing} keeps two
	 * racing revocations to one.
	 */
	default boolean insertRevocation(GrantId grant, Revocation revocation) {
		return insertRevocation(grant, revocation.at(), revocation.by(), revocation.reason().orElse(null));
	}

	default Optional<ConsentGrant> find(GrantId id) {
		return findById(id).map(Row::grant);
	}

	/** Every grant of the person, newest first. */
	default List<ConsentGrant> forPerson(PersonId person) {
		return findByPersonOrderByGrantedAtDescIdAsc(person).stream().map(Row::grant).toList();
	}

	Row save(Row row);

	Optional<Row> findById(GrantId id);

	List<Row> findByPersonOrderByGrantedAtDescIdAsc(PersonId person);

	@Modifying
	@Query("""
			insert into consent_revocations (grant_id, revoked_at, revoked_by, reason)
			values (:grant, :at, :by, :reason) on conflict (grant_id) do nothing""")
	boolean insertRevocation(GrantId grant, Instant at, String by, String reason);

	/** A row of {@code consent_grants}, always new when saved (a grant is never updated). */
	@Table("consent_grants")
	record Row(@Id GrantId id, @Column("person_id") PersonId person, @Column("home_jurisdiction") Jurisdiction home,
			Grantee.Kind granteeKind, String grantee, Set<Category> categories, Access access, Set<Purpose> purposes,
			Set<Jurisdiction> jurisdictions, Instant validFrom, Instant validUntil, String grantedBy, Instant grantedAt,
			GrantOrigin origin, UUID originId, @MappedCollection(idColumn = "grant_id") Revoked revocation,
			Set<Category> coarseCategories) implements Persistable<GrantId> {

		static Row of(ConsentGrant grant) {
			return new Row(grant.id(), grant.person(), grant.home(), grant.grantee().kind(), grant.grantee().value(),
					grant.categories(), grant.access(), grant.purposes(), grant.jurisdictions(), grant.validFrom(),
					grant.validUntil(), grant.grantedBy(), grant.grantedAt(), grant.origin(),
					grant.originId().orElse(null), null, grant.coarseCategories());
		}

		ConsentGrant grant() {
			return new ConsentGrant(id, person, home, new Grantee(granteeKind, grantee), categories, access, purposes,
					jurisdictions, validFrom, validUntil, grantedBy, grantedAt, origin, Optional.ofNullable(originId),
					Optional.ofNullable(revocation).map(Revoked::revocation), coarseCategories);
		}

		@Override
		public GrantId getId() {
			return id;
		}

		@Override
		public boolean isNew() {
			return true;
		}
	}

	/** The grant's row of {@code consent_revocations}, if it was revoked. */
	@Table("consent_revocations")
	record Revoked(Instant revokedAt, String revokedBy, String reason) {

		Revocation revocation() {
			return new Revocation(revokedAt, revokedBy, Optional.ofNullable(reason));
		}
	}
}
