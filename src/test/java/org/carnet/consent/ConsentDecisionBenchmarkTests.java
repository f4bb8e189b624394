package org.carnet.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A benchmark, not a timed test: the pure decision for a person with 20 active grants. Runs only when asked:
 * {@code mvn -o -q test -Dtest=ConsentDecisionBenchmarkTests -Dcarnet.benchmark=true -Dcarnet.test.jvm=}
 * (the JVM's own compilers, not the test suite's C1 only); prints its measurement.
 */
@EnabledIfSystemProperty(named = "carnet.benchmark", matches = "true")
class ConsentDecisionBenchmarkTests {

	@Test
	void decisionWithTwentyActiveGrants() {
		Instant now = Instant.parse("2025-06-01T12:00:00Z");
		PersonId person = PersonId.random();
		Requester weber = Requesters.clinician("dr.weber", "charite", "DE");
		List<ConsentGrant> grants = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			Grantee grantee = i % 3 == 0 ? Grantee.user("dr.weber") : i % 3 == 1 ? Grantee.organisation("charite")
					: Grantee.user("dr.other" + i);
			grants.add(new ConsentGrant(GrantId.random(), person, Jurisdiction.of("GR"), grantee,
					Set.of(Category.values()[i % Category.values().length]), Access.READ, Set.of(Purpose.TREATMENT),
					Set.of(Jurisdiction.of("DE"), Jurisdiction.of("AT")), now.minus(Duration.ofDays(1)),
					now.plus(Duration.ofDays(30)), "amina", now, GrantOrigin.PERSON, Optional.empty(),
					Optional.empty()));
		}
		ConsentFacts facts = new ConsentFacts(grants, List.of());
		Category[] categories = Category.values();
		int allowed = 0;
		for (int warm = 0; warm < 200_000; warm++) {
			allowed += ConsentRules.decide(weber, person, categories[warm % categories.length], Access.READ,
					Purpose.TREATMENT, now, facts).allowed() ? 1 : 0;
		}
		int rounds = 1_000_000;
		long start = System.nanoTime();
		for (int i = 0; i < rounds; i++) {
			allowed += ConsentRules.decide(weber, person, categories[i % categories.length], Access.READ,
					Purpose.TREATMENT, now, facts).allowed() ? 1 : 0;
		}
		double microsPerDecision = (System.nanoTime() - start) / 1000.0 / rounds;
		System.out.printf("Consent decision, 20 active grants: %.3f µs per category (%d allowed)%n",
				microsPerDecision, allowed);
		System.out.printf("All %d categories of one request: %.3f µs%n", categories.length,
				microsPerDecision * categories.length);
		assertThat(allowed).isPositive();
		assertThat(EnumSet.allOf(Category.class)).hasSize(categories.length);
	}
}
