package org.carnet.consent;

import java.util.Optional;
import java.util.Set;

import org.carnet.core.Jurisdiction;
import org.carnet.core.Role;

/**
 * A grantee as the directory knows it.
 *
 * @param grantee the kind and the canonical value (the stored user name or organisation id)
 * @param displayName the user's display name, the organisation's name, or the country's name
 * @param organisationName for a user: the organisation they act for
 * @param country the country the grantee acts from (a user's organisation's, an organisation's)
 * @param roles a user's roles; for an organisation, the roles its members hold (CLINICIAN for a clinic system)
 */
public record GranteeProfile(Grantee grantee, String displayName, Optional<String> organisationName,
		Optional<Jurisdiction> country, Set<Role> roles) {

	public GranteeProfile {
		organisationName = organisationName == null ? Optional.empty() : organisationName;
		country = country == null ? Optional.empty() : country;
		roles = roles == null ? Set.of() : Set.copyOf(roles);
	}
}
