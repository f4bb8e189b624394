package org.carnet.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ErrorAuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Token introspection only for the clients named in {@code carnet.identity.tokens.introspection-clients}: any other
 * authenticated client is refused (403, {@code unauthorized_client}) before the token is looked up, so that a clinic
 * system cannot learn about other clients' tokens.
 */
final class IntrospectionAllowList implements AuthenticationProvider {

	private final AuthenticationProvider introspection;

	private final TokenRules rules;

	IntrospectionAllowList(AuthenticationProvider introspection, TokenRules rules) {
		this.introspection = introspection;
		this.rules = rules;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2TokenIntrospectionAuthenticationToken request = (OAuth2TokenIntrospectionAuthenticationToken) authentication;
		String clientId = request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
				&& client.getRegisteredClient() != null ? client.getRegisteredClient().getClientId() : null;
		if (clientId == null || !rules.mayIntrospect(clientId)) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
					"This client may not introspect tokens", null));
		}
		return introspection.authenticate(authentication);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return introspection.supports(authentication);
	}

	/** A refused client gets 403; every other error is answered as the authorization server does. */
	static AuthenticationFailureHandler errors() {
		OAuth2ErrorAuthenticationFailureHandler standard = new OAuth2ErrorAuthenticationFailureHandler();
		return (HttpServletRequest request, HttpServletResponse response, AuthenticationException ex) -> {
			if (ex instanceof OAuth2AuthenticationException oauth
					&& OAuth2ErrorCodes.UNAUTHORIZED_CLIENT.equals(oauth.getError().getErrorCode())) {
				response.setStatus(HttpStatus.FORBIDDEN.value());
				response.setContentType(MediaType.APPLICATION_JSON_VALUE);
				response.getWriter()
					.write("{\"error\":\"unauthorized_client\",\"error_description\":\"This client may not "
							+ "introspect tokens\"}");
				return;
			}
			standard.onAuthenticationFailure(request, response, ex);
		};
	}
}
