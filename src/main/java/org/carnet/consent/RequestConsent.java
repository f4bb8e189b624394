package org.carnet.consent;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.Purpose;

/**
 * A request for consent (the input of {@code requestConsent}). A clinician asks for themself, acting from their
 * jurisdiction; a mediator asks for themself (CARE_COORDINATION only) or proposes a grant to someone else by naming
 * a grantee and the countries it may act from. Either way the person approves or declines.
 *
 * @param categories what is asked for (at least one)
 * @param access read, or read and write
 * @param purposes for which purposes (at least one)
 * @param reason why, in the requester's words, shown to the person
 * @param duration how long the grant would last once approved (default and maximum from policy)
 * @param grantee for a mediator's proposal: who the grant would be for
 * @param jurisdictions for a mediator's proposal: the countries the grantee may act from
 * @param coarseCategories the categories the grant would give only as their coarse view; empty when not chosen:
 * then identity is coarse when the grant would be for a health mediator (as for {@link GrantConsent})
 */
public record RequestConsent(Set<Category> categories, Access access, Set<Purpose> purposes, String reason,
		Optional<Duration> duration, Optional<Grantee> grantee, Set<Jurisdiction> jurisdictions,
		Optional<Set<Category>> coarseCategories) {

	/** A request whose coarse categories follow the default. */
	public RequestConsent(Set<Category> categories, Access access, Set<Purpose> purposes, String reason,
			Optional<Duration> duration, Optional<Grantee> grantee, Set<Jurisdiction> jurisdictions) {
		this(categories, access, purposes, reason, duration, grantee, jurisdictions, Optional.empty());
	}

	public RequestConsent {
		categories = categories == null ? Set.of() : Set.copyOf(categories);
		purposes = purposes == null ? Set.of() : Set.copyOf(purposes);
		duration = duration == null ? Optional.empty() : duration;
		grantee = grantee == null ? Optional.empty() : grantee;
		jurisdictions = jurisdictions == null ? Set.of() : Set.copyOf(jurisdictions);
		coarseCategories = coarseCategories == null ? Optional.empty() : coarseCategories.map(Set::copyOf);
	}

	/** A requester asking for a grant to themself. */
	public static RequestConsent forMe(Set<Category> categories, Access access, Purpose purpose, String reason,
			Optional<Duration> duration) {
		return new RequestConsent(categories, access, Set.of(purpose), reason, duration, Optional.empty(), Set.of());
	}

	/** A mediator proposing a grant to someone else, on the person's behalf. */
	public static RequestConsent proposal(Grantee grantee, Set<Category> categories, Access access,
			Set<Purpose> purposes, Set<Jurisdiction> jurisdictions, String reason, Optional<Duration> duration) {
		return new RequestConsent(categories, access, purposes, reason, duration, Optional.of(grantee), jurisdictions);
	}
}
