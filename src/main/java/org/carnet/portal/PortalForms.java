package org.carnet.portal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
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

	private final FormSubmissionStore submissions;

	/**
	 * @param sessionTimeout how long an idle session lives (Spring Session's own setting first): a session's
	 * submissions are forgotten after it
	 */
	PortalForms(PortalText text, Clock clock, JdbcClient jdbc, PlatformTransactionManager transactions,
			@Value("${spring.session.timeout:${server.servlet.session.timeout:30m}}") Duration sessionTimeout) {
		this.text = text;
		this.clock = clock;
		this.submissions = new FormSubmissionStore(jdbc, transactions, clock, sessionTimeout);
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
		registry.addInterceptor(new FormSubmissions.Guard(submissions, clock)).addPathPatterns("/portal/**");
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new FormProblems.Resolver(text));
	}
}
