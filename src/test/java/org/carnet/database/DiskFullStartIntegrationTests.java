package org.carnet.database;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The disk holding the data directory filled up (while Carnet ran, or by something else), and Carnet is started
 * again: the start fails, and its message says first that the disk is full. The disk is a small tmpfs mounted for the
 * test, filled to the last byte; where the test cannot mount one (not root, no mount privilege) it is skipped.
 */
class DiskFullStartIntegrationTests {

	private static final DatabaseSettings SETTINGS = new DatabaseSettings(false, 0, 2, Duration.ofSeconds(2),
			Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(1));

	@TempDir
	Path mountPoint;

	private boolean mounted;

	@BeforeEach
	void mountSmallDisk() throws Exception {
		Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount a tmpfs");
		mounted = run("mount", "-t", "tmpfs", "-o", "size=96m,mode=0700", "tmpfs", mountPoint.toString());
		Assumptions.assumeTrue(mounted, "could not mount a tmpfs here (no mount privilege in this container)");
	}

	@AfterEach
	void unmount() throws Exception {
		if (mounted) {
			// lazily: a postgres that failed to start may still be on its way out
			run("umount", "-l", mountPoint.toString());
		}
	}

	@Test
	void aStartOnAFullDiskSaysTheDiskIsFull() throws Exception {
		Path pgData = mountPoint.resolve("postgres");
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(pgData, SETTINGS)) {
			assertThat(server.isRunning()).isTrue();
		}
		fill(mountPoint.resolve("filler"));
		assertThat(DiskSpace.usableSpace(mountPoint)).isLessThan(DiskSpace.LOW);

		long started = System.nanoTime();
		assertThatThrownBy(() -> EmbeddedPostgresServer.start(pgData, SETTINGS).close())
			.hasMessageContaining("Could not start the embedded PostgreSQL in " + pgData)
			.hasMessageContaining("the disk holding " + pgData + " is full")
			.hasMessageContaining("free some space or move carnet.data-dir to a larger disk");
		System.out.printf("Start on a full disk refused after %d ms%n", (System.nanoTime() - started) / 1_000_000);
	}

	/** Writes until the file system refuses: nothing is left, not even for a lock file. */
	private static void fill(Path filler) throws IOException {
		byte[] chunk = new byte[1 << 20];
		try (OutputStream out = Files.newOutputStream(filler)) {
			while (true) {
				out.write(chunk);
			}
		}
		catch (IOException full) {
			// then byte by byte into what a partial chunk left
			try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
				while (true) {
					out.write(0);
					out.flush();
				}
			}
			catch (IOException alsoFull) {
				// full
			}
		}
	}

	private static boolean run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getInputStream().readAllBytes();
		return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
	}
}
