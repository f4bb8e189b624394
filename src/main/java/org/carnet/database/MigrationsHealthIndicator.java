package org.carnet.database;

import java.time.Duration;

import javax.sql.DataSource;

import liquibase.integration.spring.SpringLiquibase;
import org.carnet.core.TimedCheck;
import org.carnet.core.Unavailable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether the database holds the schema this process migrated it to ({@code migrations} in the readiness group).
 * Liquibase runs before anything else uses the database and a failed migration stops the start, so a process that
 * answers has migrated; the probe then checks, within {@code carnet.health.timeout}, that the database still holds at
 * least the schema it held once they had run (the columns of its tables, counted in PostgreSQL's catalog: the
 * application's role may not read Liquibase's change log): a database replaced under a running process (an older
 * backup restored, a fail-over to a server that is behind) makes readiness DOWN rather than serve on an older schema.
 */
@Component
class MigrationsHealthIndicator implements HealthIndicator {

	/** The columns of the schema's tables, from PostgreSQL's catalog (the application may not read the change log). */
	private static final String COLUMNS = "select count(*) from pg_attribute a join pg_class c on c.oid = a.attrelid "
			+ "where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p') and a.attnum > 0 "
			+ "and not a.attisdropped";

	private final long applied;

	private final TimedCheck<Long> check;

	MigrationsHealthIndicator(DataSource dataSource, ObjectProvider<SpringLiquibase> liquibase,
			@Value("${carnet.health.timeout:2s}") Duration timeout) {
		// asking for Liquibase's bean waits for its migration to have run (or the start to have failed)
		liquibase.ifAvailable(migration -> {
		});
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
		this.applied = count(jdbc);
		this.check = new TimedCheck<>("migrations", timeout, () -> count(jdbc));
	}

	@Override
	public Health health() {
		try {
			long present = check.run();
			Health.Builder health = present >= applied ? Health.up() : Health.down();
			return health.withDetail("columns", present).withDetail("columnsAtStart", applied).build();
		}
		catch (Unavailable ex) {
			return Health.down().withDetail("reason", ex.getMessage()).build();
		}
	}

	private static long count(JdbcTemplate jdbc) {
		Long count = jdbc.queryForObject(COLUMNS, Long.class);
		return count == null ? 0 : count;
	}
}
