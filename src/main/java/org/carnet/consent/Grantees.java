package org.carnet.consent;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.BadInput;
import org.carnet.core.Forbidden;
import org.carnet.core.Jurisdiction;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;

import org.springframework.stereotype.Service;

/**
 * Who a grant may name: a user or clinic system that exists and can use it (a clinician, or a health mediator for
 * CARE_COORDINATION only; never a migrant, auditor or administrator), an existing organisation with such members,
 * or any clinician acting from a real country. Checked for every grant before it is stored, whatever made it (the
 * person, an approved request, a redeemed share code, a registration); and searched by name for the person.
 */
@Service
public class Grantees {

	/** Roles that never act under a grant (ConsentRules denies them first). */
	private static final Set<Role> NEVER = EnumSet.of(Role.MIGRANT, Role.AUDITOR, Role.ADMIN,
			Role.PUBLIC_HEALTH_ANALYST);

	/** The search may answer this many countries beside users and organisations. */
	private static final int MAX_COUNTRIES = 3;

	private static final int MAX_SEARCH_LENGTH = 100;

	private final GranteeDirectory directory;

	private final GranteeSettings settings;

	Grantees(GranteeDirectory directory, GranteeSettings settings) {
		this.directory = directory;
		this.settings = settings;
	}

	/**
	 * The grantee as stored (canonical user name or organisation id) when it exists and can use a grant for these
	 * purposes from these countries; bad input naming the field otherwise.
	 */
	Grantee check(Grantee grantee, Set<Purpose> purposes, Set<Jurisdiction> jurisdictions) {
		switch (grantee.kind()) {
			case USER: {
				GranteeProfile user = directory.user(grantee.value())
					.orElseThrow(() -> new BadInput("grantee", "no user has this user name: search for the clinician "
							+ "or mediator by name (grantees) and grant to the one found"));
				Set<Role> roles = user.roles();
				if (roles.stream().anyMatch(NEVER::contains)
						|| !(roles.contains(Role.CLINICIAN) || roles.contains(Role.MEDIATOR))) {
					throw new BadInput("grantee", "this user cannot act under a grant: only clinicians and health "
							+ "mediators read a record with consent");
				}
				checkUsable(user, purposes, jurisdictions, "this health mediator");
				return user.grantee();
			}
			case ORGANISATION: {
				GranteeProfile organisation = directory.organisation(grantee.value())
					.orElseThrow(() -> new BadInput("grantee", "no organisation has this id (an organisation is "
							+ "named by its id, not its name): search for it by name (grantees)"));
				if (!(organisation.roles().contains(Role.CLINICIAN) || organisation.roles().contains(Role.MEDIATOR))) {
					throw new BadInput("grantee", "no clinician or health mediator acts for this organisation, so no "
							+ "one could use the grant");
				}
				checkUsable(organisation, purposes, jurisdictions, "the members of this organisation are health "
						+ "mediators: they");
				return organisation.grantee();
			}
			default:
				if (!Jurisdiction.isKnown(grantee.value())) {
					throw new BadInput("grantee", "is not a country code (ISO 3166-1 alpha-2)");
				}
				return grantee;
		}
	}

	/** A mediator-only grantee uses CARE_COORDINATION only; the grantee must be allowed where it acts from. */
	private static void checkUsable(GranteeProfile profile, Set<Purpose> purposes, Set<Jurisdiction> jurisdictions,
			String mediators) {
		if (!profile.roles().contains(Role.CLINICIAN)
				&& purposes.stream().anyMatch(purpose -> purpose != Purpose.CARE_COORDINATION)) {
			throw new BadInput("purposes", mediators + " act only for CARE_COORDINATION");
		}
		if (profile.country().isPresent() && !jurisdictions.isEmpty()
				&& !jurisdictions.contains(profile.country().get())) {
			throw new BadInput("jurisdictions", "the grantee acts from " + profile.country().get().code()
					+ ": include that country, or no one could use the grant");
		}
	}

	/**
	 * True when the grantee acts only as a health mediator (a mediator user, or an organisation whose members are
	 * mediators only): such grants give identity coarse unless the person chooses otherwise.
	 */
	boolean mediatorOnly(Grantee grantee) {
		return grantee.kind() != Grantee.Kind.ANY_CLINICIAN_IN && describe(grantee)
			.map(profile -> profile.roles().contains(Role.MEDIATOR) && !profile.roles().contains(Role.CLINICIAN))
			.orElse(false);
	}

	/** The grantee by name, for showing it; empty when it no longer exists. */
	public Optional<GranteeProfile> describe(Grantee grantee) {
		switch (grantee.kind()) {
			case USER:
				return directory.user(grantee.value());
			case ORGANISATION:
				return directory.organisation(grantee.value());
			default:
				Jurisdiction country = Jurisdiction.of(grantee.value());
				return Optional.of(new GranteeProfile(grantee, country.displayName(), Optional.empty(),
						Optional.of(country), Set.of(Role.CLINICIAN)));
		}
	}

	/**
	 * Possible grantees for a person (or a mediator helping them) to pick: countries by name or code first, then
	 * organisations by name or id and clinicians and mediators by display name or user name. Bounded: at least
	 * {@code carnet.grantees.search-min-length} characters, at most {@code carnet.grantees.search-max-results}
	 * answers (and {@code first} when smaller).
	 */
	public List<GranteeProfile> search(Requester requester, String text, Integer first) {
		if (!requester.has(Role.MIGRANT) && !requester.has(Role.MEDIATOR)) {
			throw new Forbidden("Only a person choosing who to share with, or a mediator helping them, searches for "
					+ "grantees");
		}
		String query = text == null ? "" : text.strip();
		if (query.codePointCount(0, query.length()) < settings.searchMinLength()) {
			throw new BadInput("search", "type at least " + settings.searchMinLength() + " characters");
		}
		if (query.length() > MAX_SEARCH_LENGTH) {
			throw new BadInput("search", "at most " + MAX_SEARCH_LENGTH + " characters");
		}
		int limit = settings.searchMaxResults();
		if (first != null) {
			if (first < 1) {
				throw new BadInput("first", "must be at least 1");
			}
			limit = Math.min(limit, first);
		}
		List<GranteeProfile> found = new ArrayList<>();
		for (Jurisdiction country : countries(query)) {
			if (found.size() < limit) {
				found.add(describe(Grantee.anyClinicianIn(country)).orElseThrow());
			}
		}
		if (found.size() < limit) {
			found.addAll(directory.search(query, limit - found.size()));
		}
		return found;
	}

	/** Countries whose code is the text, or whose English name starts with it. */
	private static List<Jurisdiction> countries(String text) {
		List<Jurisdiction> countries = new ArrayList<>();
		String upper = text.toUpperCase(Locale.ROOT);
		if (upper.length() == 2 && Jurisdiction.isKnown(upper)) {
			countries.add(Jurisdiction.of(upper));
		}
		String lower = text.toLowerCase(Locale.ROOT);
		for (String code : Locale.getISOCountries()) {
			if (countries.size() >= MAX_COUNTRIES) {
				break;
			}
			Jurisdiction country = Jurisdiction.of(code);
			if (!countries.contains(country)
					&& country.displayName().toLowerCase(Locale.ROOT).startsWith(lower)) {
				countries.add(country);
			}
		}
		return countries;
	}
}
