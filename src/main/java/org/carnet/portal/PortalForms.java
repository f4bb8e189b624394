package org.carnet.portal;

import java.time.Clock;
import java.util.List;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.support.RequestContextUtils;
import org.springframework.web.servlet.support.RequestDataValueProcessor;

/**
 * The plumbing of the portal's forms: each form's token ({@link FormSubmissions}), the guard that answers a form
 * sent twice with its first outcome, and the problems of a submitted form for its handler ({@link FormProblems}).
 */
@Configuration(proxyBeanMethods = false)
class PortalForms implements WebMvcConfigurer {

	private final PortalText text;

	private final Clock clock;

	PortalForms(PortalText text, Clock clock) {
		this.text = text;
		this.clock = clock;
	}

	/**
	 * Spring Security's processor adds the CSRF token to every form Thymeleaf renders; the form's token is added by
	 * wrapping it, since pages use the one processor of that name.
	 */
	@Bean
	static BeanPostProcessor formTokenField() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (RequestContextUtils.REQUEST_DATA_VALUE_PROCESSOR_BEAN_NAME.equals(name)
						&& bean instanceof RequestDataValueProcessor processor) {
					return new FormSubmissions.TokenField(processor);
				}
				return bean;
			}
		};
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new FormSubmissions.Guard(clock)).addPathPatterns("/portal/**");
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new FormProblems.Resolver(text));
	}
}
