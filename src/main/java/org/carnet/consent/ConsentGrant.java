package org.carnet.consent;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;

/**
 * A consent the person gave: an immutable fact. It is never edited; a revocation is a new fact beside it, and its
 * end ({@code validUntil}) is fixed when it is given, so its status at any time follows from these fields alone.
 *
 * @param id the grant's id
 * @param person whose record
 * @param home the person's home jurisdiction when granted (whose policy bounded it)
 * @param grantee who may act on it
 * @param categories what it opens
 * @param access read, or read and write
 * @param purposes for which purposes of use
 * @param jurisdictions the countries the grantee may act from
 * @param validFrom from when (inclusive)
 * @param validUntil until when (exclusive)
 * @param grantedBy the subject of who gave it (the person; for a registration grant, the registrar)
 * @param grantedAt when it was given
 * @param origin how it came about
 * @param originId the consent request or share code it came from, if any
 * @param revocation its revocation, if revoked
 * @param coarseCategories the categories it gives only as their coarse view (a subset of {@code categories}, among
 * {@link #COARSE_CAPABLE})
 */
public record ConsentGrant(GrantId id, PersonId person, Jurisdiction home, Grantee grantee, Set<Category> categories,
		Access access, Set<Purpose> purposes, Set<Jurisdiction> jurisdictions, Instant validFrom, Instant validUntil,
		String grantedBy, Instant grantedAt, GrantOrigin origin, Optional<UUID> originId,
		Optional<Revocation> revocation, Set<Category> coarseCategories) {

	/** The categories that have a coarse view. */
	public static final Set<Category> COARSE_CAPABLE = Collections
		.unmodifiableSet(EnumSet.of(Category.IDENTITY, Category.VITALS, Category.LAB_RESULTS));

	/** A grant that gives every category in full. */
	public ConsentGrant(GrantId id, PersonId person, Jurisdiction home, Grantee grantee, Set<Category> categories,
			Access access, Set<Purpose> purposes, Set<Jurisdiction> jurisdictions, Instant validFrom,
			Instant validUntil, String grantedBy, Instant grantedAt, GrantOrigin origin, Optional<UUID> originId,
			Optional<Revocation> revocation) {
		this(id, person, home, grantee, categories, access, purposes, jurisdictions, validFrom, validUntil, grantedBy,
				grantedAt, origin, originId, revocation, Set.of());
	}

	public ConsentGrant {
		categories = Collections.unmodifiableSet(categories.isEmpty() ? EnumSet.noneOf(Category.class)
				: EnumSet.copyOf(categories));
		purposes = Collections.unmodifiableSet(purposes.isEmpty() ? EnumSet.noneOf(Purpose.class)
				: EnumSet.copyOf(purposes));
		jurisdictions = Set.copyOf(jurisdictions);
		coarseCategories = coarseCategories == null || coarseCategories.isEmpty() ? Set.of()
				: Collections.unmodifiableSet(EnumSet.copyOf(coarseCategories));
	}

	/** Where this grant stands at {@code time}; a revocation wins over every other state. */
	public GrantStatus statusAt(Instant time) {
		if (revocation.isPresent() && !revocation.get().at().isAfter(time)) {
			return GrantStatus.REVOKED;
		}
		if (time.isBefore(validFrom)) {
			return GrantStatus.NOT_YET_VALID;
		}
		if (!time.isBefore(validUntil)) {
			return GrantStatus.EXPIRED;
		}
		return GrantStatus.ACTIVE;
	}

	ConsentGrant revoked(Revocation fact) {
		return new ConsentGrant(id, person, home, grantee, categories, access, purposes, jurisdictions, validFrom,
				validUntil, grantedBy, grantedAt, origin, originId, Optional.of(fact), coarseCategories);
	}
}
