package org.carnet.testing;

import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Counts the SQL statements the application sends through its data source, so tests can prove that a query touches
 * the database a bounded number of times. Present in every test context (it lives in the scanned test package).
 */
@Component
public class StatementCounter implements BeanPostProcessor {

	private final AtomicLong statements = new AtomicLong();

	private final java.util.concurrent.ConcurrentLinkedQueue<String> recent = new java.util.concurrent.ConcurrentLinkedQueue<>();

	/** About how many statements {@link #recent} holds (updated beside it). */
	private final AtomicLong held = new AtomicLong();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && beanName.equals("dataSource")) {
			return ProxyDataSourceBuilder.create(dataSource)
				.name("counted")
				.listener(new QueryExecutionListener() {
					@Override
					public void beforeQuery(net.ttddyy.dsproxy.ExecutionInfo info,
							java.util.List<net.ttddyy.dsproxy.QueryInfo> queries) {
					}

					@Override
					public void afterQuery(net.ttddyy.dsproxy.ExecutionInfo info,
							java.util.List<net.ttddyy.dsproxy.QueryInfo> queries) {
						statements.addAndGet(queries.size());
						for (net.ttddyy.dsproxy.QueryInfo query : queries) {
							StringBuilder text = new StringBuilder(query.getQuery());
							query.getParametersList()
								.forEach(params -> params.forEach(param -> text.append(" | ")
									.append(java.util.Arrays.deepToString(param.getArgs()))));
							recent.add(text.toString());
							// the queue's size() walks it: count what it holds instead
							if (held.incrementAndGet() > 2000 && recent.poll() != null) {
								held.decrementAndGet();
							}
						}
					}
				})
				.build();
		}
		return bean;
	}

	/** The text and parameters of the most recent statements (up to 2,000), oldest first. */
	public java.util.List<String> recent() {
		return java.util.List.copyOf(recent);
	}

	/** Forgets the recent statements (the count goes on). */
	public void clearRecent() {
		while (recent.poll() != null) {
			held.decrementAndGet();
		}
	}

	/** Statements sent since the application started. */
	public long count() {
		return statements.get();
	}
}
