package org.carnet.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.carnet.core.BadInput;
import org.carnet.core.Category;
import org.carnet.core.Forbidden;
import org.carnet.core.Jurisdiction;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Grants: given by the person, bounded by the policy of their home jurisdiction, revoked by the person, and kept
 * forever as history (active, not yet valid, expired, revoked).
 */
@Service
public class Grants {

	/** A grant's start may lie this far in the past (clocks of callers differ); it is then moved to now. */
	private static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);

	private final GrantStore store;

	private final ConsentPolicies policies;

	private final Grantees grantees;

	private final Clock clock;

	Grants(GrantStore store, ConsentPolicies policies, Grantees grantees, Clock clock) {
		this.store = store;
		this.policies = policies;
		this.grantees = grantees;
		this.clock = clock;
	}

	/**
	 * The person grants consent to their record. Only the person may: a mediator proposes a grant through
	 * {@link ConsentRequests#request} and the person approves it. For demo data, pass a requester that is the person
	 * (role MIGRANT, their person id).
	 */
	@Transactional
	public ConsentGrant grant(Requester grantor, PersonId person, Jurisdiction home, GrantConsent consent) {
		requirePerson(grantor, person);
		return create(person, home, consent, grantor.subject(), GrantOrigin.PERSON, null, now());
	}

	/**
	 * The grant a registering clinician receives so they can complete the record they just started: read and write
	 * on every category for TREATMENT, from the jurisdiction they act from, for the policy's default duration. A
	 * registering mediator receives read and write on IDENTITY for CARE_COORDINATION only.
	 */
	@Transactional
	ConsentGrant grantToRegistrar(PersonId person, Jurisdiction home, Requester registrar) {
		if (registrar.has(Role.AUDITOR) || registrar.has(Role.ADMIN)) {
			throw new Forbidden("Auditors and administrators do not register persons");
		}
		Jurisdiction actingFrom = registrar.jurisdiction()
			.orElseThrow(() -> new BadInput("jurisdiction", "the registrar's access token names no country they act "
					+ "from"));
		GrantConsent consent;
		if (registrar.has(Role.CLINICIAN)) {
			consent = GrantConsent.of(Grantee.user(registrar.subject()), EnumSet.allOf(Category.class),
					Access.READ_WRITE, Set.of(Purpose.TREATMENT), Set.of(actingFrom));
		}
		else if (registrar.has(Role.MEDIATOR)) {
			consent = GrantConsent.of(Grantee.user(registrar.subject()), Set.of(Category.IDENTITY), Access.READ_WRITE,
					Set.of(Purpose.CARE_COORDINATION), Set.of(actingFrom));
		}
		else {
			throw new Forbidden("Only clinicians and mediators register persons");
		}
		return create(person, home, consent, registrar.subject(), GrantOrigin.REGISTRATION, null, now());
	}

	/** The person revokes one of their grants; it allows nothing from the very next request on. */
	@Transactional
	public ConsentGrant revoke(Requester by, GrantId id, String reason) {
		return revoke(by, id, reason, now());
	}

	@Transactional
	ConsentGrant revoke(Requester by, GrantId id, String reason, Instant now) {
		ConsentGrant grant = store.find(id)
			.filter(found -> by.has(Role.MIGRANT) && by.is(found.person()))
			.orElseThrow(() -> new NotFound("No such grant among your consents"));
		requireConsentRight(by);
		GrantStatus status = grant.statusAt(now);
		if (status == GrantStatus.REVOKED) {
			throw new BadInput("id", "this grant was already revoked on " + grant.revocation().get().at());
		}
		if (status == GrantStatus.EXPIRED) {
			throw new BadInput("id", "this grant already expired on " + grant.validUntil() + "; nothing to revoke");
		}
		Optional<String> why = Optional.ofNullable(reason).map(String::strip).filter(text -> !text.isEmpty());
		if (why.isPresent() && why.get().length() > 500) {
			throw new BadInput("reason", "at most 500 characters");
		}
		Revocation revocation = new Revocation(now, by.subject(), why);
		if (!store.insertRevocation(id, revocation)) {
			throw new BadInput("id", "this grant was already revoked");
		}
		return grant.revoked(revocation);
	}

	/** Every grant of the person, newest first, in every state. */
	@Transactional(readOnly = true)
	public List<ConsentGrant> history(PersonId person) {
		return store.forPerson(person);
	}

	/** The person's grants in one of {@code statuses} now, newest first. */
	@Transactional(readOnly = true)
	public List<ConsentGrant> history(PersonId person, Set<GrantStatus> statuses) {
		return history(person, statuses, now());
	}

	List<ConsentGrant> history(PersonId person, Set<GrantStatus> statuses, Instant at) {
		return store.forPerson(person).stream().filter(grant -> statuses.contains(grant.statusAt(at))).toList();
	}

	/**
	 * The person's grants that name the requester, newest first, in every state: given to them by user name, to
	 * their organisation, or to any clinician acting from the country they act from.
	 */
	@Transactional(readOnly = true)
	public List<ConsentGrant> heldBy(PersonId person, Requester requester) {
		return store.forPerson(person)
			.stream()
			.filter(grant -> grant.grantee().names(requester))
			.filter(grant -> grant.grantee().kind() != Grantee.Kind.ANY_CLINICIAN_IN || requester.jurisdiction()
				.map(country -> country.code().equals(grant.grantee().value()))
				.orElse(false))
			.toList();
	}

	@Transactional(readOnly = true)
	public Optional<ConsentGrant> find(GrantId id) {
		return store.find(id);
	}

	/** Where the grant stands now, by the clock grants are timed by. */
	public GrantStatus statusNow(ConsentGrant grant) {
		return grant.statusAt(now());
	}

	/**
	 * Validates and stores a grant (inside the caller's transaction). Every way a grant is made comes here, so the
	 * grantee is checked for every one of them: it must exist and be able to use the grant.
	 */
	ConsentGrant create(PersonId person, Jurisdiction home, GrantConsent consent, String grantedBy,
			GrantOrigin origin, UUID originId, Instant now) {
		ConsentGrant grant = terms(person, home, consent, grantedBy, origin, originId, now);
		store.insert(grant);
		return grant;
	}

	/** The grant {@code consent} describes, checked against the policy of {@code home}; bad input names the field. */
	ConsentGrant terms(PersonId person, Jurisdiction home, GrantConsent consent, String grantedBy, GrantOrigin origin,
			UUID originId, Instant now) {
		ConsentPolicy policy = policies.of(home);
		if (consent.grantee() == null) {
			throw new BadInput("grantee", "is required: a user, an organisation or any clinician acting from a country");
		}
		if (consent.categories().isEmpty()) {
			throw new BadInput("categories", "name at least one category");
		}
		if (consent.access() == null) {
			throw new BadInput("access", "is required: READ or READ_WRITE");
		}
		if (consent.purposes().isEmpty()) {
			throw new BadInput("purposes", "name at least one purpose");
		}
		Set<Jurisdiction> jurisdictions = jurisdictions(consent.grantee(), consent.jurisdictions());
		Grantee grantee = grantees.check(consent.grantee(), consent.purposes(), jurisdictions);
		Set<Category> coarse = coarseCategories(consent.categories(), consent.coarseCategories(),
				() -> grantees.mediatorOnly(grantee));
		Instant from = consent.validFrom().map(start -> start.truncatedTo(ChronoUnit.MICROS)).orElse(now);
		if (from.isBefore(now.minus(CLOCK_TOLERANCE))) {
			throw new BadInput("validFrom", "must not lie in the past");
		}
		if (from.isBefore(now)) {
			from = now;
		}
		if (from.isAfter(now.plus(policy.maximumGrantDuration()))) {
			throw new BadInput("validFrom", "may lie at most " + PolicyFiles.text(policy.maximumGrantDuration())
					+ " ahead (policy of " + home + ")");
		}
		Instant until = consent.validUntil().map(end -> end.truncatedTo(ChronoUnit.MICROS))
			.orElse(from.plus(policy.defaultGrantDuration()));
		if (!until.isAfter(from)) {
			throw new BadInput("validUntil", "must be after validFrom");
		}
		if (until.isAfter(from.plus(policy.maximumGrantDuration()))) {
			throw new BadInput("validUntil", "a grant lasts at most " + PolicyFiles.text(policy.maximumGrantDuration())
					+ " (policy of " + home + ")");
		}
		return new ConsentGrant(GrantId.random(), person, home, grantee, consent.categories(),
				consent.access(), consent.purposes(), jurisdictions, from, until, grantedBy, now, origin,
				Optional.ofNullable(originId), Optional.empty(), coarse);
	}

	/**
	 * The categories a grant gives only as their coarse view: as chosen (each among the granted ones and among
	 * {@link ConsentGrant#COARSE_CAPABLE}), or by default identity for a grantee who is a health mediator only.
	 */
	static Set<Category> coarseCategories(Set<Category> categories, Optional<Set<Category>> chosen,
			BooleanSupplier mediatorOnly) {
		if (chosen.isPresent()) {
			for (Category category : chosen.get()) {
				if (!ConsentGrant.COARSE_CAPABLE.contains(category)) {
					throw new BadInput("coarseCategories", category + " has no coarse view; only "
							+ ConsentGrant.COARSE_CAPABLE + " can be given coarse");
				}
				if (!categories.contains(category)) {
					throw new BadInput("coarseCategories", category + " is not among the categories granted");
				}
			}
			return chosen.get();
		}
		return categories.contains(Category.IDENTITY) && mediatorOnly.getAsBoolean() ? Set.of(Category.IDENTITY)
				: Set.of();
	}

	/** The grantee as it will be stored, when it exists and can use such a grant (see {@link Grantees}). */
	Grantee checkGrantee(Grantee grantee, Set<Purpose> purposes, Set<Jurisdiction> jurisdictions) {
		return grantees.check(grantee, purposes, jurisdictions);
	}

	/** True when the grantee acts only as a health mediator (see {@link Grantees#mediatorOnly}). */
	boolean mediatorOnly(Grantee grantee) {
		return grantees.mediatorOnly(grantee);
	}

	/** The countries a grantee may act from: named explicitly, except "any clinician in X", which is always X. */
	static Set<Jurisdiction> jurisdictions(Grantee grantee, Set<Jurisdiction> named) {
		if (grantee.kind() == Grantee.Kind.ANY_CLINICIAN_IN) {
			Jurisdiction country = Jurisdiction.of(grantee.value());
			if (!named.isEmpty() && !named.equals(Set.of(country))) {
				throw new BadInput("jurisdictions", "a grant to any clinician acting from " + country
						+ " is for that country only");
			}
			return Set.of(country);
		}
		if (named.isEmpty()) {
			throw new BadInput("jurisdictions", "name at least one country the grantee may act from");
		}
		return named;
	}

	/** How long a grant made later (on approval, on redemption) lasts: as asked, or the policy's default. */
	static Duration grantDuration(Optional<Duration> wanted, ConsentPolicy policy, String field) {
		Duration duration = wanted.orElse(policy.defaultGrantDuration());
		if (duration.isNegative() || duration.isZero()) {
			throw new BadInput(field, "must be positive");
		}
		if (duration.compareTo(policy.maximumGrantDuration()) > 0) {
			throw new BadInput(field, "a grant lasts at most " + PolicyFiles.text(policy.maximumGrantDuration())
					+ " (policy of " + policy.jurisdiction() + ")");
		}
		return duration;
	}

	static void requirePerson(Requester requester, PersonId person) {
		if (requester.has(Role.MIGRANT) && requester.is(person)) {
			requireConsentRight(requester);
			return;
		}
		if (requester.has(Role.MEDIATOR)) {
			throw new Forbidden("A mediator does not decide for the person: propose it with requestConsent and the "
					+ "person approves it", "MEDIATOR_PROPOSES");
		}
		throw new Forbidden("Only the person decides about consent to their record");
	}

	/** A guardian or proxy whose authorisation covers reading only does not change consent. */
	static void requireConsentRight(Requester requester) {
		if (!requester.mayManageConsent()) {
			throw new Forbidden("Your authorisation to act for this person covers reading their record, not their "
					+ "consent", "REPRESENTATION_SCOPE");
		}
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}
}
