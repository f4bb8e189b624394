package org.carnet.graphql.consent;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import graphql.GraphQLContext;
import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.consent.Representation;
import org.carnet.consent.Representations;
import org.carnet.core.BadInput;
import org.carnet.core.Forbidden;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.graphql.AuditTrail;
import org.carnet.graphql.RequestScope;
import org.carnet.identity.Accounts;
import org.carnet.record.Person;
import org.carnet.record.Records;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * Guardians and proxies through the API: who may act for the signed-in person, whom the signed-in user may act for,
 * and the changes (a proxy authorised or revoked by the person, a guardianship recorded or ended by an administrator),
 * each with its event (REPRESENTATION_GRANTED or _REVOKED, target {@code guardian:<id>} or {@code proxy:<id>}) in
 * the change's transaction; a refusal is recorded too, about the person, without the name that was typed.
 */
@Controller
class RepresentationController {

	private final Representations representations;

	private final Records records;

	private final Accounts accounts;

	private final AuditTrail audit;

	private final Clock clock;

	RepresentationController(Representations representations, Records records, Accounts accounts, AuditTrail audit,
			Optional<Clock> clock) {
		this.representations = representations;
		this.records = records;
		this.accounts = accounts;
		this.audit = audit;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/** {@code AuthoriseProxyInput}. */
	record AuthoriseProxyInput(String proxy, List<Right> rights, OffsetDateTime validUntil) {
	}

	/** {@code AppointGuardianInput}. */
	record AppointGuardianInput(String personId, String guardian, String authorityReference,
			LocalDate wardDateOfBirth) {
	}

	/** {@code RepresentationRight}. */
	enum Right {
		READ_RECORD, MANAGE_CONSENT
	}

	@QueryMapping
	List<Representation> myRepresentatives(GraphQLContext context) {
		PersonId own = RequestScope.of(context).ownRecord("Only a person has guardians or proxies");
		return representations.forPerson(own);
	}

	@QueryMapping
	List<Representation> myRepresentations(GraphQLContext context) {
		Requester requester = RequestScope.of(context).requester();
		if (requester.representing()) {
			throw new Forbidden("Acting for someone, you see only what concerns them", "REPRESENTATION_SCOPE");
		}
		return representations.heldBy(requester.subject());
	}

	@MutationMapping
	Representation authoriseProxy(@Argument AuthoriseProxyInput input, GraphQLContext context) {
		RequestScope scope = RequestScope.of(context);
		Requester requester = scope.requester();
		// no target from the typed name: people type anything into a name field, and the ledger keeps it forever
		AccessEvent refusal = AccessEvent.of(requester, AccessAction.REPRESENTATION_GRANTED, AccessOutcome.DENIED);
		Person person;
		try {
			PersonId own = scope.ownRecord("Only the person authorises proxies for their record");
			person = records.find(own).orElseThrow(() -> new NotFound("Your record no longer exists"));
		}
		catch (Forbidden | NotFound ex) {
			audit.refused(scope, scope.operation("authoriseProxy"), refusal);
			throw ex;
		}
		List<Right> rights = input.rights() == null ? List.of() : input.rights();
		return granted(scope, "authoriseProxy", refusal, person,
				() -> representations.authoriseProxy(requester, person.id(), input.proxy(),
						rights.contains(Right.READ_RECORD), rights.contains(Right.MANAGE_CONSENT),
						input.validUntil() == null ? null : input.validUntil().toInstant()));
	}

	@MutationMapping
	Representation appointGuardian(@Argument AppointGuardianInput input, GraphQLContext context) {
		RequestScope scope = RequestScope.of(context);
		Requester requester = scope.requester();
		AccessEvent refusal = AccessEvent.of(requester, AccessAction.REPRESENTATION_GRANTED, AccessOutcome.DENIED);
		Person ward = records.find(PersonId.parse(input.personId(), "input.personId")).orElse(null);
		if (!requester.has(Role.ADMIN) || requester.representing()) {
			audit.refused(scope, scope.operation("appointGuardian"),
					ward == null ? refusal : refusal.about(ward.id(), ward.homeJurisdiction()));
			throw new Forbidden("Only an administrator records a guardian's appointment", "ADMIN_APPOINTS_GUARDIANS");
		}
		if (ward == null) {
			throw new NotFound("No person has this id");
		}
		return granted(scope, "appointGuardian", refusal, ward, () -> representations.appointGuardian(requester,
				ward.id(), input.guardian(), input.authorityReference(), input.wardDateOfBirth()));
	}

	/**
	 * A guardianship or proxy made by {@code change}, with its REPRESENTATION_GRANTED event in the same transaction;
	 * a refusal (wrong role, bad input) is recorded about the person.
	 */
	private Representation granted(RequestScope scope, String field, AccessEvent refusal, Person person,
			java.util.function.Supplier<Representation> change) {
		AccessEvent refused = refusal.about(person.id(), person.homeJurisdiction());
		try {
			return audit.change(scope, scope.operation(field), AccessAction.REPRESENTATION_GRANTED, refused, change,
					made -> changed(scope.requester(), AccessAction.REPRESENTATION_GRANTED, made, person));
		}
		catch (BadInput ex) {
			audit.refused(scope, scope.operation(field), refused);
			throw ex;
		}
	}

	@MutationMapping
	Representation revokeRepresentation(@Argument String id, GraphQLContext context) {
		RequestScope scope = RequestScope.of(context);
		Requester requester = scope.requester();
		UUID representation = parse(id);
		return audit.change(scope, scope.operation("revokeRepresentation"), AccessAction.REPRESENTATION_REVOKED,
				AccessEvent.of(requester, AccessAction.REPRESENTATION_REVOKED, AccessOutcome.DENIED)
					.withTarget("representation:" + representation),
				() -> representations.revoke(requester, representation),
				revoked -> changed(requester, AccessAction.REPRESENTATION_REVOKED, revoked,
						records.find(revoked.person()).orElseThrow(() -> new NotFound("No person has this id"))));
	}

	@SchemaMapping(typeName = "Representation", field = "rights")
	List<Right> rights(Representation representation) {
		List<Right> rights = new ArrayList<>(2);
		if (representation.readRecord()) {
			rights.add(Right.READ_RECORD);
		}
		if (representation.manageConsent()) {
			rights.add(Right.MANAGE_CONSENT);
		}
		return rights;
	}

	@SchemaMapping(typeName = "Representation", field = "status")
	Representation.Status status(Representation representation) {
		return representation.statusAt(clock.instant());
	}

	@SchemaMapping(typeName = "Representation", field = "personId")
	String personId(Representation representation) {
		return representation.person().toString();
	}

	/** The PHR numbers of a list's persons, in one look-up (absent: the record no longer exists). */
	@BatchMapping(typeName = "Representation", field = "phrNumber")
	Map<Representation, String> phrNumber(List<Representation> representations) {
		Map<PersonId, String> numbers = new HashMap<>();
		records.findAll(representations.stream().map(Representation::person).distinct().toList())
			.forEach(person -> numbers.put(person.id(), person.phrNumber().toString()));
		Map<Representation, String> answer = new LinkedHashMap<>();
		for (Representation representation : representations) {
			String number = numbers.get(representation.person());
			if (number != null) {
				answer.put(representation, number);
			}
		}
		return answer;
	}

	@SchemaMapping(typeName = "Representation", field = "representativeName")
	String representativeName(Representation representation) {
		return accounts.displayName(representation.representative()).orElse(null);
	}

	private static AccessEvent changed(Requester requester, AccessAction action, Representation representation,
			Person person) {
		return AccessEvent.of(requester, action, AccessOutcome.SUCCESS)
			.about(person.id(), person.homeJurisdiction())
			.withTarget(representation.capacity().label());
	}

	private static UUID parse(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new BadInput("id", "is not a guardian's or proxy's id");
		}
	}
}
