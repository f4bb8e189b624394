package org.carnet.portal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.carnet.core.Requester;
import org.carnet.identity.Requesters;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Who signed in to the portal, read from the access token the sign-in produced (checked by the application's own
 * decoder) rather than from a user-info call. The session keeps only the subject, the roles (as authorities, for
 * choosing pages) and plain strings; every data request decides again from a fresh token.
 */
final class PortalUsers implements OAuth2UserService<OAuth2UserRequest, OAuth2User> {

	static final String SUBJECT = "sub";

	static final String PERSON_ID = "person_id";

	private final JwtDecoder decoder;

	PortalUsers(JwtDecoder decoder) {
		this.decoder = decoder;
	}

	@Override
	public OAuth2User loadUser(OAuth2UserRequest request) {
		Jwt jwt;
		try {
			jwt = decoder.decode(request.getAccessToken().getTokenValue());
		}
		catch (JwtException ex) {
			throw new OAuth2AuthenticationException(new OAuth2Error("invalid_token"),
					"The authorization server's token was not accepted", ex);
		}
		Requester requester = Requesters.from(jwt);
		List<GrantedAuthority> authorities = requester.roles()
			.stream()
			.sorted()
			.<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role.name()))
			.toList();
		// Strings only: the session (and the authorization server's record of this sign-in) serialises them safely.
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put(SUBJECT, requester.subject());
		requester.personId().ifPresent(person -> attributes.put(PERSON_ID, person.toString()));
		return new DefaultOAuth2User(authorities, attributes, SUBJECT);
	}
}
