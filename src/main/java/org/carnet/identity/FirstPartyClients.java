package org.carnet.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * Carnet's own clients, written at every start so that configuration changes apply (Boot's client properties are
 * ignored once the clients live in the database). Neither shows an OAuth consent screen: consent in Carnet is the
 * person's consent to their data, not a scope screen.
 */
final class FirstPartyClients {

	static final String CLI = "carnet-cli";

	static final String PORTAL = "carnet-portal";

	/** The loopback redirect of the command line: registered without a port, any port is then accepted. */
	static final String CLI_REDIRECT_URI = "http://127.0.0.1/callback";

	private static final Logger log = LoggerFactory.getLogger(FirstPartyClients.class);

	private final RegisteredClientRepository clients;

	private final PasswordEncoder passwords;

	private final IdentitySettings settings;

	private final String issuer;

	FirstPartyClients(RegisteredClientRepository clients, PasswordEncoder passwords, IdentitySettings settings,
			String issuer) {
		this.clients = clients;
		this.passwords = passwords;
		this.settings = settings;
		this.issuer = issuer;
	}

	/** Writes both clients and answers how the in-process portal authenticates. */
	PortalClient seed() {
		seedCli();
		return seedPortal();
	}

	private void seedCli() {
		RegisteredClient existing = clients.findByClientId(CLI);
		clients.save(RegisteredClient.withId(existing == null ? UUID.randomUUID().toString() : existing.getId())
			.clientId(CLI)
			.clientIdIssuedAt(existing == null ? Instant.now() : existing.getClientIdIssuedAt())
			.clientName("Carnet command line")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(CLI_REDIRECT_URI)
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
			.tokenSettings(settings.tokenSettings())
			.build());
	}

	private PortalClient seedPortal() {
		RegisteredClient existing = clients.findByClientId(PORTAL);
		String secret = settings.portal().clientSecret();
		String secretHash;
		if (secret == null || secret.isEmpty()) {
			secret = ClinicClientStore.newSecret();
			secretHash = passwords.encode(secret);
			log.warn("No carnet.identity.portal.client-secret configured: generated a new secret for {} for this run "
					+ "(only its hash is stored). Replicas must share a configured secret.", PORTAL);
		}
		else if (existing != null && existing.getClientSecret() != null
				&& passwords.matches(secret, existing.getClientSecret())) {
			secretHash = existing.getClientSecret();
		}
		else {
			secretHash = passwords.encode(secret);
		}
		List<String> redirectUris = settings.portal().redirectUris().isEmpty()
				? List.of(issuer + "/login/oauth2/code/carnet") : settings.portal().redirectUris();
		clients.save(RegisteredClient.withId(existing == null ? UUID.randomUUID().toString() : existing.getId())
			.clientId(PORTAL)
			.clientIdIssuedAt(existing == null ? Instant.now() : existing.getClientIdIssuedAt())
			.clientSecret(secretHash)
			.clientName("Carnet portal")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUris(uris -> uris.addAll(redirectUris))
			.postLogoutRedirectUri(issuer + "/")
			.scope(OidcScopes.OPENID)
			.scope(OidcScopes.PROFILE)
			// PKCE as well as the secret (OAuth 2.1); Spring Security 7's OAuth2 client sends it by default.
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
			.tokenSettings(settings.tokenSettings())
			.build());
		return new PortalClient(PORTAL, secret, redirectUris);
	}
}
