package org.carnet.database;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Properties;

import org.carnet.CarnetApplication;
import org.carnet.identity.Accounts;
import org.carnet.record.RecordFixtures;
import org.carnet.record.Records;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Starts after a start or a restore went wrong, on the same data directory: none waits for a person at the console,
 * and none comes up in a state that would answer every read with an error.
 */
class RestartIntegrationTests {

	@TempDir
	Path dataDir;

	@Test
	void aChangeLogLockLeftByAKilledStartDoesNotBlockTheNextStart() throws Exception {
		try (ConfigurableApplicationContext app = start()) {
			// what Liquibase's table lock left behind when a start was killed during its migrations
			try (Connection superuser = superuser(); Statement statement = superuser.createStatement()) {
				// as the schema owner, who runs the migrations and created this table before the session lock
				statement.execute("set role carnet_owner");
				statement.execute("create table if not exists databasechangeloglock (id integer primary key, "
						+ "locked boolean not null, lockgranted timestamp, lockedby varchar(255))");
				statement.execute("insert into databasechangeloglock values (1, true, now(), 'killed start (pid 4242)') "
						+ "on conflict (id) do update set locked = true, lockgranted = now(), lockedby = 'killed start'");
			}
		}

		Instant restarted = Instant.now();
		long started = System.nanoTime();
		try (ConfigurableApplicationContext app = start()) {
			long seconds = (System.nanoTime() - started) / 1_000_000_000;
			System.out.printf("Start with a change-log lock row left locked: %d s%n", seconds);
			JdbcClient jdbc = JdbcClient.create(superuserDataSource());
			Timestamp privileges = jdbc.sql("select dateexecuted from databasechangelog "
					+ "where id = 'application-role-privileges'").query(Timestamp.class).single();

			// Liquibase's table lock waits 5 minutes for such a row, then fails; the session lock ignores it
			assertThat(seconds).isLessThan(60);
			assertThat(privileges.toInstant()).as("the migrations ran in this start").isAfter(restarted);
			assertThat(jdbc.sql("select locked from databasechangeloglock").query(Boolean.class).single()).isTrue();
		}
	}

	@Test
	void aDatabaseRestoredWithoutItsKeyEncryptionKeyRefusesToStartNamingIt() throws Exception {
		try (ConfigurableApplicationContext app = start()) {
			app.getBean(Records.class).register(RecordFixtures.registration("Hawa", "Diallo",
					RecordFixtures.clinician(app.getBean(Accounts.class), "dr.restart")));
		}
		Path keyStore = dataDir.resolve("keys").resolve("kek.p12");
		Files.delete(keyStore);
		Files.delete(dataDir.resolve("keys").resolve("kek.pass"));

		assertThatThrownBy(this::start).rootCause()
			.hasMessageContaining("wrapped by the local key-encryption key(s) [carnet-kek (GR version 1)]")
			.hasMessageContaining("expected in the key store " + keyStore)
			.hasMessageContaining("is missing");
		assertThat(keyStore).as("no fresh key store was made").doesNotExist();
	}

	@Test
	void aSecondStartOnAFolderInUseIsRefusedAndLeavesTheRunningDatabaseAlone() throws Exception {
		try (ConfigurableApplicationContext app = start()) {
			String postmaster = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0);

			// an operator starting Carnet a second time on the same folder (a second terminal, a service restarted
			// while the old process still runs): the running database is not an orphan of an unclean stop
			assertThatThrownBy(this::start).rootCause()
				.hasMessageContaining("Another running Carnet uses this data folder")
				.hasMessageContaining("carnet.data-dir");

			assertThat(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0))
				.as("the same PostgreSQL still runs").isEqualTo(postmaster);
			try (Connection superuser = superuser(); Statement statement = superuser.createStatement()) {
				assertThat(statement.execute("select 1")).as("the running database still takes connections").isTrue();
			}
			assertThat(app.getBean(Records.class).register(RecordFixtures.registration("Hawa", "Diallo",
					RecordFixtures.clinician(app.getBean(Accounts.class), "dr.second"))))
				.as("the running application still writes").isNotNull();
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(CarnetApplication.class).profiles("test")
			.run("--carnet.data-dir=" + dataDir, "--server.port=0", "--logging.level.root=warn");
	}

	private Connection superuser() throws Exception {
		return superuserDataSource().getConnection();
	}

	private javax.sql.DataSource superuserDataSource() throws Exception {
		Properties passwords = new Properties();
		try (Reader reader = Files.newBufferedReader(dataDir.resolve("postgres-passwords.properties"))) {
			passwords.load(reader);
		}
		int port = Integer.parseInt(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(3)
			.trim());
		org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
		dataSource.setUrl("jdbc:postgresql://localhost:" + port + "/carnet");
		dataSource.setUser("postgres");
		dataSource.setPassword(passwords.getProperty("postgres"));
		return dataSource;
	}
}
