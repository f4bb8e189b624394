package org.carnet.database;

import java.nio.file.Path;
import java.util.Arrays;

import org.carnet.core.DataDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The command line of a backup or a restore: {@code --carnet.backup=<folder>} copies the data directory (the embedded
 * database online, through PostgreSQL's low-level backup API, while Carnet runs or not; the passwords, local keys,
 * signing keys and share-code pepper) into a new folder with a manifest of checksums; {@code --carnet.restore=<folder>}
 * checks such a folder and copies it into a fresh {@code carnet.data-dir}, then starts the database once to bring it
 * to a consistent state. Exits 0 when done, 1 otherwise. Carnet itself is not started: the settings are read as at a
 * start (command line, environment, {@code application.yaml}), nothing else.
 */
public final class BackupCommand {

	static final int DONE = 0;

	static final int FAILED = 1;

	private static final Logger log = LoggerFactory.getLogger(BackupCommand.class);

	private BackupCommand() {
	}

	/** Whether the command line asks for a backup or a restore rather than for Carnet. */
	public static boolean requested(String[] args) {
		return Arrays.stream(args).anyMatch(arg -> arg.startsWith("--carnet.backup=")
				|| arg.startsWith("--carnet.restore="));
	}

	/** Runs the backup or restore that the command line asks for and answers the exit code. */
	public static int run(String[] args) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Settings.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.run(args)) {
			Environment environment = context.getEnvironment();
			String backup = environment.getProperty("carnet.backup");
			String restore = environment.getProperty("carnet.restore");
			if ((backup == null) == (restore == null)) {
				log.error("Give exactly one of --carnet.backup=<folder> and --carnet.restore=<folder>");
				return FAILED;
			}
			Path dataDir = context.getBean(DataDirectory.class).dataDir().toAbsolutePath().normalize();
			DatabaseSettings settings = context.getBean(DatabaseSettings.class);
			boolean external = !environment.getProperty("spring.datasource.url", "").isBlank();
			String keyring = environment.getProperty("carnet.keyring", "local");
			DataDirectoryBackup backups = new DataDirectoryBackup(dataDir, settings, external, keyring);
			if (backup != null) {
				backups.backup(Path.of(backup).toAbsolutePath().normalize());
			}
			else {
				backups.restore(Path.of(restore).toAbsolutePath().normalize());
			}
			return DONE;
		}
		catch (BackupFailed ex) {
			log.error(ex.getMessage());
			return FAILED;
		}
		catch (RuntimeException ex) {
			log.error("The {} failed: {}", requestedVerb(args), ex.getMessage(), ex);
			return FAILED;
		}
	}

	/** For {@code java -jar carnet.jar --carnet.backup=...}: runs and exits with the command's code. */
	public static void runAndExit(String[] args) {
		System.exit(run(args));
	}

	private static String requestedVerb(String[] args) {
		return Arrays.stream(args).anyMatch(arg -> arg.startsWith("--carnet.restore=")) ? "restore" : "backup";
	}

	/** Only the settings a backup needs: no component scan, no auto-configuration, no web server, no database pool. */
	@EnableConfigurationProperties({ DataDirectory.class, DatabaseSettings.class })
	static class Settings {
	}

	/** A backup or restore refused or stopped for a reason the operator can act on; the message says it. */
	static final class BackupFailed extends RuntimeException {

		BackupFailed(String message) {
			super(message);
		}

		BackupFailed(String message, Throwable cause) {
			super(message, cause);
		}
	}
}
