package org.carnet.statistics;

import java.security.SecureRandom;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Disclosure control with noise drawn from the platform's strong source of randomness. */
@Configuration(proxyBeanMethods = false)
class StatisticsConfiguration {

	@Bean
	DisclosureControl disclosureControl() {
		return new DisclosureControl(new DiscreteLaplace(new SecureRandom()));
	}
}
