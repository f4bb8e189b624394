package org.carnet.portal;

import java.io.IOException;

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
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * On sign-out, revokes the session's refresh token at the authorization server, so that nothing the session held
 * can be used again, and tells the browser to forget what it kept of this site ({@code Clear-Site-Data}: cached
 * pages, including those in the back-forward cache that Chromium would show again on "back" despite
 * {@code no-store}, cookies and storage). The session itself is invalidated by the logout filter whatever happens
 * here. Then the welcome page, in the language the person was using (its cookie is gone with the others).
 */
final class PortalSignOut implements LogoutHandler, LogoutSuccessHandler {

	/** What the browser forgets on sign-out. */
	static final String CLEAR_SITE_DATA = "\"cache\", \"cookies\", \"storage\"";

	private static final Logger log = LoggerFactory.getLogger(PortalSignOut.class);

	private static final PortalLocales LANGUAGES = new PortalLocales();

	private final PortalRegistration registration;

	private final OAuth2AuthorizedClientRepository authorizedClients;

	private final RestClient http = RestClient.create();

	PortalSignOut(PortalRegistration registration, OAuth2AuthorizedClientRepository authorizedClients) {
		this.registration = registration;
		this.authorizedClients = authorizedClients;
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
		response.setHeader("Clear-Site-Data", CLEAR_SITE_DATA);
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

	@Override
	public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		// read as the pages read it (the switch's cookie, else the browser's): this runs before Spring MVC does
		String language = LANGUAGES.resolveLocale(request).getLanguage();
		response.sendRedirect(request.getContextPath() + "/portal/welcome?signedOut&" + PortalLocales.PARAMETER + "="
				+ language);
	}
}
