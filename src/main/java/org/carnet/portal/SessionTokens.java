package org.carnet.portal;

import java.io.Serializable;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

/**
 * The portal's tokens in the server-side session of the browser that signed in (backend for frontend: never sent to
 * it). Only the tokens and whose they are are stored: the session lives in PostgreSQL, and Spring Security's own
 * session repository would store the whole client registration with it (the client's secret, and the addresses of
 * the replica that signed in). The registration is this replica's own when the tokens are read back.
 */
final class SessionTokens implements OAuth2AuthorizedClientRepository {

	private static final String ATTRIBUTE = SessionTokens.class.getName() + ".";

	private final ClientRegistrationRepository registrations;

	SessionTokens(ClientRegistrationRepository registrations) {
		this.registrations = registrations;
	}

	/** What the session keeps of an authorized client. */
	record Kept(String principalName, OAuth2AccessToken accessToken, OAuth2RefreshToken refreshToken)
			implements Serializable {
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId, Authentication principal,
			HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || !(session.getAttribute(ATTRIBUTE + registrationId) instanceof Kept kept)) {
			return null;
		}
		ClientRegistration registration = registrations.findByRegistrationId(registrationId);
		if (registration == null) {
			return null;
		}
		return (T) new OAuth2AuthorizedClient(registration, kept.principalName(), kept.accessToken(),
				kept.refreshToken());
	}

	@Override
	public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal,
			HttpServletRequest request, HttpServletResponse response) {
		request.getSession().setAttribute(ATTRIBUTE + client.getClientRegistration().getRegistrationId(),
				new Kept(client.getPrincipalName(), client.getAccessToken(), client.getRefreshToken()));
	}

	@Override
	public void removeAuthorizedClient(String registrationId, Authentication principal, HttpServletRequest request,
			HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(ATTRIBUTE + registrationId);
		}
	}
}
