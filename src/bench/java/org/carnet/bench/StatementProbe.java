package org.carnet.bench;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.listener.MethodExecutionListener;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Counts database round trips of the application: statement executions (a JDBC batch counts once: it is sent in one
 * go) and commits, of the threads serving requests and of the audit writers (group commit, amortised over many
 * requests); other threads (scheduled jobs, the harness's own queries) are not counted. Cheaper than the tests'
 * {@code StatementCounter}, which keeps the text of recent statements and would weigh on the figures; that one is
 * removed from the benchmark's context.
 */
public final class StatementProbe implements BeanPostProcessor {

	private final LongAdder requestStatements = new LongAdder();

	private final LongAdder requestCommits = new LongAdder();

	private final LongAdder auditStatements = new LongAdder();

	private final LongAdder auditCommits = new LongAdder();

	private volatile DataSource raw;

	/** Installs the probe in the context before it is refreshed, replacing the tests' statement counter. */
	void install(ConfigurableApplicationContext context) {
		context.addBeanFactoryPostProcessor(beanFactory -> {
			removeTestCounter(beanFactory);
			beanFactory.addBeanPostProcessor(this);
		});
	}

	/** Leaves the tests' statement counter out of a context measured with the test profile. */
	public static void removeTestCounter(ConfigurableListableBeanFactory beanFactory) {
		if (beanFactory instanceof BeanDefinitionRegistry registry && registry.containsBeanDefinition("statementCounter")) {
			registry.removeBeanDefinition("statementCounter");
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof DataSource dataSource && beanName.equals("dataSource")) {
			raw = dataSource;
			return ProxyDataSourceBuilder.create(dataSource)
				.name("bench")
				.listener(new QueryExecutionListener() {
					@Override
					public void beforeQuery(ExecutionInfo info, List<QueryInfo> queries) {
					}

					@Override
					public void afterQuery(ExecutionInfo info, List<QueryInfo> queries) {
						LongAdder counter = auditThread() ? auditStatements : requestThread() ? requestStatements : null;
						if (counter != null) {
							counter.increment();
						}
					}
				})
				.methodListener(new MethodExecutionListener() {
					@Override
					public void beforeMethod(MethodExecutionContext context) {
					}

					@Override
					public void afterMethod(MethodExecutionContext context) {
						String method = context.getMethod().getName();
						if (method.equals("commit") || method.equals("rollback")) {
							LongAdder counter = auditThread() ? auditCommits : requestThread() ? requestCommits : null;
							if (counter != null) {
								counter.increment();
							}
						}
					}
				})
				.build();
		}
		return bean;
	}

	private static boolean auditThread() {
		return Thread.currentThread().getName().startsWith("audit-writer-");
	}

	/**
	 * Whether this is a thread serving an HTTP request (Tomcat's workers); statements of scheduled jobs (checkpoints,
	 * retention, the key cache) and of the harness are not the request's.
	 */
	private static boolean requestThread() {
		return Thread.currentThread().getName().startsWith("http-nio-");
	}

	/** The application's pool without the probe, for the harness's own queries (not counted). */
	DataSource raw() {
		if (raw == null) {
			throw new IllegalStateException("The application has no bean named dataSource");
		}
		return raw;
	}

	Counts counts() {
		return new Counts(requestStatements.sum(), requestCommits.sum(), auditStatements.sum(), auditCommits.sum());
	}

	/** Round trips since start: statements and commits of the request threads, and of the audit writers. */
	record Counts(long requestStatements, long requestCommits, long auditStatements, long auditCommits) {

		Counts minus(Counts before) {
			return new Counts(requestStatements - before.requestStatements, requestCommits - before.requestCommits,
					auditStatements - before.auditStatements, auditCommits - before.auditCommits);
		}

		Counts plus(Counts other) {
			return new Counts(requestStatements + other.requestStatements, requestCommits + other.requestCommits,
					auditStatements + other.auditStatements, auditCommits + other.auditCommits);
		}
	}
}
