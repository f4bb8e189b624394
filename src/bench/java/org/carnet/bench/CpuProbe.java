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
	 * CPU seconds the JIT compiler's threads have used since the JVM started (part of {@link #jvmSeconds()}), from
	 * {@code /proc/self/task}; where that cannot be read, the compiler's own count, which is the time its compilations
	 * took from start to end and overstates its CPU when the compiler waits for a core. On two cores a warm
	 * application's compiler can take a third of a core for minutes, which weighs on the CPU per operation of whichever
	 * scenario runs meanwhile, the more so the fewer operations it completes.
	 */
	static double jitSeconds() {
		double cpu = compilerThreadsCpu();
		return cpu >= 0 ? cpu : jitElapsedSeconds();
	}

	/**
	 * Seconds the JIT compiler's compilations have taken from start to end, summed (the JVM's own count): zero only
	 * when nothing was compiled, so the warm-up waits for this one to fall quiet.
	 */
	static double jitElapsedSeconds() {
		java.lang.management.CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
		return compiler != null && compiler.isCompilationTimeMonitoringSupported()
				? compiler.getTotalCompilationTime() / 1000.0 : 0;
	}

	/** CPU seconds of this JVM's compiler threads (HotSpot names them "C1 CompilerThread0" and so on), or -1. */
	private static double compilerThreadsCpu() {
		long ticks = 0;
		boolean found = false;
		try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
			for (Path thread : threads) {
				String name;
				try {
					name = Files.readString(thread.resolve("comm")).trim();
				}
				catch (IOException ex) {
					continue; // the thread ended meanwhile
				}
				if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
					continue;
				}
				String[] stat = stat(thread);
				if (stat != null) {
					ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
					found = true;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
		return found ? ticks / TICKS : -1;
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
