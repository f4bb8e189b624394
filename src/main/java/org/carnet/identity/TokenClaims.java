package org.carnet.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.carnet.core.Role;

import org.springframework.beans.factory.annotation.Value;
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
 * Puts the API's audience ({@link TokenRules#audience}) and who the requester is into every access token, read from the database when the token is issued (so a refresh
 * picks up changes): {@code roles}, {@code organisation}, {@code jurisdiction} (the organisation's country, or a
 * migrant's home country when known) and, for migrants, {@code person_id}. A clinic system's client-credentials token
 * carries its organisation's claims with the role CLINICIAN. A user who is gone or disabled, or a client acting
 * for no organisation, gets no token.
 * <p>
 * Claim values are plain JDK types ({@code ArrayList}, strings): the authorization service stores the claims as
 * JSON and reads back only types on its allow-list (an immutable {@code List.of} is not).
 */
@Component
class TokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final UserStore users;

	private final OrganisationStore organisations;

	private final ClinicClientStore clinicClients;

	private final String apiAudience;

	TokenClaims(UserStore users, OrganisationStore organisations, ClinicClientStore clinicClients, TokenRules rules,
			@Value("${carnet.issuer}") String issuer) {
		this.users = users;
		this.organisations = organisations;
		this.clinicClients = clinicClients;
		this.apiAudience = rules.audience(issuer);
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		// For the Carnet API (which refuses tokens without it) and, as before, for the client itself.
		context.getClaims()
			.audience(new ArrayList<>(List.of(apiAudience, context.getRegisteredClient().getClientId())));
		if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
			String clientId = context.getRegisteredClient().getClientId();
			Organisation organisation = clinicClients.organisationOf(clientId)
				.flatMap(organisations::find)
				.orElseThrow(() -> refused(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "The client acts for no organisation"));
			context.getClaims()
				.claim(Requesters.ROLES, new ArrayList<>(List.of(Role.CLINICIAN.name())))
				.claim(Requesters.ORGANISATION, organisation.id())
				.claim(Requesters.JURISDICTION, organisation.jurisdiction().code());
			return;
		}
		UserStore.StoredUser user = users.find(context.getPrincipal().getName())
			.filter(UserStore.StoredUser::enabled)
			.orElseThrow(() -> refused(OAuth2ErrorCodes.INVALID_GRANT, "The account is unknown or disabled"));
		List<String> roles = user.roles().stream().map(Role::name).sorted().collect(toCollection(ArrayList::new));
		context.getClaims().claim(Requesters.ROLES, roles);
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

	private static OAuth2AuthenticationException refused(String code, String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, description, null));
	}
}
