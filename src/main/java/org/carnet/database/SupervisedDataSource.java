package org.carnet.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The application's pool on the embedded server, refusing at once while the server is being started again after its
 * process died: requests fail fast (UNAVAILABLE) and the {@code db} health check says DOWN at once, instead of each
 * waiting for the pool's connection timeout.
 */
final class SupervisedDataSource extends DelegatingDataSource implements AutoCloseable {

	private final EmbeddedPostgresServer server;

	private final HikariDataSource pool;

	SupervisedDataSource(EmbeddedPostgresServer server, HikariDataSource pool) {
		super(pool);
		this.server = server;
		this.pool = pool;
	}

	@Override
	public Connection getConnection() throws SQLException {
		refuseWhileRestarting();
		return super.getConnection();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		refuseWhileRestarting();
		return super.getConnection(username, password);
	}

	private void refuseWhileRestarting() throws SQLTransientConnectionException {
		if (!server.isRunning()) {
			// SQL state 08001: cannot connect; Spring translates it to a resource failure
			throw new SQLTransientConnectionException("The embedded PostgreSQL is being started again", "08001");
		}
	}

	@Override
	public void close() {
		pool.close();
	}
}
