package org.carnet.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Bounds every wait of the application's connections, on the embedded server and on an external one alike: a
 * connection is had within {@code carnet.database.connection-timeout} or the request fails (UNAVAILABLE), and each
 * connection's session waits for a lock at most {@code lock-timeout} and runs a statement at most
 * {@code statement-timeout}. Without these, a table held by a lock or a server that died held every request for as
 * long as it lasted. The schema owner's connections (migrations) are left unbounded.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionBounds {

	/** The application's pool: Boot's {@code dataSource}, or the embedded configuration's bean of that name. */
	static final String APPLICATION_POOL = "dataSource";

	@Bean
	static BeanPostProcessor connectionBoundsPostProcessor(Environment environment) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String name) {
				// the embedded configuration bounds its pool as it builds it (a started pool is sealed)
				if (APPLICATION_POOL.equals(name) && bean instanceof HikariDataSource pool && !pool.isRunning()) {
					// bound here rather than injected: a post-processor must not pull configuration beans in early
					DatabaseSettings settings = Binder.get(environment)
						.bindOrCreate("carnet.database", DatabaseSettings.class);
					apply(pool, settings);
				}
				return bean;
			}
		};
	}

	static void apply(HikariConfig pool, DatabaseSettings settings) {
		pool.setConnectionTimeout(settings.connectionTimeout().toMillis());
		String options = pool.getDataSourceProperties().getProperty("options");
		pool.addDataSourceProperty("options",
				options == null || options.isBlank() ? settings.sessionOptions() : options + " " + settings.sessionOptions());
	}
}
