package org.carnet.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

import org.carnet.core.ActingFor;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;

/**
 * One access to Carnet, as the ledger records it: who did what to whose record, when, from where, why, under which
 * grants, and what was served or withheld. Never a health value and never a person's name.
 * <p>
 * Callers build a <em>draft</em> with {@link #of(Requester, AccessAction, AccessOutcome)} and the {@code with...}
 * methods, and hand it to {@link Ledger}; the ledger returns the appended event with its place in the chain. A draft
 * has {@code sequence} 0 and no hashes.
 *
 * @param sequence position in the whole ledger (from 1; may have gaps where a transaction rolled back), 0 for a draft
 * @param stream the hash chain the event belongs to (persons are spread over streams; events without a person go
 * to stream 0)
 * @param streamSequence position in its stream: 1, 2, 3... without gaps
 * @param previousHash the hash of the stream's previous event (64 zeros for the first one)
 * @param hash SHA-256 (lowercase hex) of the event's canonical encoding, see {@link CanonicalEncoding}
 * @param time when the access happened, to the microsecond
 * @param requesterSubject the user name or client id of the requester
 * @param requesterRoles the requester's roles from the token
 * @param requesterOrganisation the requester's organisation id, absent for migrants
 * @param requesterJurisdiction the country the requester acted from, when the token carries one
 * @param clientId the OAuth2 client the request came through
 * @param personId the person whose record was touched, absent for logins and system events
 * @param homeJurisdiction where that person's record resides
 * @param crossBorder true when the requester acted from a country other than the record's home country
 * @param purpose the purpose of use the requester stated
 * @param categoriesServed the consent categories whose data left the server (or was written)
 * @param categoriesWithheld the categories asked for and refused
 * @param grantIds the consent grants the decision relied on
 * @param breakGlassJustification the clinician's justification of an emergency access
 * @param operationName the GraphQL operation (or other entry point) that caused the access
 * @param requestId the id of the request, to correlate with logs
 * @param target what an administrative or security change was aimed at, as a typed id ({@code user:<user name>},
 * {@code organisation:<id>}, {@code client:<client id>}, {@code kek:<country code>}); for a grant, an approved request
 * or a mediator's proposal, the grantee ({@code user:}, {@code organisation:} or {@code clinicians-in:<country
 * code>}); for a person's statistics agreement, {@code statistics:PUBLIC_HEALTH}; absent otherwise; never a display
 * name
 * @param count how many attempts one summarising event stands for (e.g. look-ups in one request that found nobody),
 * absent for a single access
 * @param actingFor the capacity in which the requester acted for the person, when not as themself:
 * {@code guardian:<representation id>} or {@code proxy:<representation id>}; the requester is then the guardian or
 * proxy and {@code personId} the person acted for
 * @param reason why the access was refused, when the withheld categories do not already say it (a constant name)
 */
public record AccessEvent(long sequence, int stream, long streamSequence, String previousHash, String hash,
		Instant time, AccessAction action, AccessOutcome outcome, String requesterSubject, Set<Role> requesterRoles,
		String requesterOrganisation, Jurisdiction requesterJurisdiction, String clientId, PersonId personId,
		Jurisdiction homeJurisdiction, boolean crossBorder, Purpose purpose, Set<Category> categoriesServed,
		Set<Category> categoriesWithheld, Set<UUID> grantIds, String breakGlassJustification, String operationName,
		String requestId, String target, Integer count, String actingFor, String reason) {

	public AccessEvent {
		if (count != null && count < 0) {
			throw new IllegalArgumentException("count must not be negative");
		}
		Objects.requireNonNull(time, "time");
		Objects.requireNonNull(action, "action");
		Objects.requireNonNull(outcome, "outcome");
		// PostgreSQL keeps microseconds: the hash must cover exactly what is stored
		time = time.truncatedTo(ChronoUnit.MICROS);
		requesterRoles = sorted(requesterRoles);
		categoriesServed = sorted(categoriesServed);
		categoriesWithheld = sorted(categoriesWithheld);
		grantIds = sorted(grantIds);
	}

	/** A draft of an access by {@code requester}: subject, roles, organisation, jurisdiction and client from its token. */
	public static AccessEvent of(Requester requester, AccessAction action, AccessOutcome outcome) {
		return new AccessEvent(0, 0, 0, null, null, Instant.now(), action, outcome, requester.subject(),
				requester.roles(), requester.organisation().orElse(null), requester.jurisdiction().orElse(null),
				requester.clientId(), null, null, false, null, Set.of(), Set.of(), Set.of(), null, null, null, null, null,
				requester.actingFor().map(ActingFor::label).orElse(null), null);
	}

	/**
	 * A draft for an actor that is not (yet) an authenticated requester: a failed login, or Carnet itself
	 * ({@code subject} "carnet") for a system task. For a failed login, pass the name that was tried only when it names
	 * an existing account: people type passwords into the name field.
	 */
	public static AccessEvent bySubject(String subject, String clientId, AccessAction action, AccessOutcome outcome) {
		return new AccessEvent(0, 0, 0, null, null, Instant.now(), action, outcome, subject, Set.of(), null, null,
				clientId, null, null, false, null, Set.of(), Set.of(), Set.of(), null, null, null, null, null, null, null);
	}

	/** The person whose record was touched; sets {@link #crossBorder()} from the requester's and the home country. */
	public AccessEvent about(PersonId person, Jurisdiction home) {
		return new AccessEvent(sequence, stream, streamSequence, previousHash, hash, time, action, outcome,
				requesterSubject, requesterRoles, requesterOrganisation, requesterJurisdiction, clientId,
				Objects.requireNonNull(person, "person"), home, crossBorder(requesterJurisdiction, home), purpose,
				categoriesServed, categoriesWithheld, grantIds, breakGlassJustification, operationName, requestId, target, count,
				actingFor, reason);
	}

	public AccessEvent withPurpose(Purpose purpose) {
		return new AccessEvent(sequence, stream, streamSequence, previousHash, hash, time, action, outcome,
				requesterSubject, requesterRoles, requesterOrganisation, requesterJurisdiction, clientId, personId,
				homeJurisdiction, crossBorder, purpose, categoriesServed, categoriesWithheld, grantIds,
				breakGlassJustification, operationName, requestId, target, count, actingFor, reason);
	}

	/** The categories served (read or written) and those withheld. */
	public AccessEvent withCategories(Collection<Category> served, Collection<Category> withheld) {
		return new AccessEvent(sequence, stream, streamSequence, previousHash, hash, time, action, outcome,
				requesterSubject, requesterRoles, requesterOrganisation, requesterJurisdiction, clientId, personId,
				homeJurisdiction, crossBorder, purpose, Set.copyOf(served), Set.copyOf(withheld), grantIds,
				breakGlassJustification, operationName, requestId, target, count, actingFor, reason);
	}

	public AccessEvent withGrants(Collection<UUID> grantIds) {
		return new AccessEvent(sequence, stream, streamSequence, previousHash, hash, time, action, outcome,
				requesterSubject, requesterRoles, requesterOrganisation, requesterJurisdiction, clientId, personId,
				homeJurisdiction, crossBorder, purpose, categoriesServed, categoriesWithheld, Set.copyOf(grantIds),
				breakGlassJustification, operationName, requestId, target, count, actingFor, reason);
	}

	public AccessEvent withBreakGlassJustification(String justification) {
		return new AccessEvent(sequence, stream, streamSequence, previousHash, hash, time, action, outcome,
				requesterSubject, requesterRoles, requesterOrganisation, requesterJurisdiction, clientId, personId,
				homeJurisdiction, crossBorder, purpose, categoriesServed, categoriesWithheld, grantIds, justification,
				operationName, requestId, target, count, actingFor, reason);
	}

	/** A user account as the target of a change: {@code user:<user name>}. */
	public static String userTarget(String username) {
		return "user:" + username;
	}

	/** An organisation as the target of a change: {@code organisation:<id>}. */
	public static String organisationTarget(String id) {
		return "organisation:" + id;
	}

	/** An OAuth2 client as the target of a change: {@code client:<client id>}. */
	public static String clientTarget(String clientId) {
		return "client:" + clientId;
	}

	/**
	 * Any clinician acting from a country, as the grantee a grant or a proposal is aimed at:
	 * {@code clinicians-in:<country code>}.
	 */
	public static String cliniciansInTarget(Jurisdiction jurisdiction) {
		return "clinicians-in:" + jurisdiction.code();
	}

	/**
	 * Public-health statistics as what a person's statistics agreement is given to or withdrawn from:
	 * {@code statistics:PUBLIC_HEALTH}.
	 */
	public static String statisticsTarget() {
		return "statistics:" + Purpose.PUBLIC_HEALTH.name();
	}

	/** A jurisdiction's key-encryption key as the target of a change: {@code kek:<country code>}. */
	public static String keyTarget(Jurisdiction jurisdiction) {
		return "kek:" + jurisdiction.code();
	}

	/** What an administrative or security change was aimed at (see the {@code ...Target} factories). */
	public AccessEvent withTarget(String target) {
		return new AccessEvent(sequence, stream, streamSequence, previousHash, hash, time, action, outcome,
				requesterSubject, requesterRoles, requesterOrganisation, requesterJurisdiction, clientId, personId,
				homeJurisdiction, crossBorder, purpose, categoriesServed, categoriesWithheld, grantIds,
				breakGlassJustification, operationName, requestId, target, count, actingFor, reason);
	}

	/**
	 * Why the access was refused, as a constant a reader can look up (e.g. {@code GUARDIANSHIP_ENDED_AT_MAJORITY}),
	 * for refusals whose reason is not already told by the withheld categories.
	 */
	public AccessEvent withReason(String reason) {
		return new AccessEvent(sequence, stream, streamSequence, previousHash, hash, time, action, outcome,
				requesterSubject, requesterRoles, requesterOrganisation, requesterJurisdiction, clientId, personId,
				homeJurisdiction, crossBorder, purpose, categoriesServed, categoriesWithheld, grantIds,
				breakGlassJustification, operationName, requestId, target, count, actingFor, reason);
	}

	/** How many attempts this one event summarises. */
	public AccessEvent withCount(int count) {
		return new AccessEvent(sequence, stream, streamSequence, previousHash, hash, time, action, outcome,
				requesterSubject, requesterRoles, requesterOrganisation, requesterJurisdiction, clientId, personId,
				homeJurisdiction, crossBorder, purpose, categoriesServed, categoriesWithheld, grantIds,
				breakGlassJustification, operationName, requestId, target, count, actingFor, reason);
	}

	/** The entry point (e.g. the GraphQL operation name) and the request id. */
	public AccessEvent withOperation(String operationName, String requestId) {
		return new AccessEvent(sequence, stream, streamSequence, previousHash, hash, time, action, outcome,
				requesterSubject, requesterRoles, requesterOrganisation, requesterJurisdiction, clientId, personId,
				homeJurisdiction, crossBorder, purpose, categoriesServed, categoriesWithheld, grantIds,
				breakGlassJustification, operationName, requestId, target, count, actingFor, reason);
	}

	public AccessEvent withOutcome(AccessOutcome outcome) {
		return new AccessEvent(sequence, stream, streamSequence, previousHash, hash, time, action, outcome,
				requesterSubject, requesterRoles, requesterOrganisation, requesterJurisdiction, clientId, personId,
				homeJurisdiction, crossBorder, purpose, categoriesServed, categoriesWithheld, grantIds,
				breakGlassJustification, operationName, requestId, target, count, actingFor, reason);
	}

	/** When the access happened, if not now (e.g. the start of a long request). */
	public AccessEvent at(Instant time) {
		return new AccessEvent(sequence, stream, streamSequence, previousHash, hash, time, action, outcome,
				requesterSubject, requesterRoles, requesterOrganisation, requesterJurisdiction, clientId, personId,
				homeJurisdiction, crossBorder, purpose, categoriesServed, categoriesWithheld, grantIds,
				breakGlassJustification, operationName, requestId, target, count, actingFor, reason);
	}

	/** True once the ledger has appended the event (it then has a sequence and a hash). */
	public boolean appended() {
		return sequence > 0;
	}

	/** An emergency access: break-glass, or anything done for the EMERGENCY purpose. */
	public boolean emergency() {
		return action == AccessAction.BREAK_GLASS || purpose == Purpose.EMERGENCY;
	}

	/** Cross-border: the requester acted from a known country other than the record's home country. */
	static boolean crossBorder(Jurisdiction requester, Jurisdiction home) {
		return requester != null && home != null && !requester.equals(home);
	}

	/** The event at its place in a stream, with its hash computed over the canonical encoding. */
	AccessEvent appendedAs(long sequence, int stream, long streamSequence, String previousHash) {
		AccessEvent placed = new AccessEvent(sequence, stream, streamSequence, previousHash, null, time, action,
				outcome, requesterSubject, requesterRoles, requesterOrganisation, requesterJurisdiction, clientId,
				personId, homeJurisdiction, crossBorder, purpose, categoriesServed, categoriesWithheld, grantIds,
				breakGlassJustification, operationName, requestId, target, count, actingFor, reason);
		return placed.withHash(CanonicalEncoding.hash(placed));
	}

	private AccessEvent withHash(String hash) {
		return new AccessEvent(sequence, stream, streamSequence, previousHash, hash, time, action, outcome,
				requesterSubject, requesterRoles, requesterOrganisation, requesterJurisdiction, clientId, personId,
				homeJurisdiction, crossBorder, purpose, categoriesServed, categoriesWithheld, grantIds,
				breakGlassJustification, operationName, requestId, target, count, actingFor, reason);
	}

	private static <T extends Comparable<? super T>> Set<T> sorted(Collection<T> values) {
		if (values == null || values.isEmpty()) {
			return Collections.emptySortedSet();
		}
		SortedSet<T> copy = new TreeSet<>();
		for (T value : values) {
			copy.add(Objects.requireNonNull(value, "set element"));
		}
		return Collections.unmodifiableSortedSet(copy);
	}
}
