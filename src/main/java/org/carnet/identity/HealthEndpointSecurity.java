package org.carnet.identity;

import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may ask the actuator what. The actuator lives on the management port ({@code management.server.port}, 8081 by
 * default): health, its probe groups and the Prometheus meters answer there without a token; health shows its
 * components and details only with an administrator's bearer token ({@code show-details: when-authorized}, role
 * ADMIN); a token that does not verify is refused with 401. Spring Boot puts the same security filter chains in front
 * of the management server's child context, and {@link EndpointRequest} matches actuator paths on the management
 * port only. On the application's port only the probes {@code /livez} and {@code /readyz} answer (status only), for a
 * load balancer that checks the port it sends traffic to.
 */
@Configuration(proxyBeanMethods = false)
class HealthEndpointSecurity {

	@Bean
	@Order(WebSecurityConfiguration.API_ORDER - 2)
	SecurityFilterChain managementFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests(requests -> requests.requestMatchers(EndpointRequest.to("health", "prometheus"))
				.permitAll()
				.anyRequest()
				.denyAll())
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.requestCache(cache -> cache.disable());
		return http.build();
	}

	@Bean
	@Order(WebSecurityConfiguration.API_ORDER - 1)
	SecurityFilterChain probeFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher(EndpointRequest.toAdditionalPaths(WebServerNamespace.SERVER, HealthEndpoint.class))
			.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.requestCache(cache -> cache.disable());
		return http.build();
	}
}
