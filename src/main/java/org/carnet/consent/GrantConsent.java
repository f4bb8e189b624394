package org.carnet.consent;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.Purpose;

/**
 * What a person grants (the input of {@code grantConsent}). Missing validity bounds take the policy of the person's
 * home jurisdiction: from now, for its default duration; no grant may be longer than its maximum.
 *
 * @param grantee who may act on it
 * @param categories what it opens (at least one)
 * @param access read, or read and write
 * @param purposes for which purposes of use (at least one)
 * @param jurisdictions the countries the grantee may act from (at least one; for "any clinician in X", only X,
 * which is also the default)
 * @param validFrom from when, default now
 * @param validUntil until when, default validFrom plus the policy's default duration
 * @param coarseCategories the categories given only as their coarse view (among {@link ConsentGrant#COARSE_CAPABLE}
 * and {@code categories}); empty when not chosen: then identity is coarse for a grantee who is a health mediator
 * only, and every other category is given in full
 */
public record GrantConsent(Grantee grantee, Set<Category> categories, Access access, Set<Purpose> purposes,
		Set<Jurisdiction> jurisdictions, Optional<Instant> validFrom, Optional<Instant> validUntil,
		Optional<Set<Category>> coarseCategories) {

	/** A grant whose coarse categories follow the default. */
	public GrantConsent(Grantee grantee, Set<Category> categories, Access access, Set<Purpose> purposes,
			Set<Jurisdiction> jurisdictions, Optional<Instant> validFrom, Optional<Instant> validUntil) {
		this(grantee, categories, access, purposes, jurisdictions, validFrom, validUntil, Optional.empty());
	}

	public GrantConsent {
		categories = categories == null ? Set.of() : Set.copyOf(categories);
		purposes = purposes == null ? Set.of() : Set.copyOf(purposes);
		jurisdictions = jurisdictions == null ? Set.of() : Set.copyOf(jurisdictions);
		validFrom = validFrom == null ? Optional.empty() : validFrom;
		validUntil = validUntil == null ? Optional.empty() : validUntil;
		coarseCategories = coarseCategories == null ? Optional.empty() : coarseCategories.map(Set::copyOf);
	}

	/** A grant from now for the policy's default duration. */
	public static GrantConsent of(Grantee grantee, Set<Category> categories, Access access, Set<Purpose> purposes,
			Set<Jurisdiction> jurisdictions) {
		return new GrantConsent(grantee, categories, access, purposes, jurisdictions, Optional.empty(),
				Optional.empty());
	}

	/** The same grant ending at {@code until}. */
	public GrantConsent until(Instant until) {
		return new GrantConsent(grantee, categories, access, purposes, jurisdictions, validFrom, Optional.of(until),
				coarseCategories);
	}

	/** The same grant giving exactly {@code coarse} as coarse views (an empty set: everything in full). */
	public GrantConsent coarse(Set<Category> coarse) {
		return new GrantConsent(grantee, categories, access, purposes, jurisdictions, validFrom, validUntil,
				Optional.of(coarse));
	}
}
