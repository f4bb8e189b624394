package org.carnet.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.carnet.CarnetApplication;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.Tokens;
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
		String amina;
		String yonas;
		long eventsBeforeBackup;
		try (ConfigurableApplicationContext app = start(original)) {
			GraphQlRequests api = new GraphQlRequests(port(app));
			Tokens tokens = new Tokens(port(app));
			String aminaToken = tokens.login("amina", "amina-demo-pass");
			amina = api.execute(aminaToken, MY_RECORD, Map.of()).at("/data/myRecord/id").asString();
			String yonasToken = tokens.login("yonas", "yonas-demo-pass");
			yonas = api.execute(yonasToken, MY_RECORD, Map.of()).at("/data/myRecord/id").asString();
			JsonNode erased = api.execute(yonasToken, "mutation($id: ID!) { erasePerson(id: $id) { personId } }",
					Map.of("id", yonas));
			assertThat(erased.at("/data/erasePerson/personId").asString()).as(erased.toString()).isEqualTo(yonas);

			// reads go on during the backup: it is taken online
			String clinician = tokens.login("dr.nikolaou", "nikolaou-demo-pass");
			AtomicBoolean backingUp = new AtomicBoolean(true);
			AtomicInteger served = new AtomicInteger();
			AtomicInteger failed = new AtomicInteger();
			Thread reader = new Thread(() -> {
				while (backingUp.get()) {
					JsonNode read = api.execute(clinician, READ, Map.of("id", amina));
					(read.at("/data/person/allergies/0/substance").isMissingNode() ? failed : served).incrementAndGet();
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

			eventsBeforeBackup = ledgerSize(app);
		}

		int exit = BackupCommand.run(new String[] { "--carnet.data-dir=" + restored, "--carnet.restore=" + backup,
				"--logging.level.root=warn", "--logging.level.org.carnet=info" });
		assertThat(exit).isZero();
		assertThat(restored.resolve("keys/kek.p12")).as("the local key store came back").exists();
		assertThat(restored.resolve("postgres/backup_label")).as("replayed to the end of the backup").doesNotExist();

		try (ConfigurableApplicationContext app = start(restored)) {
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
				.isLessThanOrEqualTo(eventsBeforeBackup + 10);

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

	private static ConfigurableApplicationContext start(Path dataDir) {
		return new SpringApplicationBuilder(CarnetApplication.class).profiles("test", "demo")
			.run("--carnet.data-dir=" + dataDir, "--server.port=0", "--logging.level.root=warn");
	}

	private static int port(ConfigurableApplicationContext app) {
		return ((WebServerApplicationContext) app).getWebServer().getPort();
	}
}
