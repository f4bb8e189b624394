package org.carnet.portal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * On sign-out, revokes the session's refresh token at the authorization server, so that nothing the session held
 * can be used again. The session itself is invalidated by the logout filter whatever happens here.
 */
final class PortalSignOut implements LogoutHandler {

	private static final Logger log = LoggerFactory.getLogger(PortalSignOut.class);

	private final PortalRegistration registration;

	private final OAuth2AuthorizedClientRepository authorizedClients;

	private final RestClient http = RestClient.create();

	PortalSignOut(PortalRegistration registration, OAuth2AuthorizedClientRepository authorizedClients) {
		this.registration = registration;
		this.authorizedClients = authorizedClients;
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
		if (authentication == null) {
			return;
		}
		OAuth2AuthorizedClient client = authorizedClients.loadAuthorizedClient(PortalRegistration.ID, authentication,
				request);
		if (client == null || client.getRefreshToken() == null) {
			return;
		}
		ClientRegistration portal = registration.findByRegistrationId(PortalRegistration.ID);
		String tokenUri = portal.getProviderDetails().getTokenUri();
		String revocationUri = tokenUri.substring(0, tokenUri.lastIndexOf('/')) + "/revoke";
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("token", client.getRefreshToken().getTokenValue());
		form.add("token_type_hint", "refresh_token");
		try {
			http.post()
				.uri(revocationUri)
				.headers(headers -> headers.setBasicAuth(portal.getClientId(), portal.getClientSecret()))
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(form)
				.retrieve()
				.toBodilessEntity();
		}
		catch (RestClientException ex) {
			log.warn("Could not revoke the refresh token of {} at sign-out: {}", authentication.getName(),
					ex.getClass().getSimpleName());
		}
		authorizedClients.removeAuthorizedClient(PortalRegistration.ID, authentication, request, response);
	}
}
