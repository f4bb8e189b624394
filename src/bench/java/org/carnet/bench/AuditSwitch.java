package org.carnet.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.aopalliance.intercept.MethodInterceptor;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.Ledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * The harness's way to measure what auditing costs: the ledger of a benchmark run is wrapped so that, switched off,
 * its appends return the drafts at once and write nothing (no hand-over to a stream writer, no transaction). Only
 * the harness has it (it lives in the bench source set); the service's own ledger has no such switch.
 */
@Component
class AuditSwitch implements BeanPostProcessor {

	private static final Logger log = LoggerFactory.getLogger(AuditSwitch.class);

	private volatile boolean discarding;

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof Ledger ledger)) {
			return bean;
		}
		ProxyFactory proxy = new ProxyFactory(ledger);
		proxy.setProxyTargetClass(true);
		proxy.addAdvice((MethodInterceptor) call -> {
			if (!discarding) {
				return call.proceed();
			}
			Object argument = call.getArguments().length == 1 ? call.getArguments()[0] : null;
			return switch (call.getMethod().getName()) {
				case "append", "appendInTransaction" -> argument;
				case "appendAsync" -> CompletableFuture.completedFuture((AccessEvent) argument);
				case "appendAllAsync" -> CompletableFuture.completedFuture(List.copyOf((List<?>) argument));
				case "appendAllInTransaction" -> List.copyOf((List<?>) argument);
				default -> call.proceed();
			};
		});
		return proxy.getProxy(ledger.getClass().getClassLoader());
	}

	/** Switch back in a finally block: loud, because it must never stay on. */
	void discardAppends(boolean discard) {
		if (discard) {
			log.warn("AUDITING IS SWITCHED OFF for this benchmark step: access events are discarded");
		}
		this.discarding = discard;
	}
}
