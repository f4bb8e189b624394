package org.carnet.graphql;

import java.util.List;
import java.util.Optional;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.consent.Representations;
import org.carnet.core.BadInput;
import org.carnet.core.Forbidden;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.record.Person;
import org.carnet.record.Records;
import graphql.schema.DataFetcher;

import org.springframework.stereotype.Component;

/**
 * A request to act for another person, as its guardian or proxy: the header {@value #HEADER} names the person's
 * record. Checked once, before anything runs: the user (acting as themself, a person's or a mediator's account) must
 * hold an active guardianship or proxy authorisation for that person now; the request then runs as
 * {@link Requester#actingFor} in the person's place, within the representation's rights. Otherwise the whole request
 * is refused, and the refusal is recorded (ACTING_FOR_REFUSED, about the person when the record exists, with the
 * reason, e.g. GUARDIANSHIP_ENDED_AT_MAJORITY), so that a guardian whose ward came of age, or a revoked proxy, gets
 * a clear FORBIDDEN at the very next request.
 */
@Component
public class ActingForRequests {

	/** The HTTP header (and in-process request header) naming the person acted for, by record id. */
	public static final String HEADER = "Carnet-Acting-For";

	/** Root fields a guardian or proxy may ask for, acting for the person; anything else is refused. */
	private static final List<String> READ_FIELDS = List.of("me", "myRecord", "person",
			"myAccessLog", "myConsents", "myConsentRequests", "myNotifications", "myRepresentatives",
			"myStatisticsConsent", "grantees", "__typename", "__schema", "__type");

	private static final List<String> CONSENT_FIELDS = List.of("grantConsent", "revokeConsent", "answerConsentRequest",
			"createShareCode", "setBreakGlassOptOut", "markNotificationRead", "setStatisticsConsent");

	private final Representations representations;

	private final Records records;

	private final AuditTrail audit;

	ActingForRequests(Representations representations, Records records, AuditTrail audit) {
		this.representations = representations;
		this.records = records;
		this.audit = audit;
	}

	/**
	 * The requester of a request: {@code user} as themself without the header, else {@code user} acting for the
	 * person it names.
	 *
	 * @throws Forbidden when the user may not act for that person now (recorded)
	 * @throws BadInput when the header is not a record id
	 */
	public Requester resolve(Requester user, String header, String requestId, String operation) {
		if (header == null) {
			return user;
		}
		PersonId person = PersonId.parse(header.strip(), HEADER);
		if (user.representing() || !(user.has(Role.MIGRANT) || user.has(Role.MEDIATOR))
				|| user.has(Role.CLINICIAN) || user.has(Role.ADMIN) || user.has(Role.AUDITOR)
				|| user.has(Role.PUBLIC_HEALTH_ANALYST) || user.is(person)) {
			return refuse(user, person, "ROLE_NEVER_REPRESENTS", requestId, operation,
					"Only a person's or a health mediator's account acts for someone else");
		}
		Representations.Capacity capacity = representations.capacity(user.subject(), person);
		if (capacity instanceof Representations.Granted granted) {
			return user.actingFor(granted.capacity());
		}
		Representations.Refused refused = (Representations.Refused) capacity;
		return refuse(user, person, refused.reason(), requestId, operation, switch (refused.reason()) {
			case "GUARDIANSHIP_ENDED_AT_MAJORITY" -> "Your guardianship ended on the person's 18th birthday: they now "
					+ "act for themself";
			case "REPRESENTATION_REVOKED" -> "Your authorisation to act for this person was revoked";
			case "REPRESENTATION_EXPIRED" -> "Your authorisation to act for this person has expired";
			case "REPRESENTATION_NOT_YET_VALID" -> "Your authorisation to act for this person is not valid yet";
			default -> "You may not act for this person";
		});
	}

	private Requester refuse(Requester user, PersonId person, String reason, String requestId, String operation,
			String message) {
		AccessEvent refusal = AccessEvent.of(user, AccessAction.ACTING_FOR_REFUSED, AccessOutcome.DENIED)
			.withReason(reason);
		Optional<Person> found = records.find(person);
		if (found.isPresent()) {
			refusal = refusal.about(found.get().id(), found.get().homeJurisdiction());
		}
		audit.refused(new RequestScope(user, requestId, operation), operation == null ? "actingFor" : operation,
				refusal);
		throw new Forbidden(message, reason);
	}

	/**
	 * The fetcher of a root field, refusing it (FORBIDDEN, reason REPRESENTATION_SCOPE, recorded as a DENIED event
	 * about the person) when the requester acts for someone and {@link #allows} says no, or asks for {@code person}
	 * of anyone but the person acted for.
	 */
	DataFetcher<?> guard(DataFetcher<?> fetcher, String rootField, boolean mutation) {
		return env -> {
			RequestScope scope = RequestScope.of(env.getGraphQlContext());
			Requester requester = scope.requester();
			if (allows(requester, rootField) && (!requester.representing() || !rootField.equals("person")
					|| isActedFor(requester, env.getArgument("id")))) {
				return fetcher.get(env);
			}
			AccessAction action = mutation ? Optional.ofNullable(RefusedMutations.action(rootField))
				.orElse(AccessAction.DENIED) : AccessAction.DENIED;
			AccessEvent refusal = AccessEvent.of(requester, action, AccessOutcome.DENIED)
				.withReason("REPRESENTATION_SCOPE");
			Optional<Person> person = requester.personId().flatMap(records::find);
			if (person.isPresent()) {
				refusal = refusal.about(person.get().id(), person.get().homeJurisdiction());
			}
			audit.refused(scope, scope.operation(rootField), refusal);
			throw new Forbidden("Acting for someone, you may read their record and manage their consent as your "
					+ "authorisation allows; not this", "REPRESENTATION_SCOPE");
		};
	}

	private static boolean isActedFor(Requester requester, Object id) {
		return id != null && requester.personId()
			.map(own -> own.value().toString().equalsIgnoreCase(id.toString()))
			.orElse(false);
	}

	/**
	 * Whether a requester may ask for this root field: always as themself; acting for someone, only the person's
	 * reads, and consent changes when the representation covers them. Erasure, entries, proxies and everything added
	 * later stay refused until listed here.
	 */
	public static boolean allows(Requester requester, String rootField) {
		if (!requester.representing()) {
			return true;
		}
		return READ_FIELDS.contains(rootField) || (CONSENT_FIELDS.contains(rootField) && requester.mayManageConsent());
	}
}
