package org.carnet.portal;

import java.util.Locale;
import java.util.ResourceBundle;

import org.carnet.identity.Accounts;
import org.carnet.identity.PortalClient;
import org.carnet.web.SameOriginRedirects;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The portal's web security and plumbing. Its filter chain sits between the API chain (order 10) and the sign-in
 * chain (order 100): it signs users in as an OAuth2 client of the embedded authorization server (backend for
 * frontend: tokens live in the server-side session), protects forms with CSRF tokens and sends a strict
 * Content-Security-Policy (no inline script or style, nothing from other origins).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PortalSettings.class)
class PortalConfiguration implements WebMvcConfigurer {

	/** Between identity's API chain (10) and its sign-in chain (100). */
	static final int ORDER = 50;

	static final String SIGN_IN = "/oauth2/authorization/" + PortalRegistration.ID;

	/** Identity's sign-in form address: the portal renders it (GET); identity's chain checks the password (POST). */
	static final String SIGN_IN_FORM = "/login";

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
			+ "form-action 'self'; frame-ancestors 'none'";

	@Bean
	@Order(ORDER)
	SecurityFilterChain portalFilterChain(HttpSecurity http, PortalRegistration registration,
			OAuth2AuthorizedClientRepository authorizedClients, JwtDecoder decoder, PortalSignOut signOut,
			Accounts accounts) throws Exception {
		// A session of an account closed since it signed in (its record erased) ends at its next request.
		http.addFilterBefore(new ClosedAccounts(accounts), AuthorizationFilter.class);
		http.securityMatchers(matchers -> matchers
			.requestMatchers("/", "/portal", "/portal/**", "/oauth2/authorization/**", "/login/oauth2/**")
			// The sign-in form in the person's language; identity's sign-in chain still takes the POST.
			.requestMatchers(HttpMethod.GET, SIGN_IN_FORM))
			.authorizeHttpRequests(requests -> requests
				.requestMatchers(HttpMethod.GET, "/", "/portal/assets/**", "/portal/welcome", SIGN_IN_FORM)
				.permitAll()
				// a mediator reaches the person's pages only as their guardian or proxy (the API checks it each time)
				.requestMatchers("/portal/my/**", "/portal/acting-for/**")
				.hasAnyRole("MIGRANT", "MEDIATOR")
				.requestMatchers("/portal/clinician/**")
				.hasRole("CLINICIAN")
				.requestMatchers("/portal/mediator/**")
				.hasRole("MEDIATOR")
				.requestMatchers("/portal/audit/**")
				.hasRole("AUDITOR")
				.requestMatchers("/portal/statistics/**")
				.hasRole("PUBLIC_HEALTH_ANALYST")
				.anyRequest()
				.authenticated())
			// Its own record of who signed in: the sign-in form's login (the authorization server's session) is not a
			// portal sign-in; only the OAuth2 login that leaves tokens in the session is.
			.securityContext(context -> context.securityContextRepository(portalSignIns()))
			// Its own saved request: the authorization server's chain saves the authorization request in the same
			// session, and the page first asked for must survive that to be shown after sign-in.
			.requestCache(cache -> cache.requestCache(savedPortalRequest()))
			// A login page of its own, so that OAuth2 login generates none at /login; users reach /login
			// through the authorization server, never directly from this chain.
			.oauth2Login(login -> login.loginPage(SIGN_IN_FORM)
				.clientRegistrationRepository(registration)
				.authorizedClientRepository(authorizedClients)
				.userInfoEndpoint(userInfo -> userInfo.userService(new PortalUsers(decoder)))
				// Back to the page first asked for, as a relative redirect (the saved request's absolute URL carries
				// the Host header it came with).
				.successHandler(SameOriginRedirects.successHandler(savedPortalRequest(), "/portal"))
				.failureUrl("/portal/welcome?failed")
				// A sign-in address of a client that does not exist names nothing (404, the portal's page), rather
				// than failing as the server's fault (500).
				.withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
					@Override
					public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
						filter.setAuthenticationFailureHandler((request, response, exception) -> response
							.sendError(request.getRequestURI().equals(request.getContextPath() + SIGN_IN)
									? HttpStatus.INTERNAL_SERVER_ERROR.value() : HttpStatus.NOT_FOUND.value()));
						return filter;
					}
				}))
			// A page asked for without a session goes straight to the authorization server's sign-in.
			.exceptionHandling(exceptions -> exceptions
				.authenticationEntryPoint(SameOriginRedirects.entryPoint(SIGN_IN))
				.accessDeniedPage("/portal/denied"))
			.logout(logout -> logout.logoutUrl("/portal/logout")
				.addLogoutHandler(signOut)
				.logoutSuccessHandler(signOut)
				.invalidateHttpSession(true)
				.clearAuthentication(true))
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
				.frameOptions(frames -> frames.deny()));
		return http.build();
	}

	private static HttpSessionSecurityContextRepository portalSignIns() {
		HttpSessionSecurityContextRepository repository = new HttpSessionSecurityContextRepository();
		repository.setSpringSecurityContextKey("CARNET_PORTAL_SECURITY_CONTEXT");
		return repository;
	}

	private static HttpSessionRequestCache savedPortalRequest() {
		HttpSessionRequestCache cache = new HttpSessionRequestCache();
		cache.setSessionAttrName("CARNET_PORTAL_SAVED_REQUEST");
		return cache;
	}

	@Bean
	PortalRegistration portalRegistration(PortalClient client, PortalSettings settings, Environment environment) {
		return new PortalRegistration(client, settings, environment);
	}

	/** Tokens are kept in the server-side session of the browser that signed in, never sent to it. */
	@Bean
	OAuth2AuthorizedClientRepository portalAuthorizedClients(PortalRegistration registration) {
		return new SessionTokens(registration);
	}

	@Bean
	DefaultOAuth2AuthorizedClientManager portalAuthorizedClientManager(PortalRegistration registration,
			OAuth2AuthorizedClientRepository authorizedClients) {
		OAuth2AuthorizedClientProvider provider = OAuth2AuthorizedClientProviderBuilder.builder()
			.authorizationCode()
			.refreshToken()
			.build();
		DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(registration,
				authorizedClients);
		manager.setAuthorizedClientProvider(provider);
		return manager;
	}

	@Bean
	PortalGraphQl portalGraphQl(WebGraphQlHandler handler, DefaultOAuth2AuthorizedClientManager clients,
			JwtDecoder decoder, JwtAuthenticationConverter authentication) {
		return new PortalGraphQl(handler, clients, decoder, authentication);
	}

	@Bean
	PortalSignOut portalSignOut(PortalRegistration registration, OAuth2AuthorizedClientRepository authorizedClients) {
		return new PortalSignOut(registration, authorizedClients);
	}

	/**
	 * Messages of the pages: English in {@code messages.properties}, never the server's own locale as fallback (a
	 * German server would otherwise print German where French was asked for). First the words of the printed
	 * summary's column in the destination languages that are not the portal's ({@code print/messages_el} etc.): there
	 * is no {@code print/messages.properties}, so the portal's own languages find nothing there.
	 */
	private static final String PRINT_MESSAGES = "print/messages";

	@Bean
	ResourceBundleMessageSource messageSource() {
		return portalMessages();
	}

	/** The portal's words (also built so by tests that need no application). */
	static ResourceBundleMessageSource portalMessages() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource() {

			@Override
			protected ResourceBundle getResourceBundle(String basename, Locale locale) {
				// the print bundles exist for the print-only languages alone: not looked for otherwise, where each
				// miss would be a warning in the log for every word of every page
				if (basename.equals(PRINT_MESSAGES) && PortalLocales.PRINT_ONLY.stream()
					.noneMatch(print -> print.getLanguage().equals(locale.getLanguage()))) {
					return null;
				}
				return super.getResourceBundle(basename, locale);
			}
		};
		messages.setBasenames(PRINT_MESSAGES, "messages");
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		return messages;
	}

	@Bean
	LocaleResolver localeResolver() {
		return new PortalLocales();
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		LocaleChangeInterceptor languageSwitch = new LocaleChangeInterceptor();
		languageSwitch.setParamName(PortalLocales.PARAMETER);
		languageSwitch.setIgnoreInvalidLocale(true);
		registry.addInterceptor(languageSwitch).addPathPatterns("/portal", "/portal/**", SIGN_IN_FORM);
	}
}
