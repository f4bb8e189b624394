package org.carnet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The parameters of a benchmark run, from {@code --name=value} arguments. Arguments starting with
 * {@code --carnet.}, {@code --spring.}, {@code --server.} or {@code --logging.} are passed to the application.
 *
 * @param persons how many persons the database holds (seeded through the real services when fewer exist)
 * @param duration measured time per scenario
 * @param warmup unmeasured time before each scenario
 * @param jitWarmup least unmeasured time of a mix of the read scenarios before the first one, for the JIT compiler
 * @param jitWarmupMax most time for that warm-up when the compiler does not settle
 * @param jitClients client connections of that warm-up: as many as the machine has cores by default, so that the
 * compiler's threads get a share of the CPU (eight clients on two cores starve them, and the compiler takes more
 * than the five minutes allowed to settle)
 * @param rate the offered rate of the fixed-rate runs, in requests per second
 * @param concurrency client connections of the saturation runs
 * @param scenarios which scenarios to run (names as in {@link Scenarios}), in order
 * @param longRun length of the long run of scenario (a) at saturation (heap trend); zero skips it
 * @param seedThreads threads seeding persons in parallel
 * @param selfUsers migrants with accounts (scenarios c and e)
 * @param breakGlassPersons persons a clinician opens emergency access to (scenario f)
 * @param listSize persons per list query (scenario d)
 * @param auditComparison also run (a) with auditing switched off, to measure what auditing costs
 * @param auditRounds rounds of that comparison: each round measures one slice with and one without auditing
 * @param fresh start from an empty data directory
 * @param durable fsync and synchronous commit on in the embedded PostgreSQL, as in production
 * @param dataDir where the embedded database, key store and signing key live (kept between runs: seeding once)
 * @param out where reports are written
 * @param application properties for the application
 */
record BenchOptions(int persons, Duration duration, Duration warmup, Duration jitWarmup, Duration jitWarmupMax,
		int jitClients, int rate, int concurrency, List<String> scenarios, Duration longRun, int seedThreads,
		int selfUsers, int breakGlassPersons, int listSize, boolean auditComparison, int auditRounds, boolean fresh,
		boolean durable, Path dataDir, Path out, List<String> application) {

	static final List<String> ALL = List.of("jdbc", "me", "a", "a@rate", "b", "c", "d", "e", "f", "g", "fhir",
			"import");

	/**
	 * The statistics scenarios ({@link StatisticsBench}), run only when named: they add 100,000 invented rows to the
	 * projection, change the bench persons' statistics agreements and rebuild the projection.
	 */
	static final List<String> STATISTICS = List.of("stats", "write", "rebuild");

	static BenchOptions parse(String[] args) {
		int persons = 10_000;
		Duration duration = Duration.ofSeconds(30);
		Duration warmup = Duration.ofSeconds(10);
		Duration jitWarmup = Duration.ofSeconds(60);
		Duration jitWarmupMax = Duration.ofMinutes(5);
		int jitClients = Runtime.getRuntime().availableProcessors();
		int rate = 150;
		int concurrency = 8;
		List<String> scenarios = ALL;
		Duration longRun = Duration.ZERO;
		int seedThreads = 3;
		int selfUsers = 20;
		int breakGlass = 200;
		int listSize = 50;
		boolean auditComparison = true;
		int auditRounds = 4;
		boolean fresh = false;
		boolean durable = true;
		Path dataDir = Path.of("target/bench/data");
		Path out = Path.of("target/bench");
		List<String> application = new ArrayList<>();
		for (String arg : args) {
			if (arg.isBlank()) {
				continue;
			}
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("Arguments are --name=value, not " + arg);
			}
			String name = arg.substring(2, arg.contains("=") ? arg.indexOf('=') : arg.length());
			String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "true";
			if (name.startsWith("carnet.") || name.startsWith("spring.") || name.startsWith("server.")
					|| name.startsWith("logging.")) {
				application.add(arg);
				continue;
			}
			switch (name) {
				case "persons" -> persons = Integer.parseInt(value);
				case "duration" -> duration = duration(value);
				case "warmup" -> warmup = duration(value);
				case "jit-warmup" -> jitWarmup = duration(value);
				case "jit-warmup-max" -> jitWarmupMax = duration(value);
				case "jit-clients" -> jitClients = Integer.parseInt(value);
				case "rate" -> rate = Integer.parseInt(value);
				case "concurrency" -> concurrency = Integer.parseInt(value);
				case "scenarios" -> scenarios = scenarios(value);
				case "long" -> longRun = duration(value);
				case "seed-threads" -> seedThreads = Integer.parseInt(value);
				case "self-users" -> selfUsers = Integer.parseInt(value);
				case "break-glass-persons" -> breakGlass = Integer.parseInt(value);
				case "list-size" -> listSize = Integer.parseInt(value);
				case "audit-comparison" -> auditComparison = Boolean.parseBoolean(value);
				case "audit-rounds" -> auditRounds = Integer.parseInt(value);
				case "fresh" -> fresh = Boolean.parseBoolean(value);
				case "durable" -> durable = Boolean.parseBoolean(value);
				case "data-dir" -> dataDir = Path.of(value);
				case "out" -> out = Path.of(value);
				case "help" -> throw new IllegalArgumentException(usage());
				default -> throw new IllegalArgumentException("Unknown option --" + name + "\n" + usage());
			}
		}
		if (persons < Math.max(listSize, Math.max(selfUsers, breakGlass))) {
			throw new IllegalArgumentException("--persons must be at least --list-size, --self-users and "
					+ "--break-glass-persons");
		}
		if (auditRounds < 1 || duration.dividedBy(auditRounds).toSeconds() < 1) {
			throw new IllegalArgumentException("--audit-rounds must be at least 1 and leave slices of a second or more");
		}
		if (jitClients < 1) {
			throw new IllegalArgumentException("--jit-clients must be at least 1");
		}
		return new BenchOptions(persons, duration, warmup, jitWarmup, jitWarmupMax, jitClients, rate, concurrency,
				scenarios, longRun, seedThreads, selfUsers, breakGlass, listSize, auditComparison, auditRounds, fresh,
				durable, dataDir, out, List.copyOf(application));
	}

	/** 30s, 10m, 500ms, or plain seconds. */
	static Duration duration(String value) {
		String v = value.trim().toLowerCase(Locale.ROOT);
		if (v.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
		}
		if (v.endsWith("s")) {
			return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
		}
		if (v.endsWith("m")) {
			return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
		}
		return Duration.ofSeconds(Long.parseLong(v));
	}

	private static List<String> scenarios(String value) {
		if (value.equals("all")) {
			return ALL;
		}
		Set<String> chosen = new LinkedHashSet<>();
		for (String name : value.split(",")) {
			String trimmed = name.trim();
			if (!ALL.contains(trimmed) && !STATISTICS.contains(trimmed)) {
				throw new IllegalArgumentException("Unknown scenario " + trimmed + "; known: " + ALL + " " + STATISTICS);
			}
			chosen.add(trimmed);
		}
		return List.copyOf(chosen);
	}

	static String usage() {
		return """
				Carnet benchmark harness. Options (defaults in brackets):
				  --persons=N              persons in the database, seeded when fewer [10000]
				  --duration=30s           measured time per scenario [30s]
				  --warmup=10s             unmeasured warm-up per scenario [10s]
				  --jit-warmup=60s         least unmeasured mix of the reads before the first scenario, for the JIT;
				                           it goes on until the compiler settles (< 2 % busy) [60s]
				  --jit-warmup-max=5m      most time for that warm-up [5m]
				  --jit-clients=N          client connections of that warm-up [the machine's cores]
				  --rate=150               offered rate of the fixed-rate run of (a), requests/s [150]
				  --concurrency=8          connections of the saturation runs [8]
				  --scenarios=all          comma list of jdbc,me,a,a@rate,b,c,d,e,f,g,fhir,import [all]; the statistics
				                           scenarios stats,write,rebuild run only when named (docs/benchmarks.md)
				  --long=0                 length of the long saturation run of (a), e.g. 10m (heap trend) [0: off]
				  --audit-comparison=true  also run (a) with auditing switched off, in alternating slices [true]
				  --audit-rounds=4         rounds of that comparison (each: a slice with, a slice without) [4]
				  --seed-threads=3 --self-users=20 --break-glass-persons=200 --list-size=50
				  --fresh                  delete the data directory first
				  --durable=true           fsync and synchronous commit in the embedded PostgreSQL [true]
				  --data-dir=target/bench/data --out=target/bench
				  --carnet.*, --spring.*, --server.*, --logging.*  passed to the application
				SPRING_DATASOURCE_URL (with _USERNAME, _PASSWORD) selects an external PostgreSQL.""";
	}
}
