package org.carnet.portal;

import java.net.URI;

import org.carnet.identity.PortalClient;

import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * The portal's one client registration, {@code carnet-portal} at the embedded authorization server. Built on first
 * use, once the server knows its port: the token endpoint is called on the loopback interface, the browser is sent to
 * the authorization endpoint by a relative URI, and comes back to the registered redirect URI (from
 * {@code carnet.issuer} or configured), never to an address built from the request's {@code Host} header.
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
			// Registered by identity as <issuer>/login/oauth2/code/carnet (or as configured): never built from the
			// request's Host header.
			.redirectUri(redirectUri())
			// No openid scope: the portal needs no ID token; who signed in is read from the access token itself.
			.scope("profile")
			.authorizationUri(contextPath + "/oauth2/authorize")
			.tokenUri(tokenUri(contextPath))
			.userNameAttributeName(PortalUsers.SUBJECT)
			.clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
			.build();
	}

	/**
	 * The first registered redirect URI; a loopback one registered without a port (which the authorization server
	 * accepts on any port) gets this server's port.
	 */
	private String redirectUri() {
		URI registered = URI.create(client.redirectUris().get(0));
		boolean loopback = "127.0.0.1".equals(registered.getHost()) || "[::1]".equals(registered.getHost());
		if (!loopback || registered.getPort() != -1) {
			return registered.toString();
		}
		return registered.getScheme() + "://" + registered.getHost() + ":" + localPort() + registered.getRawPath();
	}

	private String localPort() {
		String port = environment.getProperty("local.server.port");
		if (port == null) {
			throw new IllegalStateException("The portal signs in only once the web server has started");
		}
		return port;
	}

	private String tokenUri(String contextPath) {
		if (settings.tokenUri() != null && !settings.tokenUri().isBlank()) {
			return settings.tokenUri();
		}
		return "http://127.0.0.1:" + localPort() + contextPath + "/oauth2/token";
	}
}
