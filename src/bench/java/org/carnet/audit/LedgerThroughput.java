package org.carnet.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.carnet.CarnetApplication;
import org.carnet.bench.CpuProbe;
import org.carnet.bench.StatementProbe;
import org.carnet.core.PersonId;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Measures how many events per second the ledger appends with 1 and with 16 concurrent writers, and how long each
 * writer waits for its event to be durable. Not a test: run it by hand ({@code mvn -Pbench test -Dbench.jmh.skip=true
 * -Dbench.main=org.carnet.audit.LedgerThroughput}, see docs/benchmarks.md). Starts the
 * application without a web server on a fresh embedded PostgreSQL with durability ON (fsync, synchronous commit), so
 * that every commit waits for the disk as in production.
 * <p>
 * Arguments: seconds per measurement (default 10), then any application property, e.g.
 * {@code --carnet.audit.streams=8}. When {@code SPRING_DATASOURCE_URL} is set, it measures that
 * server instead.
 */
public final class LedgerThroughput {

	private LedgerThroughput() {
	}

	public static void main(String[] args) throws Exception {
		Duration duration = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CarnetApplication.class)
			.profiles("test")
			// the tests' statement counter keeps the text of every statement: not part of what is measured
			.initializers(
					application -> application.addBeanFactoryPostProcessor(StatementProbe::removeTestCounter))
			// command-line arguments, because they outrank application-test.yaml (durable: false)
			.run(arguments(args))) {
			Ledger ledger = context.getBean(Ledger.class);
			CpuProbe cpu = new CpuProbe(Path.of(context.getEnvironment().getRequiredProperty("carnet.data-dir")));
			TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
			List<PersonId> persons = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				persons.add(PersonId.random());
			}
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			System.out.printf("Ledger throughput: %d stream(s), fsync %s, synchronous_commit %s, %d s per run, %d CPU(s)%n",
					ledger.streams(), jdbc.queryForObject("show fsync", String.class),
					jdbc.queryForObject("show synchronous_commit", String.class), duration.toSeconds(),
					Runtime.getRuntime().availableProcessors());
			measure(cpu, "warm-up", 4, Duration.ofSeconds(3), persons, draft -> ledger.append(draft));
			for (int writers : new int[] { 1, 16 }) {
				measure(cpu, "append (group commit)", writers, duration, persons, draft -> ledger.append(draft));
			}
			for (int writers : new int[] { 1, 16 }) {
				measure(cpu, "appendInTransaction", writers, duration, persons,
						draft -> transactions.execute(status -> ledger.appendInTransaction(draft)));
			}
			AuditVerification verification = context.getBean(AuditVerifier.class).verify(null, null);
			long start = System.nanoTime();
			verification = context.getBean(AuditVerifier.class).verify(null, null);
			System.out.printf("verify(all): ok=%s, %d events in %d ms%n", verification.ok(),
					verification.eventsChecked(), (System.nanoTime() - start) / 1_000_000);
		}
	}

	private static String[] arguments(String[] args) {
		List<String> arguments = new ArrayList<>(
				// a data folder of its own, named here: the test profile's is random per resolution of the property
				List.of("--carnet.data-dir=target/bench/ledger-" + UUID.randomUUID(), "--carnet.database.durable=true",
						"--server.port=0", "--logging.level.root=warn",
						"--logging.level.org.carnet=warn"));
		arguments.addAll(Arrays.asList(args).subList(Math.min(1, args.length), args.length));
		return arguments.toArray(String[]::new);
	}

	private static void measure(CpuProbe cpu, String name, int writers, Duration duration, List<PersonId> persons,
			Append append) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<long[]>> results = new ArrayList<>();
		for (int w = 0; w < writers; w++) {
			int writer = w;
			results.add(pool.submit(() -> {
				long[] latencies = new long[1 << 16];
				int count = 0;
				start.await();
				long end = System.nanoTime() + duration.toNanos();
				for (int i = 0; System.nanoTime() < end; i++) {
					AccessEvent draft = AccessEvents
						.read(AccessEvents.weber(), persons.get((writer * 31 + i) % persons.size()), "GR")
						.withOperation("PersonQuery", "bench-" + writer + "-" + i);
					long before = System.nanoTime();
					append.append(draft);
					if (count == latencies.length) {
						latencies = Arrays.copyOf(latencies, count * 2);
					}
					latencies[count++] = System.nanoTime() - before;
				}
				return Arrays.copyOf(latencies, count);
			}));
		}
		double jvmBefore = CpuProbe.jvmSeconds();
		double postgresBefore = cpu.postgresSeconds();
		long began = System.nanoTime();
		start.countDown();
		List<long[]> all = new ArrayList<>();
		for (Future<long[]> result : results) {
			all.add(result.get());
		}
		double seconds = (System.nanoTime() - began) / 1e9;
		double jvm = CpuProbe.jvmSeconds() - jvmBefore;
		double postgres = cpu.postgresSeconds() - postgresBefore;
		pool.shutdown();
		long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
		System.out.printf("%-22s writers=%2d  events=%7d  %8.0f events/s  latency p50=%6.2f ms  p99=%6.2f ms  "
				+ "CPU/event JVM %4.0f us + PG %4.0f us%n", name, writers, latencies.length, latencies.length / seconds,
				percentile(latencies, 0.50), percentile(latencies, 0.99), 1e6 * jvm / latencies.length,
				1e6 * postgres / latencies.length);
	}

	private static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return 0;
		}
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
	}

	@FunctionalInterface
	private interface Append {

		void append(AccessEvent draft);
	}
}
