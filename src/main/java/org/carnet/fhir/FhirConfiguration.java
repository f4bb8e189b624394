package org.carnet.fhir;

import ca.uhn.fhir.context.FhirContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's one {@link FhirContext}: building it scans the whole R4 model (about a second and tens of
 * megabytes), after which it is thread-safe and every parser is cheap, so it is made once and shared.
 */
@Configuration(proxyBeanMethods = false)
class FhirConfiguration {

	@Bean
	FhirContext fhirContext() {
		return FhirContext.forR4();
	}
}
