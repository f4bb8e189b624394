package org.carnet.identity;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Settings of accounts, tokens and clients ({@code carnet.identity.*}); the issuer is {@code carnet.issuer}.
 *
 * @param accessTokenTtl how long an access token is valid
 * @param activationCodeTtl how long an activation code printed at registration can be used to claim the account
 * @param portal the {@code carnet-portal} client
 * @param bootstrapAdmin the first administrator, created only while no administrator exists
 */
@ConfigurationProperties("carnet.identity")
record IdentitySettings(@DefaultValue("15m") Duration accessTokenTtl, @DefaultValue("30d") Duration activationCodeTtl,
		@DefaultValue Portal portal, @DefaultValue BootstrapAdmin bootstrapAdmin) {

	/** Every client gets self-contained JWT access tokens of the configured lifetime. */
	TokenSettings tokenSettings() {
		return TokenSettings.builder()
			.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
			.accessTokenTimeToLive(accessTokenTtl)
			.build();
	}

	/**
	 * The portal's client registration.
	 *
	 * @param clientSecret the secret the portal authenticates with; when empty, a new one is generated at each
	 * start and only its hash stored (fine for one instance; several replicas must share a configured secret)
	 * @param redirectUris where the authorization server may send the portal's authorization codes; empty means
	 * {@code <carnet.issuer>/login/oauth2/code/carnet}
	 */
	record Portal(String clientSecret, List<String> redirectUris) {

		Portal {
			redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
		}
	}

	/** The first administrator's user name and password, normally given as environment variables. */
	record BootstrapAdmin(String username, String password) {

		boolean configured() {
			return username != null && !username.isBlank() && password != null && !password.isEmpty();
		}
	}
}
