package org.carnet.audit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.carnet.core.DataDirectory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The database superuser of the embedded server, signed in with the password Carnet generated into the data
 * directory, for tests that play an attacker with full access to the database (and its secrets), or an operator. One
 * connection, so that session settings and temporary tables last across statements; close it after use.
 */
public final class Superuser implements AutoCloseable {

	private final SingleConnectionDataSource connection;

	public final JdbcTemplate jdbc;

	private Superuser(String url, String password) {
		this.connection = new SingleConnectionDataSource(url, "postgres", password, true);
		this.jdbc = new JdbcTemplate(connection);
	}

	/** Connects as {@code postgres} to the database the application's pool uses. */
	public static Superuser of(DataSource application, DataDirectory data) {
		try (Reader reader = Files.newBufferedReader(data.resolve("postgres-passwords.properties"))) {
			Properties passwords = new Properties();
			passwords.load(reader);
			return new Superuser(application.unwrap(HikariDataSource.class).getJdbcUrl(),
					passwords.getProperty("postgres"));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The application's DataSource is not a Hikari pool", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
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
