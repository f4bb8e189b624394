package org.carnet.audit;

import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.carnet.core.Category;
import org.carnet.core.PersonId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The ledger's hash computation for a typical read event (a clinician read six categories, five withheld, on two
 * grants): the canonical encoding alone, SHA-256 of it, and {@link AccessEvent#appendedAs} (placing the event in its
 * chain: encoding and hash), which the group-commit writer runs for every event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LedgerHashBenchmark {

	private AccessEvent draft;

	private AccessEvent placed;

	private String encoded;

	private final String previous = "3f0c6a1d5e2b4c8f9a7d6e5f4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a291";

	@Setup
	public void setUp() {
		draft = AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR")
			.withCategories(EnumSet.of(Category.IDENTITY, Category.ALLERGIES, Category.MEDICATIONS,
					Category.CONDITIONS, Category.VACCINATIONS, Category.VITALS),
					EnumSet.of(Category.MENTAL_HEALTH, Category.REPRODUCTIVE_HEALTH, Category.INFECTIOUS_DISEASES,
							Category.LAB_RESULTS, Category.ENCOUNTERS))
			.withGrants(List.of(UUID.randomUUID(), UUID.randomUUID()))
			.withOperation("PersonRecord", UUID.randomUUID().toString());
		placed = draft.appendedAs(123_456_789L, 2, 30_864_197L, previous);
		encoded = CanonicalEncoding.encode(placed);
	}

	@Benchmark
	public String encode() {
		return CanonicalEncoding.encode(placed);
	}

	@Benchmark
	public String sha256() {
		return CanonicalEncoding.sha256(encoded);
	}

	@Benchmark
	public AccessEvent appendedAs() {
		return draft.appendedAs(123_456_789L, 2, 30_864_197L, previous);
	}
}
