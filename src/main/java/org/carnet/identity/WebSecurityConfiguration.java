package org.carnet.identity;

import java.util.Map;
import java.util.Set;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.carnet.web.SameOriginRedirects;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AccountExpiredException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The application's filter chains, after the authorization server's: the API (bearer tokens only, no session, no
 * cookies to forge requests with) and the sign-in pages the authorization server sends browsers to. Other modules
 * with pages (the portal) add their own chain between the two.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

	static final String LOGIN_PAGE = "/login";

	/** The FHIR facade's addresses: resources of the API, behind bearer tokens like {@code /graphql}. */
	static final String FHIR = "/fhir/**";

	private static final String FHIR_UNAUTHORIZED = """
			{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"login",\
			"diagnostics":"A valid bearer token is required"}]}""";

	/** Order of the API chain; the authorization server's comes before it. */
	static final int API_ORDER = 10;

	/** Order of the sign-in chain, which also answers every request no other chain claims. */
	static final int SIGN_IN_ORDER = 100;

	@Bean
	@Order(API_ORDER)
	SecurityFilterChain apiFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/graphql", "/graphql/**", FHIR, AccountClaims.PATH)
			.authorizeHttpRequests(requests -> requests.requestMatchers(AccountClaims.PATH)
				.permitAll()
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// No cookie authenticates here: a bearer token cannot be sent by another site's form, and the claim
			// endpoint takes JSON only, which a cross-site form cannot post.
			.csrf(csrf -> csrf.disable())
			.requestCache(cache -> cache.disable())
			// A browser opening the API's address (no token, asking for HTML) gets the application's error page in
			// its language, which says what the address is for, rather than an empty 401.
			.exceptionHandling(exceptions -> exceptions
				// The FHIR facade answers every refusal with an OperationOutcome, this one too.
				.defaultAuthenticationEntryPointFor(WebSecurityConfiguration::fhirUnauthorized,
						PathPatternRequestMatcher.pathPattern(FHIR))
				.defaultAuthenticationEntryPointFor(
						(request, response, refusal) -> response.sendError(HttpStatus.UNAUTHORIZED.value()),
						new AndRequestMatcher(browserPages(),
								request -> request.getHeader(HttpHeaders.AUTHORIZATION) == null)));
		return http.build();
	}

	@Bean
	@Order(SIGN_IN_ORDER)
	SecurityFilterChain signInFilterChain(HttpSecurity http, UserStore users, PasswordEncoder passwordEncoder,
			GuessThrottle throttle, ClientAddresses addresses, LoginAudit audit,
			ApplicationEventPublisher events, SessionLimit sessionLimit) throws Exception {
		// The password check behind the guessing throttle; success events still reach LoginAudit.
		DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
		passwords.setPasswordEncoder(passwordEncoder);
		// A closed account (its record was erased) is told so only after its password is checked: nobody learns
		// from a user name alone that its record was erased.
		passwords.setPreAuthenticationChecks(user -> {
		});
		passwords.setPostAuthenticationChecks(WebSecurityConfiguration::open);
		ProviderManager signIns = new ProviderManager(new SignInThrottle(passwords, throttle, addresses, audit));
		signIns.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
		ExceptionMappingAuthenticationFailureHandler failures = new ExceptionMappingAuthenticationFailureHandler();
		failures.setDefaultFailureUrl(LOGIN_PAGE + "?error");
		failures.setExceptionMappings(Map.of(SignInThrottled.class.getName(), LOGIN_PAGE + "?throttled",
				DisabledException.class.getName(), LOGIN_PAGE + "?closed"));
		AuthenticationSuccessHandler back = SameOriginRedirects.successHandler(new HttpSessionRequestCache(), "/");
		http.authenticationManager(signIns);
		http.authorizeHttpRequests(requests -> requests
			// Error pages stay reachable, so that an OAuth error (400) is not turned into a 401 or a login page.
			.dispatcherTypeMatchers(DispatcherType.ERROR)
			.permitAll()
			.requestMatchers("/error", LOGIN_PAGE)
			.permitAll()
			.anyRequest()
			.authenticated())
			// Spring Security's own sign-in page at /login (fields username, password and the CSRF token); back to the
			// page first asked for by a relative redirect, never an address rebuilt from the Host header. A throttled
			// attempt comes back to /login?throttled, which says so without telling whether the account exists.
			.formLogin(form -> form.successHandler((request, response, user) -> {
				sessionLimit.signedIn(user, request);
				back.onAuthenticationSuccess(request, response, user);
			})
				// The refusal the sign-in page shows stays in the session until shown: without the typed password
				// (the session is stored in PostgreSQL) and without a stack trace.
				.failureHandler((request, response, refusal) -> failures.onAuthenticationFailure(request, response,
						SignInRefused.withoutPassword(refusal))))
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(SameOriginRedirects.entryPoint(LOGIN_PAGE)));
		return http.build();
	}

	/**
	 * 401 for the FHIR facade: the bearer-token challenge ({@code WWW-Authenticate}) and a FHIR OperationOutcome
	 * (issue {@code login}) as its body, written here as a constant since no record is involved.
	 */
	private static void fhirUnauthorized(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException refusal) throws IOException {
		new BearerTokenAuthenticationEntryPoint().commence(request, response, refusal);
		response.setContentType("application/fhir+json;charset=UTF-8");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.getWriter().write(FHIR_UNAUTHORIZED);
	}

	/** The account may sign in: checked after the password. */
	private static void open(UserDetails user) {
		if (!user.isAccountNonLocked()) {
			throw new LockedException("The account is locked");
		}
		if (!user.isEnabled()) {
			throw new DisabledException("The account is closed");
		}
		if (!user.isAccountNonExpired()) {
			throw new AccountExpiredException("The account has expired");
		}
		if (!user.isCredentialsNonExpired()) {
			throw new CredentialsExpiredException("The password has expired");
		}
	}

	/** Requests that ask for HTML; a client that accepts anything (curl, scripts) is not a browser page. */
	private static MediaTypeRequestMatcher browserPages() {
		MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return html;
	}

	/**
	 * No observation of Spring Security's filters, authentications or authorisations (management.observations also
	 * switches them off, but only after the filter chain has been wrapped filter by filter to observe it): no timing
	 * an operator reads, and a cost on every request. The HTTP request itself stays observed.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Spring's strict firewall (its defaults), with the header rules it applies to every header each time one is read
	 * checked by {@link HeaderCharacters} rather than by regular expressions: the same rule, at a fraction of the cost
	 * for a long bearer token.
	 */
	@Bean
	HttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(HeaderCharacters::allowedName);
		firewall.setAllowedHeaderValues(HeaderCharacters::allowedValue);
		return firewall;
	}

	/** The bearer token of every chain that reads one, found by {@link BearerTokens}. */
	@Bean
	BearerTokenResolver bearerTokenResolver() {
		return new BearerTokens();
	}

	/**
	 * bcrypt by default, of {@code carnet.identity.password-strength} log rounds (Spring's 10 unless set: the tests
	 * set 4, as every user they create and every sign-in would otherwise cost a tenth of a second of processor);
	 * hashes stored with another encoder's prefix, or another strength, keep working.
	 */
	@Bean
	PasswordEncoder passwordEncoder(@Value("${carnet.identity.password-strength:10}") int strength) {
		if (strength < 4 || strength > 31) {
			throw new IllegalArgumentException("carnet.identity.password-strength must be 4 to 31, not " + strength);
		}
		PasswordEncoder defaults = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		if (strength == 10) {
			return defaults;
		}
		DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder("bcrypt",
				Map.of("bcrypt", new BCryptPasswordEncoder(strength)));
		encoder.setDefaultPasswordEncoderForMatches(defaults);
		return encoder;
	}

	/** The token's {@code roles} become authorities {@code ROLE_<name>}, for {@code hasRole(...)} checks. */
	@Bean
	JwtAuthenticationConverter jwtAuthenticationConverter() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName(Requesters.ROLES);
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}
}
