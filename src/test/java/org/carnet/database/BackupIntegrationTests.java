package org.carnet.database;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.carnet.CarnetApplication;
import org.carnet.core.DataDirectory;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Carnet's own backup of the embedded database and the data directory, taken while Carnet serves reads, restored into
 * a fresh data directory and started there: the records are read, the audit log verifies, and a person erased before
 * the backup stays erased.
 */
class BackupIntegrationTests {

	private static final String MY_RECORD = "{ myRecord { id allergies { substance } } }";

	private static final String READ = """
			query($id: ID!) { person(id: $id, purpose: TREATMENT) { id allergies { substance } } }""";

	private static final String VERIFY = "{ verifyAuditLog { ok eventsChecked } }";

	@TempDir
	Path original;

	@TempDir
	Path backup;

	@TempDir
	Path restored;

	@Test
	void aBackupTakenWhileCarnetServesRestoresIntoAFreshDataDirectoryWithRecordsAuditAndErasureIntact()
			throws Exception {
		Scenario scenario;
		try (ConfigurableApplicationContext app = start(original)) {
			Scenario prepared = Scenario.prepare(app);
			// reads go on during the backup: it is taken online
			AtomicBoolean backingUp = new AtomicBoolean(true);
			AtomicInteger served = new AtomicInteger();
			AtomicInteger failed = new AtomicInteger();
			Thread reader = new Thread(() -> {
				while (backingUp.get()) {
					(prepared.clinicianReadsAmina() ? served : failed).incrementAndGet();
				}
			});
			reader.start();
			long started = System.nanoTime();
			int exit = BackupCommand.run(new String[] { "--carnet.data-dir=" + original, "--carnet.backup=" + backup,
					"--logging.level.root=warn", "--logging.level.org.carnet=info" });
			long backupMillis = (System.nanoTime() - started) / 1_000_000;
			backingUp.set(false);
			reader.join(10_000);
			System.out.printf("Online backup: %d ms, %d reads served and %d failed meanwhile%n", backupMillis,
					served.get(), failed.get());
			assertThat(exit).isZero();
			assertThat(failed.get()).as("reads that failed during the backup").isZero();
			assertThat(backup.resolve(DataDirectoryBackup.MANIFEST)).exists();
			scenario = prepared.withLedgerSize(ledgerSize(app));
		}

		int exit = BackupCommand.run(new String[] { "--carnet.data-dir=" + restored, "--carnet.restore=" + backup,
				"--logging.level.root=warn", "--logging.level.org.carnet=info" });
		assertThat(exit).isZero();
		assertThat(restored.resolve("keys/kek.p12")).as("the local key store came back").exists();
		assertThat(restored.resolve("postgres/backup_label")).as("replayed to the end of the backup").doesNotExist();

		assertThat(restored.resolve(DataDirectory.RESTORED_NOTE)).as("the note the first start records").exists();
		String manifest = DataDirectoryBackup.sha256(backup.resolve(DataDirectoryBackup.MANIFEST));

		try (ConfigurableApplicationContext app = start(restored)) {
			scenario.verifyRestored(app);
			verifyRestoreRecorded(app, manifest);
		}
		// a second start records nothing more
		try (ConfigurableApplicationContext app = start(restored)) {
			verifyRestoreRecorded(app, manifest);
		}
	}

	/** One DATABASE_RESTORED event, naming the backup by its manifest's digest, and the note gone. */
	private void verifyRestoreRecorded(ConfigurableApplicationContext app, String manifestDigest) {
		JdbcClient jdbc = JdbcClient.create(app.getBean(DataSource.class));
		List<Map<String, Object>> events = jdbc.sql("select requester_subject, target, operation_name, person_id "
				+ "from access_events where action = 'DATABASE_RESTORED'").query().listOfRows();
		assertThat(events).hasSize(1);
		assertThat(events.get(0)).containsEntry("requester_subject", "carnet")
			.containsEntry("target", "backup:" + manifestDigest)
			.containsEntry("person_id", null);
		assertThat((String) events.get(0).get("operation_name")).startsWith("database restored from the backup created ")
			.doesNotContain("unknown")
			.doesNotContain(backup.toString());
		assertThat(restored.resolve(DataDirectory.RESTORED_NOTE)).doesNotExist();
	}

	/**
	 * The procedure for an external PostgreSQL: {@code pg_dump -Fc} of the database and Carnet's backup of its data
	 * directory (the keys), restored with {@code pg_restore} into a new database and {@code --carnet.restore} into a
	 * fresh data directory. Runs against the PostgreSQL on 127.0.0.1:5432 (user postgres, no password) with its own
	 * {@code pg_dump}, when both are there; the application connects as {@code postgres} there, so that the test
	 * leaves no roles behind on a shared server.
	 */
	@Test
	void anExternalDatabaseDumpedWithPgDumpRestoresWithTheKeysFromCarnetsBackup() throws Exception {
		Assumptions.assumeTrue(onPath("pg_dump") && onPath("pg_restore") && externalServerAnswers(),
				"no PostgreSQL on 127.0.0.1:5432 with pg_dump and pg_restore on the PATH");
		String suffix = Long.toString(System.nanoTime(), 36);
		String source = "carnet_backup_" + suffix;
		String target = "carnet_restore_" + suffix;
		Path dump = backup.resolveSibling(backup.getFileName() + ".dump");
		try {
			externalSql("create database " + source);
			Scenario scenario;
			try (ConfigurableApplicationContext app = start(original, external(source))) {
				scenario = Scenario.prepare(app);
				run("pg_dump", "-h", "127.0.0.1", "-U", "postgres", "-Fc", "-f", dump.toString(), source);
				assertThat(BackupCommand.run(new String[] { "--carnet.data-dir=" + original,
						"--carnet.backup=" + backup, "--spring.datasource.url=" + url(source) })).isZero();
				scenario = scenario.withLedgerSize(ledgerSize(app));
			}
			assertThat(Files.readString(backup.resolve(DataDirectoryBackup.MANIFEST)))
				.contains("database: external: not in this backup");

			externalSql("create database " + target);
			run("pg_restore", "-h", "127.0.0.1", "-U", "postgres", "--exit-on-error", "-d", target, dump.toString());
			assertThat(BackupCommand.run(new String[] { "--carnet.data-dir=" + restored, "--carnet.restore=" + backup,
					"--spring.datasource.url=" + url(target) })).isZero();
			try (ConfigurableApplicationContext app = start(restored, external(target))) {
				scenario.verifyRestored(app);
			}
		}
		finally {
			externalSql("drop database if exists " + source + " with (force)");
			externalSql("drop database if exists " + target + " with (force)");
			Files.deleteIfExists(dump);
		}
	}

	/** The demo's records, one person erased, read back after the restore. */
	private record Scenario(GraphQlRequests api, String clinician, String amina, String yonas, long ledgerSize) {

		static Scenario prepare(ConfigurableApplicationContext app) {
			GraphQlRequests api = new GraphQlRequests(port(app));
			Tokens tokens = new Tokens(port(app));
			String aminaToken = tokens.login("amina", "amina-demo-pass");
			String amina = api.execute(aminaToken, MY_RECORD, Map.of()).at("/data/myRecord/id").asString();
			String yonasToken = tokens.login("yonas", "yonas-demo-pass");
			String yonas = api.execute(yonasToken, MY_RECORD, Map.of()).at("/data/myRecord/id").asString();
			JsonNode erased = api.execute(yonasToken, "mutation($id: ID!) { erasePerson(id: $id) { personId } }",
					Map.of("id", yonas));
			assertThat(erased.at("/data/erasePerson/personId").asString()).as(erased.toString()).isEqualTo(yonas);
			String clinician = tokens.login("dr.nikolaou", "nikolaou-demo-pass");
			Scenario scenario = new Scenario(api, clinician, amina, yonas, 0);
			assertThat(scenario.clinicianReadsAmina()).isTrue();
			return scenario;
		}

		Scenario withLedgerSize(long size) {
			return new Scenario(api, clinician, amina, yonas, size);
		}

		boolean clinicianReadsAmina() {
			JsonNode read = api.execute(clinician, READ, Map.of("id", amina));
			return read.at("/data/person/allergies/0/substance").asString("").toLowerCase().contains("penicillin");
		}

		void verifyRestored(ConfigurableApplicationContext app) {
			GraphQlRequests api = new GraphQlRequests(port(app));
			Tokens tokens = new Tokens(port(app));
			JsonNode own = api.execute(tokens.login("amina", "amina-demo-pass"), MY_RECORD, Map.of());
			assertThat(own.at("/data/myRecord/id").asString()).as(own.toString()).isEqualTo(amina);
			assertThat(own.at("/data/myRecord/allergies/0/substance").asString()).containsIgnoringCase("penicillin");

			String clinician = tokens.login("dr.nikolaou", "nikolaou-demo-pass");
			JsonNode read = api.execute(clinician, READ, Map.of("id", amina));
			assertThat(read.at("/data/person/allergies/0/substance").asString()).as(read.toString())
				.containsIgnoringCase("penicillin");

			JsonNode verified = api.execute(tokens.login("ines.auditor", "ines-demo-pass"), VERIFY, Map.of());
			assertThat(verified.at("/data/verifyAuditLog/ok").asBoolean()).as(verified.toString()).isTrue();
			assertThat(verified.at("/data/verifyAuditLog/eventsChecked").asLong())
				.as("the restored ledger holds the events up to the backup (and the reads since the restore)")
				.isGreaterThan(0)
				.isLessThanOrEqualTo(ledgerSize + 10);

			JsonNode erased = api.execute(clinician, READ, Map.of("id", yonas));
			assertThat(erased.at("/data/person").isNull()).as(erased.toString()).isTrue();
			assertThat(erased.at("/errors/0/extensions/classification").asString()).isEqualTo("NOT_FOUND");
			JdbcClient jdbc = JdbcClient.create(app.getBean(DataSource.class));
			assertThat(jdbc.sql("select count(*) from person_keys where person_id = ?::uuid").param(yonas)
				.query(Long.class).single()).as("yonas's wrapped data key").isZero();
		}
	}

	@Test
	void aRestoreRefusesADataDirectoryInUseAndADamagedBackup() throws Exception {
		Path manifest = backup.resolve(DataDirectoryBackup.MANIFEST);
		Files.createDirectories(backup.resolve("data/keys"));
		Files.writeString(backup.resolve("data/keys/kek.pass"), "secret\n");
		Files.writeString(manifest, "format: carnet-backup 1\nfiles: 1\n"
				+ DataDirectoryBackup.sha256(backup.resolve("data/keys/kek.pass")) + " 7 keys/kek.pass\n");
		Files.writeString(restored.resolve("something.txt"), "in use");

		assertThat(BackupCommand.run(new String[] { "--carnet.data-dir=" + restored, "--carnet.restore=" + backup }))
			.as("a data directory that is not empty").isEqualTo(BackupCommand.FAILED);
		assertThat(restored.resolve("keys")).doesNotExist();

		Path fresh = restored.resolve("fresh");
		Files.writeString(backup.resolve("data/keys/kek.pass"), "Secret\n");
		assertThat(BackupCommand.run(new String[] { "--carnet.data-dir=" + fresh, "--carnet.restore=" + backup }))
			.as("a file that does not match its checksum").isEqualTo(BackupCommand.FAILED);
		assertThat(fresh).as("nothing restored").doesNotExist();

		Files.delete(manifest);
		assertThat(BackupCommand.run(new String[] { "--carnet.data-dir=" + fresh, "--carnet.restore=" + backup }))
			.as("an unfinished backup (no manifest)").isEqualTo(BackupCommand.FAILED);
	}

	private static long ledgerSize(ConfigurableApplicationContext app) {
		return JdbcClient.create(app.getBean(DataSource.class)).sql("select count(*) from access_events")
			.query(Long.class).single();
	}

	private static ConfigurableApplicationContext start(Path dataDir, String... more) {
		List<String> args = new ArrayList<>(List.of("--carnet.data-dir=" + dataDir, "--server.port=0",
				"--logging.level.root=warn", "--carnet.demo.statistics-persons=0"));
		args.addAll(List.of(more));
		return new SpringApplicationBuilder(CarnetApplication.class).profiles("test", "demo")
			.run(args.toArray(String[]::new));
	}

	private static String url(String database) {
		return "jdbc:postgresql://127.0.0.1:5432/" + database;
	}

	private static String[] external(String database) {
		return new String[] { "--spring.datasource.url=" + url(database), "--spring.datasource.username=postgres",
				"--spring.datasource.password=" };
	}

	private static boolean externalServerAnswers() {
		try {
			externalSql("select 1");
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static void externalSql(String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection(url("postgres"), "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
	}

	private static boolean onPath(String program) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.anyMatch(folder -> Files.isExecutable(Path.of(folder, program)));
	}

	private static int port(ConfigurableApplicationContext app) {
		return ((WebServerApplicationContext) app).getWebServer().getPort();
	}
}
