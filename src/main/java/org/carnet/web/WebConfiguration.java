package org.carnet.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Registers the request-size limit as the first filter of every request, ahead of Spring Security's, then the answer
 * to a database outage around everything after it.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(WebSettings settings, MessageSource messages,
			ObjectProvider<LocaleResolver> locales) {
		FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(
				new RequestSizeLimit(settings, messages, locales));
		registration.setName("requestSizeLimit");
		registration.addUrlPatterns("/*");
		// After the character-encoding filter (highest precedence), before everything else, security included.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<DatabaseOutage> databaseOutage() {
		FilterRegistrationBean<DatabaseOutage> registration = new FilterRegistrationBean<>(new DatabaseOutage());
		registration.setName("databaseOutage");
		registration.addUrlPatterns("/*");
		// around security, whose token and session checks read the database
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}
}
