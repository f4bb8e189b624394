package org.carnet.audit;

import java.util.List;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * A test double around the ledger's hash chains: switched on, every append fails as if the database refused it, so
 * that tests can show callers fail closed. Present in every test context (it lives in the scanned test package);
 * production code has no such switch.
 */
@Component
public class LedgerFaults implements BeanPostProcessor {

	private volatile boolean failing;

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof Chains chains && !(bean instanceof FailingChains)) {
			return new FailingChains(chains);
		}
		return bean;
	}

	/** Every append fails until switched back; switch back in a finally block. */
	public void failAppends(boolean fail) {
		this.failing = fail;
	}

	private final class FailingChains extends Chains {

		private final Chains chains;

		FailingChains(Chains chains) {
			super(null, null);
			this.chains = chains;
		}

		@Override
		List<AccessEvent> append(int stream, List<AccessEvent> drafts, boolean mayCommit) {
			if (failing) {
				throw new IllegalStateException("injected ledger fault (test)");
			}
			return chains.append(stream, drafts, mayCommit);
		}
	}
}
