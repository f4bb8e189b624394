package org.carnet.consent;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The clock grants, requests, share codes and emergency accesses are timed by; replaceable so expiry is testable. */
@Configuration(proxyBeanMethods = false)
class ConsentConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}
}
