package org.carnet.graphql;

import graphql.scalars.ExtendedScalars;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/** The scalars of {@code schema/core.graphqls}. */
@Configuration(proxyBeanMethods = false)
class ScalarConfiguration {

	@Bean
	RuntimeWiringConfigurer scalars() {
		return wiring -> wiring.scalar(DateScalar.INSTANCE)
			.scalar(DateTimeScalar.INSTANCE)
			.scalar(ExtendedScalars.GraphQLLong)
			.scalar(CountryCodeScalar.INSTANCE);
	}
}
