package org.carnet.identity;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * {@code /actuator/health} and its groups ({@code liveness}, {@code readiness}) answer without a token, so that a
 * load balancer or an orchestrator can probe them; they show a status only, never details (application.yaml). No
 * other actuator endpoint is exposed.
 */
@Configuration(proxyBeanMethods = false)
class HealthEndpointSecurity {

	@Bean
	@Order(WebSecurityConfiguration.API_ORDER - 1)
	SecurityFilterChain healthFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher(EndpointRequest.to(HealthEndpoint.class))
			.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.requestCache(cache -> cache.disable());
		return http.build();
	}
}
