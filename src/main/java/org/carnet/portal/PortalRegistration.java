package org.carnet.portal;

import org.carnet.identity.PortalClient;

import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * The portal's one client registration, {@code carnet-portal} at the embedded authorization server. Built on first
 * use, once the server knows its port: the token endpoint is called on the loopback interface, while the browser is
 * sent to the authorization endpoint on the host it used (a relative URI), so the redirect URI matches that host.
 */
final class PortalRegistration implements ClientRegistrationRepository {

	static final String ID = "carnet";

	private final PortalClient client;

	private final PortalSettings settings;

	private final Environment environment;

	private volatile ClientRegistration registration;

	PortalRegistration(PortalClient client, PortalSettings settings, Environment environment) {
		this.client = client;
		this.settings = settings;
		this.environment = environment;
	}

	@Override
	public ClientRegistration findByRegistrationId(String registrationId) {
		if (!ID.equals(registrationId)) {
			return null;
		}
		ClientRegistration built = registration;
		if (built == null) {
			built = build();
			registration = built;
		}
		return built;
	}

	private ClientRegistration build() {
		String contextPath = environment.getProperty("server.servlet.context-path", "");
		return ClientRegistration.withRegistrationId(ID)
			.clientId(client.clientId())
			.clientSecret(client.clientSecret())
			.clientName("Carnet")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			// Registered by identity as <issuer>/login/oauth2/code/carnet (or as configured): the same path here.
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			// No openid scope: the portal needs no ID token; who signed in is read from the access token itself.
			.scope("profile")
			.authorizationUri(contextPath + "/oauth2/authorize")
			.tokenUri(tokenUri(contextPath))
			.userNameAttributeName(PortalUsers.SUBJECT)
			.clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
			.build();
	}

	private String tokenUri(String contextPath) {
		if (settings.tokenUri() != null && !settings.tokenUri().isBlank()) {
			return settings.tokenUri();
		}
		String port = environment.getProperty("local.server.port");
		if (port == null) {
			throw new IllegalStateException("The portal signs in only once the web server has started");
		}
		return "http://127.0.0.1:" + port + contextPath + "/oauth2/token";
	}
}
