package org.carnet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The load harness still runs: its options, how it joins the slices of a comparison, and one tiny run of every
 * scenario against the real application. Part of the bench source set, so not of {@code mvn verify}; run it with
 * {@code mvn -Pbench test -DskipTests=false -Dtest=BenchHarnessTests -Dbench.harness.skip=true -Dbench.jmh.skip=true}.
 */
class BenchHarnessTests {

	@Test
	void optionsHaveTheDocumentedDefaultsAndRefuseWhatTheyDoNotKnow() {
		BenchOptions defaults = BenchOptions.parse(new String[0]);
		assertThat(defaults.persons()).isEqualTo(10_000);
		assertThat(defaults.duration()).isEqualTo(Duration.ofSeconds(30));
		assertThat(defaults.rate()).isEqualTo(150);
		assertThat(defaults.scenarios()).isEqualTo(BenchOptions.ALL);
		assertThat(defaults.auditRounds()).isEqualTo(4);
		assertThat(defaults.jitClients()).isEqualTo(Runtime.getRuntime().availableProcessors());

		BenchOptions chosen = BenchOptions.parse(new String[] { "--persons=500", "--duration=2m", "--scenarios=a,d",
				"--carnet.keyring=vault", "--long=10m" });
		assertThat(chosen.persons()).isEqualTo(500);
		assertThat(chosen.duration()).isEqualTo(Duration.ofMinutes(2));
		assertThat(chosen.scenarios()).containsExactly("a", "d");
		assertThat(chosen.application()).containsExactly("--carnet.keyring=vault");
		assertThat(chosen.longRun()).isEqualTo(Duration.ofMinutes(10));

		assertThatThrownBy(() -> BenchOptions.parse(new String[] { "--users=5" }))
			.hasMessageContaining("Unknown option --users");
		assertThatThrownBy(() -> BenchOptions.parse(new String[] { "--scenarios=a,z" }))
			.hasMessageContaining("Unknown scenario z");
		assertThatThrownBy(() -> BenchOptions.parse(new String[] { "--persons=10" }))
			.hasMessageContaining("--persons must be at least");
		assertThatThrownBy(() -> BenchOptions.parse(new String[] { "--duration=3s", "--audit-rounds=4" }))
			.hasMessageContaining("--audit-rounds");
		assertThatThrownBy(() -> BenchOptions.parse(new String[] { "--jit-clients=0" }))
			.hasMessageContaining("--jit-clients must be at least 1");
	}

	@Test
	void theCompilersCpuIsReadFromItsThreadsAndIsPartOfTheJvms() {
		// this JVM has compiled something by now (the test framework alone is enough)
		double compiler = CpuProbe.jitSeconds();
		double jvm = CpuProbe.jvmSeconds();
		assertThat(compiler).isPositive().isLessThanOrEqualTo(jvm);
	}

	@Test
	void slicesOfAComparisonAreJoinedAsOneWindow() {
		Samples first = new Samples();
		first.record(0, 10, true, null);
		first.record(500, 30, false, "HTTP 500");
		first.window(1_000);
		Samples second = new Samples();
		second.record(100, 20, true, null);
		second.window(2_000);

		Samples joined = Samples.concat(List.of(first, second));

		assertThat(joined.windowNanos()).isEqualTo(3_000);
		assertThat(joined.sortedLatencies()).containsExactly(10, 20, 30);
		assertThat(joined.errors()).isEqualTo(1);
		assertThat(joined.failures()).containsExactly("HTTP 500");
		assertThat(Samples.percentile(joined.sortedLatencies(), 0.5)).isEqualTo(20);
	}

	@Test
	void aTinyRunMeasuresEveryScenarioWithoutErrorsAndWritesItsReports(@TempDir Path directory) throws Exception {
		Path out = directory.resolve("out");
		int status = CarnetBench.run(new String[] { "--persons=30", "--duration=1s", "--warmup=0s", "--jit-warmup=0s",
				"--audit-rounds=1", "--seed-threads=2", "--self-users=3", "--break-glass-persons=5", "--list-size=5",
				"--concurrency=4", "--rate=40", "--long=2s", "--data-dir=" + directory.resolve("data"), "--out=" + out });

		assertThat(status).isZero();
		JsonNode report = JsonMapper.builder().build().readTree(Files.readString(out.resolve("results.json")));
		Map<String, JsonNode> scenarios = new HashMap<>();
		List<String> names = new ArrayList<>();
		for (JsonNode scenario : report.get("scenarios")) {
			scenarios.put(scenario.get("scenario").asString(), scenario);
			names.add(scenario.get("scenario").asString());
		}
		assertThat(names).containsExactly("jdbc", "me", "a", "a-noaudit", "a@40", "a@40-noaudit", "b", "c", "d", "e",
				"f", "g", "fhir", "import", "a-long");
		for (JsonNode scenario : scenarios.values()) {
			assertThat(scenario.get("operations").asInt()).as(scenario.get("scenario").asString()).isPositive();
			assertThat(scenario.get("errors").asInt()).as(scenario.get("failures").toString()).isZero();
		}
		// auditing is off only while its comparison runs, and on again afterwards
		assertThat(scenarios.get("a").get("auditEvents").asLong()).isEqualTo(scenarios.get("a").get("operations").asLong());
		assertThat(scenarios.get("a-noaudit").get("auditEvents").asLong()).isZero();
		// responses held for their events: every audited read waits a little, a request that reads nobody never
		assertThat(scenarios.get("a").get("heldMsPerOp").asDouble()).isPositive();
		assertThat(scenarios.get("me").get("heldMsPerOp").asDouble()).isZero();
		assertThat(scenarios.get("jdbc").get("heldMsPerOp").asDouble()).isZero();
		assertThat(scenarios.get("b").get("auditEvents").asLong()).isEqualTo(scenarios.get("b").get("operations").asLong());
		assertThat(scenarios.get("fhir").get("auditEvents").asLong())
			.isEqualTo(scenarios.get("fhir").get("operations").asLong());
		// every person read once with a cold key cache: one key unwrap per read
		assertThat(scenarios.get("g").get("operations").asInt()).isEqualTo(30);
		assertThat(scenarios.get("g").get("keyringCallsPerOp").asDouble()).isEqualTo(1.0);
		assertThat(scenarios.get("d").get("keyringCallsPerOp").asDouble()).isZero();
		assertThat(report.get("targets").size()).isEqualTo(7);
		assertThat(report.at("/targets/2").asString()).startsWith("(a) at least 0.4x the throughput of me");
		assertThat(report.at("/targets/6").asString()).startsWith("heap < 512 MB").contains("0 errors");
		assertThat(report.at("/longRunLiveAfterFullGcMb/after").asDouble()).isPositive();
		assertThat(Files.readString(out.resolve("summary.txt"))).contains("=== Carnet benchmark", "Targets (issue 13");
		assertThat(Files.readString(out.resolve("latency.svg"))).startsWith("<svg").contains("a@40-noaudit");
		assertThat(Files.readString(out.resolve("results.csv")).lines()).hasSize(16);
		assertThat(Files.readString(out.resolve("long-run.svg"))).startsWith("<svg");
	}
}
