package org.carnet.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.carnet.core.ActingFor;
import org.carnet.core.BadInput;
import org.carnet.core.Forbidden;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.core.Text;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may act for a person, and whether a user may act for a person now.
 * <ul>
 * <li>Guardians: an administrator records the appointment an authority made for a minor, with the authority's
 * reference and the date of birth the appointment states; the guardianship ends by itself at the start (UTC) of the
 * person's 18th birthday, and the person is then told ({@link #tellComingOfAge}). A clinician or mediator cannot
 * appoint anyone, themself included.</li>
 * <li>Proxies: the person, acting as themself, authorises another account to read their record and/or manage their
 * consent until a day they choose (at most {@link #MAX_PROXY_PERIOD}); the person revokes at once. A proxy or
 * guardian never creates proxies.</li>
 * </ul>
 * Representatives are accounts of persons (role MIGRANT) or health mediators; never clinicians, auditors,
 * administrators, analysts or clinic systems.
 */
@Service
public class Representations {

	/** The longest period a person may authorise a proxy for at once. */
	public static final Duration MAX_PROXY_PERIOD = Duration.ofDays(366);

	/** The age at which a guardianship ends. */
	public static final int MAJORITY = 18;

	private static final Set<Role> MAY_REPRESENT = EnumSet.of(Role.MIGRANT, Role.MEDIATOR);

	private static final Set<Role> NEVER_REPRESENT = EnumSet.of(Role.CLINICIAN, Role.AUDITOR, Role.ADMIN,
			Role.PUBLIC_HEALTH_ANALYST);

	private final RepresentationStore store;

	private final GranteeDirectory directory;

	private final Notifications notifications;

	private final Clock clock;

	Representations(RepresentationStore store, GranteeDirectory directory, Notifications notifications, Clock clock) {
		this.store = store;
		this.directory = directory;
		this.notifications = notifications;
		this.clock = clock;
	}

	/** What a check of "may this user act for this person now?" found. */
	public sealed interface Capacity {
	}

	/** The user may act for the person, in this capacity. */
	public record Granted(ActingFor capacity) implements Capacity {
	}

	/**
	 * The user may not act for the person.
	 *
	 * @param reason {@code NO_REPRESENTATION}, or the status of the closest representation that no longer holds
	 * ({@code GUARDIANSHIP_ENDED_AT_MAJORITY}, {@code REPRESENTATION_REVOKED}, {@code REPRESENTATION_EXPIRED},
	 * {@code REPRESENTATION_NOT_YET_VALID})
	 * @param representation that representation, when there is one
	 */
	public record Refused(String reason, Optional<UUID> representation) implements Capacity {
	}

	/**
	 * May {@code user} act for {@code person} now? A guardianship is preferred to a proxy; among proxies, the one
	 * with the most rights. One query.
	 */
	@Transactional(readOnly = true)
	public Capacity capacity(String user, PersonId person) {
		Instant now = clock.instant();
		Representation best = null;
		Representation closest = null;
		for (Representation each : store.of(user, person)) {
			if (each.statusAt(now) == Representation.Status.ACTIVE) {
				if (best == null || rank(each) > rank(best)) {
					best = each;
				}
			}
			else if (closest == null) {
				closest = each;
			}
		}
		if (best != null) {
			return new Granted(best.capacity());
		}
		if (closest == null) {
			return new Refused("NO_REPRESENTATION", Optional.empty());
		}
		String reason = switch (closest.statusAt(now)) {
			case ENDED_AT_MAJORITY -> "GUARDIANSHIP_ENDED_AT_MAJORITY";
			case REVOKED -> "REPRESENTATION_REVOKED";
			case EXPIRED -> "REPRESENTATION_EXPIRED";
			default -> "REPRESENTATION_NOT_YET_VALID";
		};
		return new Refused(reason, Optional.of(closest.id()));
	}

	private static int rank(Representation representation) {
		int rank = representation.kind() == ActingFor.Kind.GUARDIAN ? 4 : 0;
		return rank + (representation.readRecord() ? 1 : 0) + (representation.manageConsent() ? 2 : 0);
	}

	/**
	 * An administrator records a guardianship an authority appointed for a minor. The date of birth is the one the
	 * appointment states; the guardianship ends at the start of the 18th birthday (UTC). A guardian reads the record
	 * and manages consent.
	 */
	@Transactional
	public Representation appointGuardian(Requester admin, PersonId ward, String guardian, String authorityReference,
			LocalDate wardBirthDate) {
		if (!admin.has(Role.ADMIN) || admin.representing()) {
			throw new Forbidden("Only an administrator records a guardian's appointment", "ADMIN_APPOINTS_GUARDIANS");
		}
		String reference = required(authorityReference, "authorityReference");
		String name = representative(guardian, "guardian");
		Instant now = now();
		if (wardBirthDate == null || wardBirthDate.isAfter(LocalDate.ofInstant(now, ZoneOffset.UTC))) {
			throw new BadInput("wardDateOfBirth", "give the date of birth the appointment states (not in the future)");
		}
		Instant majority = wardBirthDate.plusYears(MAJORITY).atStartOfDay(ZoneOffset.UTC).toInstant();
		if (!majority.isAfter(now)) {
			throw new BadInput("wardDateOfBirth", "the person is " + MAJORITY + " or older: they act for themself");
		}
		requireNoActive(name, ward, now);
		Representation appointed = new Representation(UUID.randomUUID(), ward, name, ActingFor.Kind.GUARDIAN, true,
				true, now, majority, Optional.of(reference), admin.subject(), now, Optional.empty(), Optional.empty());
		store.insert(appointed);
		return appointed;
	}

	/**
	 * The person, acting as themself, authorises {@code proxy} to read their record and/or manage their consent
	 * until {@code validUntil} (at most {@link #MAX_PROXY_PERIOD} from now).
	 */
	@Transactional
	public Representation authoriseProxy(Requester person, PersonId own, String proxy, boolean readRecord,
			boolean manageConsent, Instant validUntil) {
		if (person.representing()) {
			throw new Forbidden("A guardian or proxy cannot authorise further proxies", "REPRESENTATIVE_CANNOT_DELEGATE");
		}
		if (!person.has(Role.MIGRANT) || !person.is(own)) {
			throw new Forbidden("Only the person authorises proxies for their record");
		}
		if (!readRecord && !manageConsent) {
			throw new BadInput("rights", "choose at least one: reading the record, managing consent");
		}
		String name = representative(proxy, "proxy");
		if (name.equalsIgnoreCase(person.subject())) {
			throw new BadInput("proxy", "you cannot be your own proxy");
		}
		Instant now = now();
		if (validUntil == null || !validUntil.isAfter(now)) {
			throw new BadInput("validUntil", "must lie in the future");
		}
		if (validUntil.isAfter(now.plus(MAX_PROXY_PERIOD))) {
			throw new BadInput("validUntil", "a proxy lasts at most " + MAX_PROXY_PERIOD.toDays() + " days");
		}
		requireNoActive(name, own, now);
		Representation authorised = new Representation(UUID.randomUUID(), own, name, ActingFor.Kind.PROXY, readRecord,
				manageConsent, now, validUntil.truncatedTo(ChronoUnit.MICROS), Optional.empty(), person.subject(), now,
				Optional.empty(), Optional.empty());
		store.insert(authorised);
		return authorised;
	}

	/**
	 * Revokes a representation: the person (as themself) revokes their proxies; an administrator revokes a
	 * guardianship (e.g. the authority ended it). It allows nothing from the very next request on.
	 */
	@Transactional
	public Representation revoke(Requester by, UUID id) {
		Representation found = store.lock(id).orElseThrow(() -> new NotFound("No such guardian or proxy"));
		boolean person = !by.representing() && by.has(Role.MIGRANT) && by.is(found.person())
				&& found.kind() == ActingFor.Kind.PROXY;
		boolean admin = !by.representing() && by.has(Role.ADMIN) && found.kind() == ActingFor.Kind.GUARDIAN;
		if (!person && !admin) {
			if (by.has(Role.MIGRANT) && by.is(found.person())) {
				throw new Forbidden(by.representing() ? "A guardian or proxy cannot revoke representations"
						: "An administrator ends a guardianship, on the authority's decision", "REPRESENTATION_REVOKE");
			}
			throw new NotFound("No such guardian or proxy");
		}
		Instant now = now();
		store.revoke(id, now, by.subject());
		return store.lock(id).orElseThrow();
	}

	/** The person's guardians and proxies, newest first (the person, or someone acting for them, asks). */
	@Transactional(readOnly = true)
	public List<Representation> forPerson(PersonId person) {
		return store.forPerson(person);
	}

	/** The persons a user acts or acted for, newest first. */
	@Transactional(readOnly = true)
	public List<Representation> heldBy(String user) {
		return store.byRepresentative(user);
	}

	/**
	 * Tells each person whose guardianship ended at their majority (up to {@code limit} per call): a notification,
	 * in the same transaction as the mark that they were told. Returns what ended, for the caller's audit trail.
	 */
	@Transactional
	public List<Representation> tellComingOfAge(int limit) {
		Instant now = now();
		List<Representation> ended = store.comeOfAgeUntold(now, limit);
		for (Representation each : ended) {
			notifications.tellSystem(each.person(), NotificationKind.GUARDIANSHIP_ENDED, each.id(), now);
			store.told(each, now);
		}
		return ended;
	}

	private void requireNoActive(String representative, PersonId person, Instant now) {
		for (Representation each : store.of(representative, person)) {
			Representation.Status status = each.statusAt(now);
			if (status == Representation.Status.ACTIVE || status == Representation.Status.NOT_YET_VALID) {
				throw new BadInput(each.kind() == ActingFor.Kind.GUARDIAN ? "guardian" : "proxy",
						"this account already acts for the person; revoke that first");
			}
		}
	}

	/** The account's user name as stored, after checking it may represent someone. */
	private String representative(String user, String field) {
		String name = required(user, field);
		GranteeProfile profile = directory.user(name)
			.orElseThrow(() -> new BadInput(field, "no such account"));
		if (profile.roles().stream().anyMatch(NEVER_REPRESENT::contains)
				|| profile.roles().stream().noneMatch(MAY_REPRESENT::contains)) {
			throw new BadInput(field, "only a person's account or a health mediator's can act for someone");
		}
		return profile.grantee().value();
	}

	private static String required(String value, String field) {
		if (value == null || value.isBlank()) {
			throw new BadInput(field, "is required");
		}
		if (value.length() > 200) {
			throw new BadInput(field, "at most 200 characters");
		}
		Text.check(field, value);
		return value.strip();
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}
}
