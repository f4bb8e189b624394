package org.carnet.identity;

import java.time.Duration;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.carnet.core.DataDirectory;
import org.carnet.web.SameOriginRedirects;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The embedded OAuth2 authorization server: its endpoints' filter chain (first of all chains), clients and
 * authorizations in PostgreSQL, the persisted signing key, and the one stable issuer that tokens carry and the
 * resource server checks.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

	/** How long a token whose signature verified is kept (its claims are checked on every request regardless). */
	private static final Duration VERIFIED_TOKENS_KEPT = Duration.ofMinutes(5);

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain authorizationServerFilterChain(HttpSecurity http, TokenRules rules) throws Exception {
		OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
		http.securityMatcher(authorizationServer.getEndpointsMatcher())
			.with(authorizationServer, server -> server.oidc(Customizer.withDefaults())
				// Introspection only for clients explicitly allowed (none by default); revocation stays per client:
				// a client can revoke only its own tokens.
				.tokenIntrospectionEndpoint(introspection -> introspection
					.authenticationProviders(providers -> providers
						.replaceAll(provider -> new IntrospectionAllowList(provider, rules)))
					.errorResponseHandler(IntrospectionAllowList.errors())))
			.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
			.csrf(csrf -> csrf.ignoringRequestMatchers(authorizationServer.getEndpointsMatcher()))
			// A browser that is not signed in goes to the login form, then back to the authorization request (a
			// relative redirect: never an address built from the request's Host header).
			.exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
					SameOriginRedirects.entryPoint(WebSecurityConfiguration.LOGIN_PAGE), browsers()))
			// The OpenID Connect user info endpoint takes this server's own access tokens.
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()));
		return http.build();
	}

	/** Requests that ask for HTML; a client that accepts anything (curl, scripts) gets a 401, not a login page. */
	private static MediaTypeRequestMatcher browsers() {
		MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return html;
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(@Value("${carnet.issuer}") String issuer) {
		return AuthorizationServerSettings.builder().issuer(issuer).build();
	}

	@Bean
	RegisteredClientRepository registeredClientRepository(JdbcOperations jdbc) {
		return new JdbcRegisteredClientRepository(jdbc);
	}

	@Bean
	OAuth2AuthorizationService authorizationService(JdbcOperations jdbc, RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationService(jdbc, clients);
	}

	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService(JdbcOperations jdbc,
			RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
	}

	/** Seeds {@code carnet-cli} and {@code carnet-portal}; the result tells the in-process portal its secret. */
	@Bean
	PortalClient portalClient(RegisteredClientRepository clients, PasswordEncoder passwords,
			IdentitySettings settings, @Value("${carnet.issuer}") String issuer) {
		return new FirstPartyClients(clients, passwords, settings, issuer).seed();
	}

	@Bean
	RSAKey tokenSigningKey(DataDirectory dataDirectory) {
		return SigningKeys.open(dataDirectory.resolve("keys"));
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(RSAKey tokenSigningKey) {
		return new ImmutableJWKSet<>(new JWKSet(tokenSigningKey));
	}

	/**
	 * Accepts only RS256 tokens signed by this server's key, issued by {@code carnet.issuer} for the API's audience,
	 * within their validity ({@code exp}, {@code nbf}) give or take the configured clock skew; a token naming a record
	 * only while the account bound to it is open ({@link OpenAccountTokens}: an erased person's tokens stop working
	 * before they expire). An unsigned
	 * ({@code alg: none}) token is refused by the decoder before any of this; an ID token (audience: the client) by
	 * the audience.
	 */
	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, @Value("${carnet.issuer}") String issuer,
			TokenRules rules, UserStore users) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, jwkSource));
		// Claims are checked by the validators below, not by Nimbus.
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		JwtTimestampValidator validity = new JwtTimestampValidator(rules.clockSkew());
		// A token without an expiry would never expire.
		validity.setAllowEmptyExpiryClaim(false);
		// the signature and claims are verified once per token (VerifiedTokens), the rules below on every request
		decoder.setJwtValidator(token -> OAuth2TokenValidatorResult.success());
		return new VerifiedTokens(decoder, JwtValidators.createDefaultWithValidators(new JwtIssuerValidator(issuer),
				new JwtAudienceValidator(rules.audience(issuer)), validity, new OpenAccountTokens(users)),
				VERIFIED_TOKENS_KEPT);
	}
}
