package org.carnet.bench;

import java.util.List;

/**
 * The figures of one scenario run.
 *
 * @param name short name, e.g. {@code a} or {@code a@150}
 * @param description what was measured
 * @param mode how the load was driven
 * @param operations measured operations
 * @param seconds length of the measured window
 * @param perSecond operations per second
 * @param p50 median latency, ms
 * @param p95 ms
 * @param p99 ms
 * @param max ms
 * @param errors failed operations
 * @param failures the first few failures
 * @param statementsPerOp statements of the request threads per operation (round trips besides commits)
 * @param commitsPerOp commits of the request threads per operation
 * @param auditStatementsPerOp statements of the audit writers per operation (group commit: shared by many)
 * @param auditCommitsPerOp commits of the audit writers per operation
 * @param keyringCallsPerOp calls to the key service (unwrap) per operation
 * @param jvmCpuMsPerOp CPU time of this JVM (application and load generator) per operation, ms
 * @param jitMsPerOp of which the JIT compiler's threads per operation, ms (their compiling time, as the JVM reports it)
 * @param postgresCpuMsPerOp CPU time of the embedded PostgreSQL per operation, ms (-1: external server)
 * @param auditEvents access events appended during the window (by the ledger's sequence numbers: no count of its rows)
 * @param heldMsPerOp how long a response was held after execution for its access events to be durable, per operation,
 *        ms (the application's {@code carnet.reads.held}: the part of the audit append the read did not hide)
 * @param peakHeapMb highest heap in use during the window (application and load generator, one JVM)
 * @param maxLiveHeapMb highest heap in use right after a collection during the window
 * @param gcSeconds time the garbage collectors spent during the window (pauses and concurrent work as reported by
 *        the JVM)
 * @param loadStart 1-minute load average when the window opened
 * @param loadEnd when it closed
 * @param series per second: {second, count, p50 ns, p99 ns, max ns}
 * @param heapAfterGc {nanos since the window opened, bytes} after each collection
 */
record Result(String name, String description, String mode, int operations, double seconds, double perSecond,
		double p50, double p95, double p99, double max, int errors, List<String> failures, double statementsPerOp,
		double commitsPerOp, double auditStatementsPerOp, double auditCommitsPerOp, double keyringCallsPerOp,
		double jvmCpuMsPerOp, double jitMsPerOp, double postgresCpuMsPerOp, long auditEvents, double heldMsPerOp,
		double peakHeapMb, double maxLiveHeapMb, double gcSeconds, double loadStart, double loadEnd, List<long[]> series,
		List<long[]> heapAfterGc) {

	/** Round trips of the request path per operation: statements plus commits (the audit writers apart). */
	double roundTripsPerOp() {
		return statementsPerOp + commitsPerOp;
	}

	/** Share of the window's wall time the garbage collectors took, in percent. */
	double gcPercent() {
		return seconds == 0 ? 0 : 100 * gcSeconds / seconds;
	}

	/** Least-squares slope of the live heap after collections, in MB per minute (a leak shows as a steady rise). */
	double liveHeapSlopeMbPerMinute() {
		int n = heapAfterGc.size();
		if (n < 3) {
			return 0;
		}
		double sx = 0, sy = 0, sxx = 0, sxy = 0;
		for (long[] point : heapAfterGc) {
			double x = point[0] / 60e9;
			double y = point[1] / 1048576.0;
			sx += x;
			sy += y;
			sxx += x * x;
			sxy += x * y;
		}
		double denominator = n * sxx - sx * sx;
		return denominator == 0 ? 0 : (n * sxy - sx * sy) / denominator;
	}
}
