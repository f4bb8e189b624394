package org.carnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The figures of a run: a table on the console with ratios to the baselines and the issue's targets, the same as
 * CSV and JSON, and SVG charts of latency over time (one panel per scenario) so that a regression shows at a glance.
 */
final class Report {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final CarnetBench.Environment environment;

	private final List<Result> results;

	private final Result longRun;

	/** Heap in use after a full collection just before and just after the long run, MB (a leak shows here). */
	private final double[] liveAroundLongRun;

	private final Duration elapsed;

	Report(CarnetBench.Environment environment, List<Result> results, Result longRun, double[] liveAroundLongRun,
			Duration elapsed) {
		this.liveAroundLongRun = liveAroundLongRun;
		this.environment = environment;
		this.results = results;
		this.longRun = longRun;
		this.elapsed = elapsed;
	}

	static String line(Result r) {
		return String.format(Locale.ROOT,
				"%7.1f ops/s  p50 %6.1f  p95 %6.1f  p99 %6.1f  max %7.1f ms  errors %d  round trips/op %.2f "
						+ "(+audit %.2f)  keyring/op %.3f  cpu/op %.2f ms jvm (JIT %.2f) + %.2f ms pg  audit events %d  "
						+ "held %.2f ms  peak heap %.0f MB  load %.1f-%.1f",
				r.perSecond(), r.p50(), r.p95(), r.p99(), r.max(), r.errors(), r.roundTripsPerOp(),
				r.auditStatementsPerOp() + r.auditCommitsPerOp(), r.keyringCallsPerOp(), r.jvmCpuMsPerOp(),
				r.jitMsPerOp(), r.postgresCpuMsPerOp(), r.auditEvents(), r.heldMsPerOp(),
				r.peakHeapMb(), r.loadStart(), r.loadEnd());
	}

	private Optional<Result> find(String name) {
		return all().stream().filter(r -> r.name().equals(name)).findFirst();
	}

	private List<Result> all() {
		List<Result> all = new ArrayList<>(results);
		if (longRun != null && !results.contains(longRun)) {
			all.add(longRun);
		}
		return all;
	}

	String text() {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "%n=== Carnet benchmark (%d s) ===%n", elapsed.toSeconds()));
		out.append(String.format(Locale.ROOT,
				"%-16s %9s %7s %7s %7s %8s %6s %8s %8s %8s %8s %8s %8s %7s %8s %8s %9s %7s %7s%n", "scenario", "ops/s",
				"p50 ms", "p95 ms", "p99 ms", "max ms", "errors", "trips/op", "audit/op", "keyring", "jvm ms",
				"JIT ms", "pg ms", "events", "held ms", "heap MB", "load", "x jdbc", "x me"));
		Optional<Result> jdbc = find("jdbc");
		Optional<Result> me = find("me");
		for (Result r : all()) {
			out.append(String.format(Locale.ROOT,
					"%-16s %9.1f %7.1f %7.1f %7.1f %8.1f %6d %8.2f %8.2f %8.3f %8.2f %8.2f %8.2f %7d %8.2f %8.0f %4.1f-%-4.1f %7s %7s%n",
					r.name(), r.perSecond(), r.p50(), r.p95(), r.p99(), r.max(), r.errors(), r.roundTripsPerOp(),
					r.auditStatementsPerOp() + r.auditCommitsPerOp(), r.keyringCallsPerOp(), r.jvmCpuMsPerOp(),
					r.jitMsPerOp(), r.postgresCpuMsPerOp(), r.auditEvents(), r.heldMsPerOp(),
					r.peakHeapMb(), r.loadStart(), r.loadEnd(), ratio(jdbc, r), ratio(me, r)));
		}
		out.append("trips/op: database round trips of the request (statements + commits); audit/op: those of the audit "
				+ "writers, shared by a group commit\njvm ms, pg ms: CPU time per operation of this JVM (application and "
				+ "load generator) and of PostgreSQL; JIT ms: of the JVM's, the JIT compiler's\n"
				+ "held ms: per operation, how long responses waited after execution for their access events to be durable\n"
				+ "x jdbc, x me: CPU per operation (JVM + PostgreSQL) as a multiple of the baseline's (p50 and throughput "
				+ "ratios in the CSV)\n");
		out.append("\nTargets (issue 13; the round trips of (d) and the heap from issue 7):\n");
		targets().forEach(t -> out.append("  ").append(t).append('\n'));
		return out.toString();
	}

	/** CPU per operation as a multiple of the baseline's (p50 and throughput ratios are in the CSV). */
	private static String ratio(Optional<Result> baseline, Result r) {
		if (baseline.isEmpty() || baseline.get() == r) {
			return "-";
		}
		String ratio = cpuRatio(baseline, r);
		return ratio.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f", Double.parseDouble(ratio));
	}

	List<String> targets() {
		List<String> targets = new ArrayList<>();
		find("a").ifPresent(a -> targets.add(String.format(Locale.ROOT,
				"(a) >= 800 req/s at saturation with zero errors: %.0f req/s, %d errors -> %s", a.perSecond(),
				a.errors(), a.perSecond() >= 800 && a.errors() == 0 ? "MET" : "MISSED")));
		all().stream().filter(r -> r.name().startsWith("a@") && !r.name().endsWith("-noaudit")).findFirst()
			.ifPresent(a -> targets.add(String.format(Locale.ROOT,
					"(a) p99 <= 20 ms at %s: p99 %.1f ms, %d errors -> %s", a.mode(), a.p99(), a.errors(),
					a.p99() <= 20 && a.errors() == 0 ? "MET" : "MISSED")));
		find("a").ifPresent(a -> find("me").ifPresent(me -> targets.add(String.format(Locale.ROOT,
				"(a) at least 0.4x the throughput of me in the same run: %.0f / %.0f req/s = %.2fx -> %s",
				a.perSecond(), me.perSecond(), a.perSecond() / me.perSecond(),
				a.perSecond() >= 0.4 * me.perSecond() ? "MET" : "MISSED"))));
		find("d").ifPresent(d -> targets.add(String.format(Locale.ROOT,
				"(d) <= 3 round trips and <= 1 keyring call per request (warm cache): %.2f round trips "
						+ "(+%.2f by the audit writers, shared), %.3f keyring calls -> %s",
				d.roundTripsPerOp(), d.auditStatementsPerOp() + d.auditCommitsPerOp(), d.keyringCallsPerOp(),
				d.roundTripsPerOp() <= 3 && d.keyringCallsPerOp() <= 1 ? "MET" : "MISSED")));
		for (Result on : all()) {
			find(on.name() + "-noaudit").ifPresent(off -> targets.add(String.format(Locale.ROOT,
					"audit adds <= 15%% to the p50 of (a) [%s]: p50 %.2f ms with, %.2f ms without -> %+.0f%% -> %s",
					on.mode(), on.p50(), off.p50(), 100 * (on.p50() / off.p50() - 1),
					on.p50() <= off.p50() * 1.15 ? "MET" : "MISSED")));
		}
		if (longRun != null) {
			targets.add(String.format(Locale.ROOT,
					"heap < 512 MB through a %d-minute run of (a): max heap %d MB, peak in use %.0f MB, live after GC "
							+ "at most %.0f MB, live trend %+.1f MB/min, after a full GC %.0f MB before and %.0f MB "
							+ "after the run, GC %.1f%% of the time, %d errors -> %s",
					Math.round(longRun.seconds() / 60), HeapProbe.maxHeap() / 1048576, longRun.peakHeapMb(),
					longRun.maxLiveHeapMb(), longRun.liveHeapSlopeMbPerMinute(), liveAroundLongRun[0],
					liveAroundLongRun[1], longRun.gcPercent(), longRun.errors(),
					longRun.peakHeapMb() < 512 && longRun.errors() == 0 ? "MET" : "MISSED"));
		}
		return targets;
	}

	void write(Path directory) throws IOException {
		Files.createDirectories(directory);
		Files.writeString(directory.resolve("results.csv"), csv());
		Files.writeString(directory.resolve("results.json"), json());
		Files.writeString(directory.resolve("latency.svg"), Charts.latencyPanels(results));
		Files.writeString(directory.resolve("summary.txt"), environment.text() + "\n" + text());
		if (longRun != null) {
			Files.writeString(directory.resolve("long-run.svg"), Charts.longRun(longRun));
		}
	}

	private String csv() {
		Optional<Result> jdbc = find("jdbc");
		Optional<Result> me = find("me");
		StringBuilder out = new StringBuilder("scenario,description,mode,operations,seconds,ops_per_s,p50_ms,p95_ms,"
				+ "p99_ms,max_ms,errors,statements_per_op,commits_per_op,round_trips_per_op,audit_statements_per_op,"
				+ "audit_commits_per_op,keyring_calls_per_op,jvm_cpu_ms_per_op,jit_ms_per_op,postgres_cpu_ms_per_op,"
				+ "audit_events,held_ms_per_op,peak_heap_mb,max_live_heap_mb,gc_seconds,load_start,load_end,p50_x_jdbc,throughput_jdbc_over_this,cpu_x_jdbc,p50_x_me,throughput_me_over_this,cpu_x_me\n");
		for (Result r : all()) {
			out.append(String.join(",", r.name(), quote(r.description()), quote(r.mode()),
					Integer.toString(r.operations()), f(r.seconds()), f(r.perSecond()), f(r.p50()), f(r.p95()),
					f(r.p99()), f(r.max()), Integer.toString(r.errors()), f(r.statementsPerOp()), f(r.commitsPerOp()),
					f(r.roundTripsPerOp()), f(r.auditStatementsPerOp()), f(r.auditCommitsPerOp()),
					f(r.keyringCallsPerOp()), f(r.jvmCpuMsPerOp()), f(r.jitMsPerOp()), f(r.postgresCpuMsPerOp()),
					Long.toString(r.auditEvents()), f(r.heldMsPerOp()), f(r.peakHeapMb()), f(r.maxLiveHeapMb()), f(r.gcSeconds()),
					f(r.loadStart()), f(r.loadEnd()), p50Ratio(jdbc, r), throughputRatio(jdbc, r), cpuRatio(jdbc, r),
					p50Ratio(me, r), throughputRatio(me, r), cpuRatio(me, r)));
			out.append('\n');
		}
		return out.toString();
	}

	private static String p50Ratio(Optional<Result> baseline, Result r) {
		return baseline.filter(b -> b.p50() > 0).map(b -> f(r.p50() / b.p50())).orElse("");
	}

	/** CPU per operation (JVM and PostgreSQL) as a multiple of the baseline's: the least noisy ratio. */
	private static String cpuRatio(Optional<Result> baseline, Result r) {
		return baseline.filter(b -> b.jvmCpuMsPerOp() + Math.max(0, b.postgresCpuMsPerOp()) > 0)
			.map(b -> f((r.jvmCpuMsPerOp() + Math.max(0, r.postgresCpuMsPerOp()))
					/ (b.jvmCpuMsPerOp() + Math.max(0, b.postgresCpuMsPerOp()))))
			.orElse("");
	}

	private static String throughputRatio(Optional<Result> baseline, Result r) {
		return baseline.filter(b -> r.perSecond() > 0).map(b -> f(b.perSecond() / r.perSecond())).orElse("");
	}

	private String json() {
		Map<String, Object> root = new LinkedHashMap<>();
		root.put("environment", environment.values());
		root.put("elapsedSeconds", elapsed.toSeconds());
		List<Map<String, Object>> list = new ArrayList<>();
		for (Result r : all()) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("scenario", r.name());
			m.put("description", r.description());
			m.put("mode", r.mode());
			m.put("operations", r.operations());
			m.put("seconds", r.seconds());
			m.put("opsPerSecond", r.perSecond());
			m.put("latencyMs", Map.of("p50", r.p50(), "p95", r.p95(), "p99", r.p99(), "max", r.max()));
			m.put("errors", r.errors());
			m.put("failures", r.failures());
			m.put("statementsPerOp", r.statementsPerOp());
			m.put("commitsPerOp", r.commitsPerOp());
			m.put("roundTripsPerOp", r.roundTripsPerOp());
			m.put("auditStatementsPerOp", r.auditStatementsPerOp());
			m.put("auditCommitsPerOp", r.auditCommitsPerOp());
			m.put("keyringCallsPerOp", r.keyringCallsPerOp());
			m.put("jvmCpuMsPerOp", r.jvmCpuMsPerOp());
			m.put("jitMsPerOp", r.jitMsPerOp());
			m.put("postgresCpuMsPerOp", r.postgresCpuMsPerOp());
			m.put("auditEvents", r.auditEvents());
			m.put("heldMsPerOp", r.heldMsPerOp());
			m.put("peakHeapMb", r.peakHeapMb());
			m.put("maxLiveHeapMb", r.maxLiveHeapMb());
			m.put("gcSeconds", r.gcSeconds());
			m.put("liveHeapTrendMbPerMinute", r.liveHeapSlopeMbPerMinute());
			m.put("loadAverage", List.of(r.loadStart(), r.loadEnd()));
			List<Map<String, Object>> series = new ArrayList<>();
			for (long[] s : r.series()) {
				series.add(Map.of("second", s[0], "count", s[1], "p50Ms", s[2] / 1e6, "p99Ms", s[3] / 1e6, "maxMs",
						s[4] / 1e6));
			}
			m.put("perSecond", series);
			list.add(m);
		}
		root.put("scenarios", list);
		if (longRun != null) {
			root.put("longRunLiveAfterFullGcMb", Map.of("before", liveAroundLongRun[0], "after", liveAroundLongRun[1]));
		}
		root.put("targets", targets());
		return JSON.writeValueAsString(root);
	}

	private static String quote(String text) {
		return "\"" + text.replace("\"", "\"\"") + "\"";
	}

	private static String f(double value) {
		return String.format(Locale.ROOT, "%.3f", value);
	}
}
