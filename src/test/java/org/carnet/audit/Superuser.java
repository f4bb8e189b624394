package org.carnet.audit;

import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The database superuser of the embedded server (which trusts local connections), for tests that play an attacker
 * with full access to the database, or an operator. One connection, so that session settings and temporary tables
 * last across statements; close it after use.
 */
final class Superuser implements AutoCloseable {

	private final SingleConnectionDataSource connection;

	final JdbcTemplate jdbc;

	private Superuser(String url) {
		this.connection = new SingleConnectionDataSource(url, "postgres", "", true);
		this.jdbc = new JdbcTemplate(connection);
	}

	/** Connects as {@code postgres} to the database the application's pool uses. */
	static Superuser of(DataSource application) {
		try {
			return new Superuser(application.unwrap(HikariDataSource.class).getJdbcUrl());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The application's DataSource is not a Hikari pool", ex);
		}
	}

	/** Switches triggers off for this session, as an attacker with superuser rights can. */
	Superuser withoutTriggers() {
		jdbc.execute("set session_replication_role = replica");
		return this;
	}

	@Override
	public void close() {
		connection.destroy();
	}
}
