package org.carnet.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.carnet.core.Role;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

import static java.util.stream.Collectors.toCollection;

/**
 * Puts who the requester is into every access token, read from the database when the token is issued (so a refresh
 * picks up changes): {@code roles}, {@code organisation}, {@code jurisdiction} (the organisation's country, or a
 * migrant's home country when known) and, for migrants, {@code person_id}. A clinic system's client-credentials token
 * carries its organisation's claims with the role CLINICIAN. A user who is gone or disabled gets no token.
 * <p>
 * Claim values are plain JDK types ({@code ArrayList}, strings): the authorization service stores the claims as
 * JSON and reads back only types on its allow-list (an immutable {@code List.of} is not).
 */
@Component
class TokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final Users users;

	private final Organisations organisations;

	private final ClinicClients clinicClients;

	TokenClaims(Users users, Organisations organisations, ClinicClients clinicClients) {
		this.users = users;
		this.organisations = organisations;
		this.clinicClients = clinicClients;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
			String clientId = context.getRegisteredClient().getClientId();
			clinicClients.organisationOf(clientId)
				.flatMap(organisations::find)
				.ifPresent(organisation -> context.getClaims()
					.claim(Requesters.ROLES, new ArrayList<>(List.of(Role.CLINICIAN.name())))
					.claim(Requesters.ORGANISATION, organisation.id())
					.claim(Requesters.JURISDICTION, organisation.jurisdiction().code()));
			return;
		}
		String username = context.getPrincipal().getName();
		Users.StoredUser user = users.find(username)
			.filter(Users.StoredUser::enabled)
			.orElseThrow(() -> new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The account is unknown or disabled", null)));
		context.getClaims()
			.claim(Requesters.ROLES, user.roles().stream().map(Role::name).sorted().collect(toCollection(ArrayList::new)));
		Optional<Organisation> organisation = organisations.find(user.organisation());
		organisation.ifPresent(found -> context.getClaims()
			.claim(Requesters.ORGANISATION, found.id())
			.claim(Requesters.JURISDICTION, found.jurisdiction().code()));
		if (organisation.isEmpty() && user.homeJurisdiction() != null) {
			context.getClaims().claim(Requesters.JURISDICTION, user.homeJurisdiction().code());
		}
		if (user.person() != null) {
			context.getClaims().claim(Requesters.PERSON_ID, user.person().toString());
		}
	}
}
