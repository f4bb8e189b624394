package org.carnet.consent;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the consent decision over random requesters and random facts (grants in every state, emergency
 * accesses open or closed, for this person or another): never an allow without a matching active grant, unless the
 * requester is the person or holds an open emergency access for the emergency data set.
 */
class ConsentRulesPropertyTests {

	private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

	private static final PersonId PERSON = new PersonId(UUID.fromString("00000000-0000-0000-0000-000000000001"));

	private static final PersonId OTHER = new PersonId(UUID.fromString("00000000-0000-0000-0000-000000000002"));

	private static final ConsentPolicies POLICIES = ConsentPolicies.load(Path.of("policies"));

	private static final List<String> SUBJECTS = List.of("dr.weber", "dr.nikolaou", "m.haddad", "a.audit");

	private static final List<String> ORGANISATIONS = List.of("charite", "moria-clinic", "dpa");

	private static final List<String> COUNTRIES = List.of("DE", "GR", "IT");

	@Property(tries = 3000)
	void neverAllowsWithoutAMatchingActiveGrantSelfOrBreakGlass(@ForAll("requesters") Requester requester,
			@ForAll("facts") ConsentFacts facts, @ForAll Category category, @ForAll Access access,
			@ForAll Purpose purpose) {
		ConsentDecision decision = ConsentRules.decide(requester, PERSON, category, access, purpose, NOW, facts);
		if (decision.denied()) {
			assertThat(decision.reason()).isPresent();
			assertThat(decision.grants()).isEmpty();
			return;
		}
		switch (decision.basis().orElseThrow()) {
			case SELF:
				assertThat(requester.has(Role.MIGRANT) && requester.is(PERSON)).isTrue();
				break;
			case GRANT:
				assertThat(decision.grants()).isNotEmpty();
				for (GrantId id : decision.grants()) {
					ConsentGrant grant = facts.grants().stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow();
					assertThat(matches(grant, requester, category, access, purpose)).as("grant %s matches", id).isTrue();
				}
				break;
			case BREAK_GLASS:
				EmergencyAccess emergency = facts.emergencyAccesses()
					.stream()
					.filter(e -> e.id().equals(decision.emergencyAccess().orElseThrow()))
					.findFirst()
					.orElseThrow();
				assertThat(requester.has(Role.CLINICIAN)).isTrue();
				assertThat(purpose).isEqualTo(Purpose.EMERGENCY);
				assertThat(access).isEqualTo(Access.READ);
				assertThat(emergency.person()).isEqualTo(PERSON);
				assertThat(emergency.clinician()).isEqualTo(requester.subject());
				assertThat(emergency.isOpenAt(NOW)).isTrue();
				assertThat(emergency.categories()).contains(category);
				assertThat(ConsentPolicy.NEVER_BY_BREAK_GLASS).doesNotContain(category);
				break;
			default:
				throw new AssertionError("unknown basis");
		}
	}

	@Property(tries = 1000)
	void auditorsAndAdministratorsAreNeverAllowedWhateverIsGranted(@ForAll("requesters") Requester anyone,
			@ForAll("facts") ConsentFacts facts, @ForAll Category category, @ForAll Access access,
			@ForAll Purpose purpose, @ForAll boolean administrator) {
		Set<Role> roles = EnumSet.copyOf(anyone.roles().isEmpty() ? Set.of(Role.CLINICIAN) : anyone.roles());
		roles.add(administrator ? Role.ADMIN : Role.AUDITOR);
		Requester requester = new Requester(anyone.subject(), roles, anyone.organisation(), anyone.jurisdiction(),
				anyone.personId(), anyone.clientId());
		ConsentDecision decision = ConsentRules.decide(requester, PERSON, category, access, purpose, NOW, facts);
		assertThat(decision.reason()).contains(DenyReason.ROLE_NEVER_ALLOWED);
	}

	@Property(tries = 1000)
	void sensitiveCategoriesOpenOnlyToThePersonOrAGrant(@ForAll("requesters") Requester requester,
			@ForAll("facts") ConsentFacts facts, @ForAll Access access, @ForAll Purpose purpose,
			@ForAll("sensitive") Category category) {
		ConsentDecision decision = ConsentRules.decide(requester, PERSON, category, access, purpose, NOW, facts);
		assertThat(decision.basis()).isNotEqualTo(Optional.of(ConsentDecision.Basis.BREAK_GLASS));
	}

	@Property(tries = 1000)
	void revokingEveryGrantNowLeavesOnlySelfAndBreakGlass(@ForAll("requesters") Requester requester,
			@ForAll("facts") ConsentFacts facts, @ForAll Category category, @ForAll Access access,
			@ForAll Purpose purpose) {
		List<ConsentGrant> revoked = new ArrayList<>();
		for (ConsentGrant grant : facts.grants()) {
			// a generated revocation may lie after NOW (not in force yet): revoke those now too
			boolean inForce = grant.revocation().filter(r -> !r.at().isAfter(NOW)).isPresent();
			revoked.add(inForce ? grant : grant.revoked(new Revocation(NOW, "person", Optional.empty())));
		}
		ConsentDecision decision = ConsentRules.decide(requester, PERSON, category, access, purpose, NOW,
				new ConsentFacts(revoked, facts.emergencyAccesses()));
		assertThat(decision.basis()).isNotEqualTo(Optional.of(ConsentDecision.Basis.GRANT));
	}

	@Property(tries = 1000)
	void aRevocationNeverOpensWhatWasClosed(@ForAll("requesters") Requester requester,
			@ForAll("facts") ConsentFacts facts, @ForAll Category category, @ForAll Access access,
			@ForAll Purpose purpose, @ForAll("indexes") int which) {
		if (facts.grants().isEmpty()) {
			return;
		}
		ConsentDecision before = ConsentRules.decide(requester, PERSON, category, access, purpose, NOW, facts);
		List<ConsentGrant> grants = new ArrayList<>(facts.grants());
		int index = which % grants.size();
		if (grants.get(index).revocation().isEmpty()) {
			grants.set(index, grants.get(index).revoked(new Revocation(NOW.minusSeconds(1), "person", Optional.empty())));
		}
		ConsentDecision after = ConsentRules.decide(requester, PERSON, category, access, purpose, NOW,
				new ConsentFacts(grants, facts.emergencyAccesses()));
		if (before.denied()) {
			assertThat(after.denied()).isTrue();
		}
	}

	@Property(tries = 500)
	void decidingManyCategoriesAtOnceAnswersAsDecidingEachAlone(@ForAll("requesters") Requester requester,
			@ForAll("facts") ConsentFacts facts, @ForAll Access access, @ForAll Purpose purpose) {
		ConsentDecisions decisions = new ConsentDecisions(new FixedFacts(facts), POLICIES, null,
				new SimpleMeterRegistry());
		Map<Category, ConsentDecision> all = decisions.decideAll(requester, PERSON, Jurisdiction.of("GR"),
				EnumSet.allOf(Category.class), access, purpose, NOW);
		for (Category category : Category.values()) {
			assertThat(all.get(category))
				.isEqualTo(ConsentRules.decide(requester, PERSON, category, access, purpose, NOW, facts));
		}
	}

	private static boolean matches(ConsentGrant grant, Requester requester, Category category, Access access,
			Purpose purpose) {
		boolean grantee;
		switch (grant.grantee().kind()) {
			case USER:
				grantee = grant.grantee().value().equals(requester.subject());
				break;
			case ORGANISATION:
				grantee = requester.organisation().orElse("").equals(grant.grantee().value());
				break;
			default:
				grantee = requester.has(Role.CLINICIAN)
						&& requester.jurisdiction().map(Jurisdiction::code).orElse("").equals(grant.grantee().value());
		}
		return grantee && grant.person().equals(PERSON) && grant.statusAt(NOW) == GrantStatus.ACTIVE
				&& grant.categories().contains(category) && grant.purposes().contains(purpose)
				&& requester.jurisdiction().map(grant.jurisdictions()::contains).orElse(false)
				&& grant.access().covers(access) && !requester.has(Role.AUDITOR) && !requester.has(Role.ADMIN)
				&& (requester.has(Role.CLINICIAN) || purpose == Purpose.CARE_COORDINATION);
	}

	@Provide
	Arbitrary<Requester> requesters() {
		Arbitrary<Set<Role>> roles = Arbitraries.of(Role.class).set().ofMinSize(0).ofMaxSize(2);
		Arbitrary<Optional<String>> organisations = Arbitraries.of(ORGANISATIONS).optional(0.8);
		Arbitrary<Optional<Jurisdiction>> jurisdictions = Arbitraries.of(COUNTRIES).map(Jurisdiction::of).optional(0.9);
		Arbitrary<Optional<PersonId>> persons = Arbitraries.of(PERSON, OTHER).optional(0.5);
		return Combinators.combine(Arbitraries.of(SUBJECTS), roles, organisations, jurisdictions, persons)
			.as((subject, r, organisation, jurisdiction, person) -> new Requester(subject, r, organisation,
					jurisdiction, person, "test"));
	}

	@Provide
	Arbitrary<ConsentFacts> facts() {
		return Combinators.combine(grants().list().ofMaxSize(8), emergencyAccesses().list().ofMaxSize(3))
			.as(ConsentFacts::new);
	}

	@Provide
	Arbitrary<Category> sensitive() {
		return Arbitraries.of(ConsentPolicy.NEVER_BY_BREAK_GLASS);
	}

	@Provide
	Arbitrary<Integer> indexes() {
		return Arbitraries.integers().between(0, 100);
	}

	private Arbitrary<ConsentGrant> grants() {
		Arbitrary<Grantee> grantees = Arbitraries.oneOf(Arbitraries.of(SUBJECTS).map(Grantee::user),
				Arbitraries.of(ORGANISATIONS).map(Grantee::organisation),
				Arbitraries.of(COUNTRIES).map(c -> Grantee.anyClinicianIn(Jurisdiction.of(c))));
		Arbitrary<Set<Category>> categories = Arbitraries.of(Category.class).set().ofMinSize(1).ofMaxSize(4);
		Arbitrary<Set<Purpose>> purposes = Arbitraries.of(Purpose.class).set().ofMinSize(1).ofMaxSize(2);
		Arbitrary<Set<Jurisdiction>> countries = Arbitraries.of(COUNTRIES).map(Jurisdiction::of).set().ofMinSize(1)
			.ofMaxSize(2);
		Arbitrary<Window> windows = Combinators.combine(Arbitraries.longs().between(-500, 50),
				Arbitraries.longs().between(1, 600), Arbitraries.longs().between(-100, 100).optional(0.3))
			.as((startHours, lengthHours, revokedHours) -> {
				Instant start = NOW.plus(Duration.ofHours(startHours));
				return new Window(start, start.plus(Duration.ofHours(lengthHours)),
						revokedHours.map(hours -> new Revocation(NOW.plus(Duration.ofHours(hours)), "person",
								Optional.empty())));
			});
		Arbitrary<PersonId> persons = Arbitraries.of(PERSON, PERSON, PERSON, OTHER);
		return Combinators.combine(grantees, categories, Arbitraries.of(Access.class), purposes, countries, windows,
				persons)
			.as((grantee, cats, access, why, from, window, person) -> new ConsentGrant(GrantId.random(), person,
					Jurisdiction.of("GR"), grantee, cats, access, why,
					grantee.kind() == Grantee.Kind.ANY_CLINICIAN_IN ? Set.of(Jurisdiction.of(grantee.value())) : from,
					window.from(), window.until(), "person", window.from(), GrantOrigin.PERSON, Optional.empty(),
					window.revocation()));
	}

	private record Window(Instant from, Instant until, Optional<Revocation> revocation) {
	}

	private Arbitrary<EmergencyAccess> emergencyAccesses() {
		// any category, sensitive ones too: the database refuses them, but the decision must not rely on that
		Arbitrary<Set<Category>> categories = Arbitraries.of(Category.class).set().ofMinSize(1).ofMaxSize(6);
		return Combinators.combine(Arbitraries.of(SUBJECTS), Arbitraries.of(COUNTRIES), categories,
				Arbitraries.longs().between(-180, 30), Arbitraries.of(PERSON, PERSON, OTHER))
			.as((clinician, country, cats, openedMinutes, person) -> {
				Instant opened = NOW.plus(Duration.ofMinutes(openedMinutes));
				return new EmergencyAccess(EmergencyAccessId.random(), person, Jurisdiction.of("GR"), clinician,
						Optional.empty(), Jurisdiction.of(country), "unconscious, allergies unknown", cats, opened,
						opened.plus(Duration.ofMinutes(60)));
			});
	}

	/** Facts handed to {@link ConsentDecisions} without a database. */
	private static final class FixedFacts extends ConsentFactStore {

		private final ConsentFacts facts;

		FixedFacts(ConsentFacts facts) {
			super(null);
			this.facts = facts;
		}

		@Override
		ConsentFacts load(PersonId person, Requester requester, Instant time) {
			return facts;
		}
	}
}
