package org.carnet.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The pure consent decision ({@link ConsentRules}), without the database: one category, and all eleven categories
 * of a whole-record read (what {@link ConsentDecisions#decideAll} does once the facts are loaded), for a person
 * whose facts hold {@code grants} grants naming the requester or their organisation, revoked and expired ones
 * among them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConsentDecisionBenchmark {

	@Param({ "1", "20" })
	int grants;

	private final Instant now = Instant.parse("2026-06-01T12:00:00Z");

	private final PersonId person = PersonId.random();

	private final Requester clinician = Requesters.clinician("dr.weber", "charite", "DE");

	private ConsentFacts facts;

	private final Category[] categories = Category.values();

	private int next;

	@Setup
	public void setUp() {
		List<ConsentGrant> list = new ArrayList<>();
		for (int i = 0; i < grants; i++) {
			// the first grant opens every category; the others are narrower, some revoked or expired
			Set<Category> opened = i == 0 ? Set.of(Category.values()) : Set.of(categories[i % categories.length]);
			Grantee grantee = i % 2 == 0 ? Grantee.user("dr.weber") : Grantee.organisation("charite");
			Instant until = i % 5 == 4 ? now.minus(Duration.ofDays(1)) : now.plus(Duration.ofDays(30));
			Optional<Revocation> revocation = i % 7 == 6
					? Optional.of(new Revocation(now.minus(Duration.ofHours(1)), "amina", Optional.empty()))
					: Optional.empty();
			list.add(new ConsentGrant(GrantId.random(), person, Jurisdiction.of("GR"), grantee, opened, Access.READ,
					Set.of(Purpose.TREATMENT), Set.of(Jurisdiction.of("DE"), Jurisdiction.of("AT")),
					now.minus(Duration.ofDays(60)), until, "amina", now.minus(Duration.ofDays(60)), GrantOrigin.PERSON,
					Optional.empty(), revocation));
		}
		facts = new ConsentFacts(list, List.of());
	}

	@Benchmark
	public ConsentDecision oneCategory() {
		Category category = categories[next++ % categories.length];
		return ConsentRules.decide(clinician, person, category, Access.READ, Purpose.TREATMENT, now, facts);
	}

	@Benchmark
	public Map<Category, ConsentDecision> wholeRecord() {
		Map<Category, ConsentDecision> decisions = new EnumMap<>(Category.class);
		for (Category category : categories) {
			decisions.put(category,
					ConsentRules.decide(clinician, person, category, Access.READ, Purpose.TREATMENT, now, facts));
		}
		return decisions;
	}
}
