package org.carnet.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time spent by this JVM (application and load generator) and by the embedded PostgreSQL (the postmaster and
 * its children), from {@code /proc}. CPU time per operation holds up far better than latency on a machine shared
 * with other work: it says what a request costs, not how long it waited for a core.
 */
public final class CpuProbe {

	/** Clock ticks per second of /proc/[pid]/stat (USER_HZ, 100 on Linux). */
	private static final double TICKS = 100.0;

	private final Path postmasterPid;

	public CpuProbe(Path dataDir) {
		this.postmasterPid = dataDir.resolve("postgres").resolve("postmaster.pid");
	}

	/** CPU seconds of this JVM since it started. */
	public static double jvmSeconds() {
		java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
			return sun.getProcessCpuTime() / 1e9;
		}
		return -1;
	}

	/**
	 * Seconds the JIT compiler threads have spent compiling since the JVM started (part of {@link #jvmSeconds()}):
	 * on two cores a warm application's compiler can take a third of a core for many minutes, which weighs on the CPU
	 * per operation of whichever scenario runs meanwhile, the more so the fewer operations it completes.
	 */
	static double jitSeconds() {
		java.lang.management.CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
		return compiler != null && compiler.isCompilationTimeMonitoringSupported()
				? compiler.getTotalCompilationTime() / 1000.0 : 0;
	}

	/** CPU seconds of the embedded PostgreSQL's processes alive now (backends of the pool live on), or -1. */
	public double postgresSeconds() {
		try {
			if (!Files.exists(postmasterPid)) {
				return -1;
			}
			String postmaster = Files.readAllLines(postmasterPid).get(0).trim();
			long ticks = 0;
			try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
				for (Path process : processes) {
					String[] stat = stat(process);
					if (stat == null) {
						continue;
					}
					// fields after the command: state ppid ... utime (14th field overall) stime (15th)
					if (process.getFileName().toString().equals(postmaster) || stat[1].equals(postmaster)) {
						ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
					}
				}
			}
			return ticks / TICKS;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** The fields of /proc/[pid]/stat after the command name (which may hold spaces), or null. */
	private static String[] stat(Path process) {
		try {
			String stat = Files.readString(process.resolve("stat"));
			return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}
}
