package org.carnet.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;


import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.carnet.CarnetApplication;
import org.carnet.audit.Ledger;
import org.carnet.core.PersonId;
import org.carnet.identity.Accounts;
import org.carnet.keyring.PersonKeys;
import org.carnet.record.Records;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The load harness (docs/benchmarks.md): starts Carnet on the loopback interface against PostgreSQL (embedded by
 * default, external with {@code SPRING_DATASOURCE_URL}), seeds persons through the real services, signs its users
 * in for real tokens, then runs the baselines and scenarios and writes {@code target/bench/results.{csv,json}}
 * and {@code latency.svg}. Not a test: run it with {@code mvn -Pbench test} or from an IDE with {@code src/bench/java} added to
 * the test class path.
 * Options: {@link BenchOptions#usage()}.
 */
public final class CarnetBench {

	private final BenchOptions options;

	private final ConfigurableApplicationContext context;

	private final StatementProbe statements;

	private final HeapProbe heap = new HeapProbe();

	private final CpuProbe cpu;

	private final PersonKeys keys;

	private final Ledger ledger;

	private final AuditSwitch auditSwitch;

	private final JdbcTemplate uncounted;

	private final List<Result> results = new ArrayList<>();

	private CarnetBench(BenchOptions options, ConfigurableApplicationContext context, StatementProbe statements) {
		this.options = options;
		this.context = context;
		this.statements = statements;
		this.keys = context.getBean(PersonKeys.class);
		this.ledger = context.getBean(Ledger.class);
		this.auditSwitch = context.getBean(AuditSwitch.class);
		this.uncounted = new JdbcTemplate(statements.raw());
		this.cpu = new CpuProbe(options.dataDir());
	}

	public static void main(String[] args) {
		System.exit(run(args));
	}

	/** Runs the harness; 0 when it ran to the end, 2 for bad options, 1 when something failed. */
	static int run(String[] args) {
		BenchOptions options;
		try {
			options = BenchOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			return 2;
		}
		try {
			if (options.fresh()) {
				delete(options.dataDir());
			}
			int port = freePort();
			StatementProbe statements = new StatementProbe();
			SpringApplication application = new SpringApplicationBuilder(CarnetApplication.class)
				.initializers(context -> statements.install(context))
				.build();
			System.out.printf("Starting Carnet on 127.0.0.1:%d (data in %s)...%n", port, options.dataDir());
			try (ConfigurableApplicationContext context = application.run(arguments(options, port))) {
				CarnetBench bench = new CarnetBench(options, context, statements);
				try {
					bench.run(port);
				}
				finally {
					bench.heap.close();
				}
			}
			return 0;
		}
		catch (Exception ex) {
			ex.printStackTrace();
			return 1;
		}
	}

	private static String[] arguments(BenchOptions options, int port) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.port", Integer.toString(port));
		properties.put("server.address", "127.0.0.1");
		properties.put("management.server.port", "0");
		properties.put("carnet.issuer", "http://localhost:" + port);
		properties.put("carnet.data-dir", options.dataDir().toString());
		properties.put("carnet.database.durable", Boolean.toString(options.durable()));
		// the tokens are obtained once, before seeding: they must outlive the whole run
		properties.put("carnet.identity.access-token-ttl", "12h");
		// a few clinicians read hundreds of records per second: measure reads, not the per-requester look-up rate
		properties.put("carnet.graphql.lookups.per-minute", "600000000");
		properties.put("carnet.graphql.lookups.burst", "10000000");
		// scenario (f) opens emergency access to hundreds of persons as one clinician, far above a clinician's rate
		properties.put("carnet.consent.repetition.break-glass-per-window", "100000");
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "warn");
		properties.put("logging.level.org.carnet", "warn");
		for (String arg : options.application()) {
			int eq = arg.indexOf('=');
			properties.put(arg.substring(2, eq < 0 ? arg.length() : eq), eq < 0 ? "true" : arg.substring(eq + 1));
		}
		return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
	}

	private void run(int port) throws Exception {
		Instant started = Instant.now();
		BenchUsers users = new BenchUsers(context.getBean(Accounts.class), port);
		users.createStaff();
		Map<String, String> tokens = new LinkedHashMap<>();
		for (String name : List.of(BenchUsers.FULL, BenchUsers.HALF, BenchUsers.EMERGENCY)) {
			tokens.put(name, users.token(name));
		}
		List<PersonId> persons = new Seeding(context, uncounted).persons(options.persons(), options.seedThreads());
		List<String> selfTokens = users.selfTokens(persons, options.selfUsers());
		GraphQlClient client = new GraphQlClient(port);
		Scenarios scenarios = new Scenarios(client, persons, tokens, selfTokens);
		FhirScenarios fhir = new FhirScenarios(client, persons, tokens.get(BenchUsers.FULL));
		long entries = uncounted.queryForObject("select count(*) from entries", Long.class);
		Environment environment = Environment.describe(options, uncounted, persons.size(), entries);
		System.out.println(environment.text());

		if (!options.jitWarmup().isZero()) {
			warmJit(scenarios, persons);
		}
		Duration warmup = options.warmup();
		Duration duration = options.duration();
		int clients = options.concurrency();
		String saturation = "saturation, " + clients + " clients";
		String offered = "offered " + options.rate() + "/s";
		for (String name : options.scenarios()) {
			switch (name) {
				case "jdbc" -> {
					warmKeys(persons);
					saturate("jdbc", "baseline: the same rows read with plain JDBC and decrypted (no HTTP, GraphQL, "
							+ "consent, audit)", Scenarios.plainJdbc(statements.raw(), keys, persons), clients, warmup,
							duration);
				}
				case "me" -> saturate("me", "baseline: trivial authenticated query { me { subject } }", scenarios.me(),
						clients, warmup, duration);
				case "a" -> {
					warmKeys(persons);
					String description = "(a) clinician reads a whole record, every category granted";
					if (options.auditComparison()) {
						compareAudit("a", description, saturation, (sliceWarmup, window) -> Load.saturate(
								scenarios.fullRead(), clients, sliceWarmup, slice(), window));
					}
					else {
						saturate("a", description, scenarios.fullRead(), clients, warmup, duration);
					}
				}
				case "a@rate" -> {
					warmKeys(persons);
					String rated = "a@" + options.rate();
					String description = "(a) at a fixed offered rate";
					if (options.auditComparison()) {
						compareAudit(rated, description, offered, (sliceWarmup, window) -> Load.fixedRate(
								scenarios.fullRead(), options.rate(), sliceWarmup, slice(), window));
					}
					else {
						fixedRate(rated, description, scenarios.fullRead(), warmup, duration);
					}
				}
				case "b" -> {
					warmKeys(persons);
					saturate("b", "(b) clinician reads a whole record, 5 of 11 categories withheld",
							scenarios.halfRead(), clients, warmup, duration);
				}
				case "c" -> {
					warmKeys(persons);
					saturate("c", "(c) a person reads their own record (" + selfTokens.size() + " persons)",
							scenarios.selfRead(), clients, warmup, duration);
				}
				case "d" -> {
					warmKeys(persons);
					boolean listQuery = scenarios.hasListQuery();
					saturate("d", "(d) list of " + options.listSize() + " persons in one request ("
							+ (listQuery ? "persons(ids, purpose)" : options.listSize() + " aliased person fields") + ")",
							scenarios.list(options.listSize(), listQuery), clients, warmup, duration);
				}
				case "e" -> saturate("e", "(e) consent grant + revoke cycle by the person (2 mutations)",
						scenarios.grantRevoke(), clients, warmup, duration);
				case "f" -> {
					warmKeys(persons);
					long opening = System.nanoTime();
					scenarios.openBreakGlass(options.breakGlassPersons());
					System.out.printf("  opened break-glass to %d persons in %.1f s%n", options.breakGlassPersons(),
							(System.nanoTime() - opening) / 1e9);
					saturate("f", "(f) break-glass read: emergency data set of " + options.breakGlassPersons()
							+ " persons", scenarios.breakGlassRead(options.breakGlassPersons()), clients, warmup,
							duration);
				}
				case "fhir" -> saturate("fhir", "IPS export GET /fhir/Patient/{id}/$summary of a whole record (set against a)",
						fhir.summary(), clients, warmup, duration);
				case "import" -> {
					fhir.prepareImports(context.getBean(Accounts.class), users, context.getBean(Records.class),
							10 + FHIR_IMPORTS_PER_SECOND * (int) warmup.plus(duration).toSeconds());
					saturate("import", "POST /fhir/Patient/{id}/$import of a whole-record summary, one client",
							fhir.importSummary(), 1, warmup, duration);
				}
				case "g" -> {
					keys.evictAll();
					measure("g", "(g) cold key cache: every person read once, in order", saturation,
							window -> Load.saturate(scenarios.coldRead(), clients, Duration.ZERO,
									Duration.ofHours(10), persons.size(), window));
				}
				case "stats", "write", "rebuild" -> statistics(name, port, client, users, persons, clients, warmup,
						duration);
				default -> throw new IllegalStateException(name);
			}
		}
		Result longRun = null;
		double[] liveAround = new double[2];
		if (!options.longRun().isZero()) {
			warmKeys(persons);
			System.out.printf("Long run of (a) at saturation for %s...%n", options.longRun());
			liveAround[0] = HeapProbe.liveAfterFullGc() / 1048576.0;
			longRun = measure("a-long", "(a) for " + options.longRun().toMinutes() + " min at saturation: heap trend",
					saturation, window -> Load.saturate(scenarios.fullRead(), clients, warmup, options.longRun(),
							window));
			liveAround[1] = HeapProbe.liveAfterFullGc() / 1048576.0;
		}
		Report report = new Report(environment, results, longRun, liveAround,
				Duration.between(started, Instant.now()));
		System.out.println(report.text());
		report.write(options.out());
		System.out.println("Reports: " + options.out().toAbsolutePath().normalize() + "/results.csv, results.json, "
				+ "latency.svg" + (longRun != null ? ", long-run.svg" : ""));
	}

	/** The statistics scenarios of issue 16 ({@link StatisticsBench}). */
	private void statistics(String name, int port, GraphQlClient client, BenchUsers users, List<PersonId> persons,
			int clients, Duration warmup, Duration duration) throws Exception {
		StatisticsBench statistics = new StatisticsBench(context, uncounted, port, options.seedThreads());
		switch (name) {
			case "stats" -> {
				statistics.seedProjection();
				saturate("stats", "grouped statistics query (indicator x age band x sex x jurisdiction) over "
						+ StatisticsBench.PROJECTION_ROWS + " invented projection rows, analyst token, no noise",
						statistics.groupedQuery(client, statistics.analystToken()), clients, warmup, duration);
			}
			case "write" -> {
				warmKeys(persons);
				List<PersonId> in = persons.subList(0, persons.size() / 2);
				List<PersonId> out = persons.subList(persons.size() / 2, persons.size());
				statistics.agreements(persons, in, out);
				String registrar = users.token(BenchUsers.REGISTRAR);
				// in alternating slices (without, with, with, without, ...) so that drift weighs on both alike
				int rounds = options.auditRounds();
				String mode = "saturation, " + clients + " clients";
				System.out.printf("write, write+stats: in %d alternating slices of %d s, %s...%n", 2 * rounds,
						slice().toSeconds(), mode);
				List<Measurement> without = new ArrayList<>();
				List<Measurement> with = new ArrayList<>();
				for (int round = 0; round < rounds; round++) {
					for (boolean opted : round % 2 == 0 ? new boolean[] { false, true } : new boolean[] { true, false }) {
						Load.Operation write = statistics.write(client, registrar, opted ? in : out);
						(opted ? with : without).add(collect(window -> Load.saturate(write, clients, sliceWarmup(),
								slice(), window)));
					}
				}
				combine("write", "entry write (addVaccination) for persons who did not opt in to statistics", mode,
						without);
				combine("write+stats", "the same write for persons who opted in (their projection row recomputed)",
						mode, with);
			}
			case "rebuild" -> {
				statistics.agreements(persons, persons, List.of());
				statistics.dropInvented();
				measure("rebuild", "rebuild of the projection of " + persons.size() + " consenting persons, in "
						+ "process, one after another", "3 runs", window -> Load.saturate(statistics.rebuild(), 1,
								Duration.ZERO, Duration.ofHours(1), 3, window));
			}
			default -> throw new IllegalStateException(name);
		}
	}

	private void saturate(String name, String description, Load.Operation operation, int clients, Duration warmup,
			Duration duration) throws Exception {
		measure(name, description, "saturation, " + clients + " clients",
				window -> Load.saturate(operation, clients, warmup, duration, window));
	}

	private void fixedRate(String name, String description, Load.Operation operation, Duration warmup,
			Duration duration) throws Exception {
		measure(name, description, "offered " + options.rate() + "/s",
				window -> Load.fixedRate(operation, options.rate(), warmup, duration, window));
	}

	@FunctionalInterface
	private interface Driver {

		Samples drive(Load.Window window) throws Exception;
	}

	/** One slice of an alternating comparison, after an unmeasured warm-up of the given length. */
	@FunctionalInterface
	private interface SliceDriver {

		Samples drive(Duration warmup, Load.Window window) throws Exception;
	}

	@FunctionalInterface
	private interface Step {

		void run() throws Exception;
	}

	private Result measure(String name, String description, String mode, Driver driver) throws Exception {
		System.out.printf("%s: %s, %s...%n", name, description, mode);
		return combine(name, description, mode, List.of(collect(driver)));
	}

	/**
	 * Measures a scenario with and without auditing in alternating slices (on-off, off-on, ...), so that whatever
	 * drifts during the run (the JIT compiler, the database's caches, other work on the machine) weighs on both alike;
	 * the slices of each are reported as one result, {@code name} and {@code name-noaudit}. The first slice starts
	 * after the scenario's full warm-up, so that whatever the scenario before left behind is not measured as the
	 * first slice's; the others after a short one.
	 */
	private void compareAudit(String name, String description, String mode, SliceDriver slices) throws Exception {
		int rounds = options.auditRounds();
		System.out.printf("%s: %s, %s; with and without auditing in %d alternating slices of %d s...%n", name,
				description, mode, 2 * rounds, slice().toSeconds());
		List<Measurement> on = new ArrayList<>();
		List<Measurement> off = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			boolean auditFirst = round % 2 == 0;
			for (boolean audited : auditFirst ? new boolean[] { true, false } : new boolean[] { false, true }) {
				Duration warmup = on.isEmpty() && off.isEmpty() ? options.warmup() : sliceWarmup();
				Driver driver = window -> slices.drive(warmup, window);
				if (audited) {
					on.add(collect(driver));
				}
				else {
					Measurement[] taken = new Measurement[1];
					withoutAudit(() -> taken[0] = collect(driver));
					off.add(taken[0]);
				}
			}
		}
		combine(name, description, mode, on);
		combine(name + "-noaudit", description + ", auditing switched off (cost of audit)", mode, off);
	}

	/** The measured length of one slice of an alternating comparison. */
	private Duration slice() {
		return options.duration().dividedBy(options.auditRounds());
	}

	/** The unmeasured start of every slice but the first: the scenario's connections and caches are warm by then. */
	private Duration sliceWarmup() {
		Duration short_ = Duration.ofSeconds(2);
		return options.warmup().compareTo(short_) < 0 ? options.warmup() : short_;
	}

	/** Drives one measured window and takes the counters around it. */
	private Measurement collect(Driver driver) throws Exception {
		Snapshot[] snapshots = new Snapshot[2];
		HeapProbe.Window[] heapWindow = new HeapProbe.Window[1];
		double[] load = new double[2];
		Samples samples = driver.drive(new Load.Window() {
			@Override
			public void open() {
				heapWindow[0] = heap.window();
				load[0] = HeapProbe.loadAverage();
				snapshots[0] = snapshot();
			}

			@Override
			public void close() {
				snapshots[1] = snapshot();
				load[1] = HeapProbe.loadAverage();
			}
		});
		return new Measurement(samples, snapshots[1].minus(snapshots[0]), heap.afterGcSince(heapWindow[0]),
				heap.peakUsed(), load[0], load[1]);
	}

	/** The result of one or more measured windows of a scenario, taken as one run. */
	private Result combine(String name, String description, String mode, List<Measurement> parts) {
		Samples samples = Samples.concat(parts.stream().map(Measurement::samples).toList());
		Snapshot delta = parts.get(0).delta();
		List<long[]> afterGc = new ArrayList<>();
		long peak = 0;
		long offset = 0;
		for (int i = 0; i < parts.size(); i++) {
			Measurement part = parts.get(i);
			if (i > 0) {
				delta = delta.plus(part.delta());
			}
			for (long[] point : part.afterGc()) {
				afterGc.add(new long[] { offset + point[0], point[1] });
			}
			peak = Math.max(peak, part.peakHeap());
			offset += part.samples().windowNanos();
		}
		long[] latencies = samples.sortedLatencies();
		int n = latencies.length;
		double per = Math.max(1, n);
		double seconds = samples.windowNanos() / 1e9;
		double maxLive = afterGc.stream().mapToLong(p -> p[1]).max().orElse(0) / 1048576.0;
		Result result = new Result(name, description, mode, n, seconds, n / seconds, ms(Samples.percentile(latencies, 0.50)),
				ms(Samples.percentile(latencies, 0.95)), ms(Samples.percentile(latencies, 0.99)),
				ms(n == 0 ? 0 : latencies[n - 1]), samples.errors(), samples.failures(),
				delta.counts().requestStatements() / per, delta.counts().requestCommits() / per,
				delta.counts().auditStatements() / per, delta.counts().auditCommits() / per, delta.unwraps() / per,
				1000 * delta.jvmCpu() / per, 1000 * delta.jitSeconds() / per,
				delta.postgresCpu() < 0 ? -1 : 1000 * delta.postgresCpu() / per,
				delta.auditEvents(), 1000 * delta.heldSeconds() / per, peak / 1048576.0, maxLive, delta.gcSeconds(),
				parts.get(0).loadStart(), parts.get(parts.size() - 1).loadEnd(), samples.perSecond(), afterGc);
		results.add(result);
		System.out.println("  " + Report.line(result));
		for (String failure : result.failures()) {
			System.out.println("  failure: " + failure);
		}
		return result;
	}

	private record Measurement(Samples samples, Snapshot delta, List<long[]> afterGc, long peakHeap, double loadStart,
			double loadEnd) {
	}

	/**
	 * Runs a mix of the read scenarios, unmeasured, until the JIT compiler has settled: at least {@code --jit-warmup},
	 * then in rounds of 10 s until the compiler was busy less than 2 % of a round, at most {@code
	 * --jit-warmup-max}. Measured before that, a request costs up to twice the CPU, and whichever scenario runs
	 * first looks worst.
	 */
	private void warmJit(Scenarios scenarios, List<PersonId> persons) throws InterruptedException {
		warmKeys(persons);
		boolean listQuery = scenarios.hasListQuery();
		List<Load.Operation> mix = List.of(scenarios.fullRead(), scenarios.halfRead(), scenarios.selfRead(),
				scenarios.me(), scenarios.fullRead(), scenarios.list(options.listSize(), listQuery));
		Load.Operation mixed = i -> mix.get(i % mix.size()).run(i);
		Duration round = Duration.ofSeconds(10);
		long started = System.nanoTime();
		System.out.printf("JIT warm-up: a mix of the read scenarios, %d client(s), for at least %s, until the compiler "
				+ "settles...%n", options.jitClients(), options.jitWarmup());
		while (true) {
			double compiling = CpuProbe.jitElapsedSeconds();
			double compilingCpu = CpuProbe.jitSeconds();
			Samples warm = Load.saturate(mixed, options.jitClients(), Duration.ZERO, round, NO_WINDOW);
			// 0 where the JVM does not time its compilations: the warm-up then ends after --jit-warmup
			double busy = (CpuProbe.jitElapsedSeconds() - compiling) / round.toSeconds();
			double cpu = (CpuProbe.jitSeconds() - compilingCpu) / round.toSeconds();
			Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
			System.out.printf(Locale.ROOT,
					"  %3d s: %.0f ops/s, compiler busy %.1f%% of the last %d s (CPU %.1f%%)%s%n",
					elapsed.toSeconds(), warm.size() / (warm.windowNanos() / 1e9), 100 * busy, round.toSeconds(),
					100 * cpu, warm.errors() > 0 ? ", failures: " + warm.failures() : "");
			if (elapsed.compareTo(options.jitWarmup()) >= 0 && busy < 0.02) {
				return;
			}
			if (elapsed.compareTo(options.jitWarmupMax()) >= 0) {
				System.out.println("  the compiler has not settled; measuring anyway");
				return;
			}
		}
	}

	private void withoutAudit(Step step) throws Exception {
		auditSwitch.discardAppends(true);
		try {
			step.run();
		}
		finally {
			auditSwitch.discardAppends(false);
		}
	}

	/** Imports per second one client cannot reach: the {@code import} scenario prepares this many records a second. */
	private static final int FHIR_IMPORTS_PER_SECOND = 25;

	private static final Load.Window NO_WINDOW = new Load.Window() {
		@Override
		public void open() {
		}

		@Override
		public void close() {
		}
	};

	/**
	 * Unwraps every bench person's key afresh, so that a warm scenario finds them all cached (the cache expires a key
	 * a fixed time after it was unwrapped).
	 */
	private void warmKeys(List<PersonId> persons) {
		keys.evictAll();
		for (int from = 0; from < persons.size(); from += 1000) {
			keys.ciphers(persons.subList(from, Math.min(persons.size(), from + 1000)));
		}
	}

	private Snapshot snapshot() {
		// the highest sequence number, read from the primary key's index: a count(*) of the ledger (millions of rows
		// after a few runs) would take a core for a moment at every window and show as latency spikes
		Long events = uncounted.queryForObject("select coalesce(max(sequence), 0) from access_events", Long.class);
		// calls to the key service, from the keyring's meter (an unwrap call carries a batch of keys)
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		long unwraps = (long) meters.find("carnet.keyring.calls").tag("operation", "unwrap").counters().stream()
			.mapToDouble(Counter::count).sum();
		// how long responses were held for their events, released or withheld
		double held = meters.find("carnet.reads.held").timers().stream()
			.mapToDouble(timer -> timer.totalTime(TimeUnit.SECONDS)).sum();
		return new Snapshot(statements.counts(), unwraps, events == null ? 0 : events, held,
				CpuProbe.jvmSeconds(), CpuProbe.jitSeconds(), cpu.postgresSeconds(), HeapProbe.gcSeconds());
	}

	private record Snapshot(StatementProbe.Counts counts, long unwraps, long auditEvents, double heldSeconds,
			double jvmCpu, double jitSeconds, double postgresCpu, double gcSeconds) {

		Snapshot minus(Snapshot before) {
			return new Snapshot(counts.minus(before.counts), unwraps - before.unwraps, auditEvents - before.auditEvents,
					heldSeconds - before.heldSeconds, jvmCpu - before.jvmCpu, jitSeconds - before.jitSeconds,
					postgresCpu < 0 || before.postgresCpu < 0 ? -1 : postgresCpu - before.postgresCpu,
					gcSeconds - before.gcSeconds);
		}

		Snapshot plus(Snapshot other) {
			return new Snapshot(counts.plus(other.counts), unwraps + other.unwraps, auditEvents + other.auditEvents,
					heldSeconds + other.heldSeconds, jvmCpu + other.jvmCpu, jitSeconds + other.jitSeconds,
					postgresCpu < 0 || other.postgresCpu < 0 ? -1 : postgresCpu + other.postgresCpu,
					gcSeconds + other.gcSeconds);
		}
	}

	private static double ms(long nanos) {
		return nanos / 1e6;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static void delete(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	/** What the figures were measured on. */
	record Environment(String text, Map<String, Object> values) {

		static Environment describe(BenchOptions options, JdbcTemplate jdbc, int persons, long entries) {
			Map<String, Object> values = new LinkedHashMap<>();
			values.put("date", Instant.now().toString());
			values.put("cpus", Runtime.getRuntime().availableProcessors());
			values.put("loadAverage", HeapProbe.loadAverage());
			values.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
			values.put("maxHeapMb", HeapProbe.maxHeap() / 1048576);
			values.put("postgres", jdbc.queryForObject("show server_version", String.class));
			values.put("fsync", jdbc.queryForObject("show fsync", String.class));
			values.put("synchronousCommit", jdbc.queryForObject("show synchronous_commit", String.class));
			values.put("persons", persons);
			values.put("entries", entries);
			values.put("entriesPerPerson", persons == 0 ? 0 : Math.round(10.0 * entries / persons) / 10.0);
			values.put("duration", options.duration().toSeconds() + "s");
			values.put("warmup", options.warmup().toSeconds() + "s");
			values.put("auditRounds", options.auditRounds());
			values.put("concurrency", options.concurrency());
			values.put("rate", options.rate());
			values.put("applicationProperties", options.application());
			values.put("commit", gitCommit());
			StringBuilder text = new StringBuilder("Environment:");
			values.forEach((key, value) -> text.append(String.format(Locale.ROOT, "%n  %-22s %s", key, value)));
			return new Environment(text.toString(), values);
		}

		private static String gitCommit() {
			try {
				Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
				String out = new String(git.getInputStream().readAllBytes()).trim();
				return git.waitFor() == 0 ? out : "unknown";
			}
			catch (Exception ex) {
				return "unknown";
			}
		}
	}
}
