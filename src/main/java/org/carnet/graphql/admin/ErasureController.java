package org.carnet.graphql.admin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import graphql.GraphQLContext;
import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.core.BadInput;
import org.carnet.core.Forbidden;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.graphql.AuditTrail;
import org.carnet.graphql.RequestScope;
import org.carnet.record.ErasureRequest;
import org.carnet.record.ErasureRequests;
import org.carnet.record.Person;
import org.carnet.record.Records;
import org.carnet.record.Tombstone;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * The right to erasure: the record and its data key go in one audited transaction, with what the other modules hold
 * for the person (they react to {@code PersonErased}: grants, requests and share codes, the account); then the KEK
 * version that wrapped the key is retired ({@link Records#retireKeyVersion}), so that a backup taken before
 * cannot be decrypted with the keys that remain.
 * <p>
 * Who may: the person, directly. An administrator only with the id of the person's recorded request
 * ({@code requestErasure}), or by approving another administrator's proposal ({@code proposeErasure},
 * {@code approveErasure}); never their own proposal, never on free text. Every refusal is audited, naming the
 * person when the person exists.
 */
@Controller
class ErasureController {

	private final Records records;

	private final ErasureRequests erasures;

	private final AuditTrail audit;

	ErasureController(Records records, ErasureRequests erasures, AuditTrail audit) {
		this.records = records;
		this.erasures = erasures;
		this.audit = audit;
	}

	/** {@code ErasureReceipt}: the tombstone, and whether the keys that could open older copies are retired. */
	record ErasureReceipt(String personId, String phrNumber, Instant erasedAt, String erasedBy,
			String requestReference, boolean keysRetired) {

		ErasureReceipt(Tombstone tombstone, boolean keysRetired) {
			this(tombstone.person().toString(), tombstone.phrNumber().value(), tombstone.erasedAt(),
					tombstone.erasedBy(), tombstone.requestReference().orElse(null), keysRetired);
		}
	}

	@MutationMapping
	ErasureReceipt erasePerson(@Argument String id, @Argument String requestReference, GraphQLContext context) {
		RequestScope scope = RequestScope.of(context);
		String operation = scope.operation("erasePerson");
		Requester requester = scope.requester();
		PersonId person = PersonId.parse(id, "id");
		// a guardian or proxy acting for the person never erases the record
		boolean self = requester.has(Role.MIGRANT) && requester.is(person) && !requester.representing();
		if (self) {
			return erase(scope, operation, person, Optional.empty());
		}
		ErasureRequest authorisation = refusedAudited(scope, operation, person, () -> {
			if (!requester.has(Role.ADMIN)) {
				throw new Forbidden("Only the person, or an administrator acting on the person's recorded request "
						+ "or on another administrator's approved proposal, erases a record");
			}
			return erasures.authorise(requester, person, requestReference);
		});
		return erase(scope, operation, person, Optional.of(authorisation));
	}

	@MutationMapping
	ErasureReceipt approveErasure(@Argument String id, GraphQLContext context) {
		RequestScope scope = RequestScope.of(context);
		String operation = scope.operation("approveErasure");
		Requester requester = scope.requester();
		UUID reference = ErasureRequests.parse(id, "id");
		// looked up for every caller so that a refusal names the person; a non-administrator learns nothing from it
		Optional<ErasureRequest> found = erasures.find(reference);
		PersonId person = found.map(ErasureRequest::person).orElse(null);
		ErasureRequest authorisation = refusedAudited(scope, operation, person, () -> {
			if (!requester.has(Role.ADMIN)) {
				throw new Forbidden("Only an administrator approves an erasure");
			}
			if (found.isEmpty()) {
				throw new NotFound("No erasure request or proposal has this id");
			}
			return erasures.authorise(requester, found.get().person(), reference.toString());
		});
		return erase(scope, operation, authorisation.person(), Optional.of(authorisation));
	}

	@MutationMapping
	ErasureRequest requestErasure(@Argument String reason, GraphQLContext context) {
		RequestScope scope = RequestScope.of(context);
		Requester requester = scope.requester();
		PersonId own = scope.ownRecord("Only the person asks for their own record to be erased");
		Person person = records.find(own).orElseThrow(() -> new NotFound("Your record no longer exists"));
		return audit.change(scope, scope.operation("requestErasure"), AccessAction.ERASURE_REQUESTED,
				() -> erasures.request(requester, own, reason),
				request -> AccessEvent.of(requester, AccessAction.ERASURE_REQUESTED, AccessOutcome.SUCCESS)
					.about(own, person.homeJurisdiction()));
	}

	@MutationMapping
	ErasureRequest proposeErasure(@Argument String personId, @Argument String reason, GraphQLContext context) {
		RequestScope scope = RequestScope.of(context);
		String operation = scope.operation("proposeErasure");
		Requester requester = scope.requester();
		PersonId id = PersonId.parse(personId, "personId");
		Optional<Person> person = records.find(id);
		return refusedAudited(scope, operation, person.map(Person::id).orElse(null), () -> {
			if (!requester.has(Role.ADMIN)) {
				throw new Forbidden("Only an administrator proposes an erasure");
			}
			Person found = person.orElseThrow(() -> new NotFound("No person has this id"));
			return audit.change(scope, operation, AccessAction.ERASURE_PROPOSED,
					() -> erasures.propose(requester, id, reason),
					proposal -> AccessEvent.of(requester, AccessAction.ERASURE_PROPOSED, AccessOutcome.SUCCESS)
						.about(id, found.homeJurisdiction()));
		});
	}

	@QueryMapping
	List<ErasureRequest> pendingErasures(GraphQLContext context) {
		return erasures.pending(RequestScope.of(context).requester());
	}

	@SchemaMapping(typeName = "ErasureRequest", field = "personId")
	String requestPerson(ErasureRequest request) {
		return request.person().toString();
	}

	@SchemaMapping(typeName = "ErasureRequest", field = "status")
	ErasureRequest.Status requestStatus(ErasureRequest request) {
		return erasures.statusNow(request);
	}

	@SchemaMapping(typeName = "ErasureRequest", field = "reason")
	String requestReason(ErasureRequest request) {
		return request.reason().orElse(null);
	}

	@SchemaMapping(typeName = "ErasureRequest", field = "carriedOutBy")
	String carriedOutBy(ErasureRequest request) {
		return request.carriedOutBy().orElse(null);
	}

	@SchemaMapping(typeName = "ErasureRequest", field = "carriedOutAt")
	Instant carriedOutAt(ErasureRequest request) {
		return request.carriedOutAt().orElse(null);
	}

	/**
	 * Runs {@code check}; a refusal is recorded as a DENIED erasure event about the person (when the person exists)
	 * and passed on.
	 */
	private <T> T refusedAudited(RequestScope scope, String operation, PersonId person,
			java.util.function.Supplier<T> check) {
		try {
			return check.get();
		}
		catch (BadInput | Forbidden | NotFound ex) {
			AccessEvent denied = AccessEvent.of(scope.requester(), AccessAction.ERASURE, AccessOutcome.DENIED);
			Optional<Person> found = person == null ? Optional.empty() : records.find(person);
			audit.refused(scope, operation,
					found.map(p -> denied.about(p.id(), p.homeJurisdiction())).orElse(denied));
			throw ex;
		}
	}

	private ErasureReceipt erase(RequestScope scope, String operation, PersonId person,
			Optional<ErasureRequest> authorisation) {
		Requester requester = scope.requester();
		Tombstone tombstone = audit.change(scope, operation, AccessAction.ERASURE,
				AccessEvent.of(requester, AccessAction.ERASURE, AccessOutcome.DENIED).about(person, null), () -> {
			ErasureRequest locked = authorisation
				.map(request -> erasures.authorise(requester, person, request.id().toString()))
				.orElse(null);
			Tombstone erased = records.erase(person, requester.subject(),
					Optional.ofNullable(locked).map(request -> request.id().toString()));
			if (locked != null) {
				erasures.carriedOut(locked, requester);
			}
			return erased;
		}, erased -> AccessEvent.of(requester, AccessAction.ERASURE, AccessOutcome.SUCCESS)
			.about(person, erased.homeJurisdiction()));
		return new ErasureReceipt(tombstone, records.retireKeyVersion(tombstone));
	}
}
