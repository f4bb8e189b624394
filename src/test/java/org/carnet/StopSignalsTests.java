package org.carnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM that installed {@link StopSignals} and is stopped with SIGTERM (what {@code spring-boot:run} sends when Maven
 * is interrupted, and what supervisors send) runs its shutdown hooks and ends with status 0; without it, 143.
 */
class StopSignalsTests {

	@TempDir
	Path directory;

	@Test
	void aStopSignalRunsTheShutdownHooksAndEndsWithStatusZero() throws Exception {
		Path output = directory.resolve("with.txt");
		assertThat(stopWithSigterm(output, "install")).isZero();
		assertThat(Files.readAllLines(output)).containsExactly("ready", "shutdown hook ran");
	}

	@Test
	void withoutItTheSameStopEndsWith143() throws Exception {
		Path output = directory.resolve("without.txt");
		assertThat(stopWithSigterm(output, "default")).isEqualTo(143);
		assertThat(Files.readAllLines(output)).containsExactly("ready", "shutdown hook ran");
	}

	/** Starts {@link Stopped} in its own JVM, waits until it is ready, sends SIGTERM, answers its exit status. */
	private static int stopWithSigterm(Path output, String mode) throws Exception {
		Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
				System.getProperty("java.class.path"), Stopped.class.getName(), mode)
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		try {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (!Files.readString(output).contains("ready") && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			process.destroy(); // SIGTERM
			assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
			return process.exitValue();
		}
		finally {
			process.destroyForcibly();
		}
	}

	/** A process that waits to be stopped. */
	static final class Stopped {

		public static void main(String[] args) throws IOException, InterruptedException {
			if (List.of(args).contains("install")) {
				StopSignals.install();
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
			System.out.println("ready");
			System.out.flush();
			Thread.sleep(60_000);
		}
	}
}
