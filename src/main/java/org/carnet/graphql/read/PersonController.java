package org.carnet.graphql.read;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.LightDataFetcher;
import graphql.schema.idl.RuntimeWiring;
import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.core.BadInput;
import org.carnet.core.Forbidden;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.graphql.AuditTrail;
import org.carnet.graphql.ErrorType;
import org.carnet.graphql.RequestScope;
import org.carnet.record.Person;
import org.carnet.record.Records;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Controller;

/**
 * The look-ups of persons' records ({@code person}, {@code personByPhrNumber}, {@code persons}, {@code myRecord}):
 * finds the persons, refuses roles that never read records, records the look-up for the audit, and takes the consent
 * decisions of all the persons found at once (one grant look-up). The health fields are then answered by the
 * {@link ConsentGate} and the {@link SectionLoader}; the purpose travels to them as the person's local context.
 */
@Controller
class PersonController implements RuntimeWiringConfigurer {

	/** The most persons one list read may name. */
	static final int MAX_LIST = 100;

	private final Records records;

	private final AuditTrail audit;

	PersonController(Records records, AuditTrail audit) {
		this.records = records;
		this.audit = audit;
	}

	@QueryMapping
	DataFetcherResult<Person> person(@Argument String id, @Argument Purpose purpose,
			@ContextValue RequestScope requestScope, @ContextValue ReadDecisions readDecisions,
			@ContextValue ReadAudit readAudit) {
		PersonId person = PersonId.parse(id, "id");
		return readable(new Read(requestScope, readDecisions, readAudit), () -> records.find(person),
				() -> notFound(person), purpose);
	}

	@QueryMapping
	DataFetcherResult<Person> personByPhrNumber(@Argument String phrNumber, @Argument Purpose purpose,
			@ContextValue RequestScope requestScope, @ContextValue ReadDecisions readDecisions,
			@ContextValue ReadAudit readAudit) {
		PhrNumber number = PhrNumber.parse(phrNumber);
		return readable(new Read(requestScope, readDecisions, readAudit), () -> records.findByPhrNumber(number),
				() -> new NotFound("No person has this id or PHR number"), purpose);
	}

	@QueryMapping
	DataFetcherResult<Person> myRecord(@ContextValue RequestScope requestScope,
			@ContextValue ReadDecisions readDecisions) {
		PersonId own = requestScope.ownRecord("Only a person with a record has their own record");
		Person person = records.find(own).orElseThrow(() -> notFound(own));
		readDecisions.decide(List.of(person), Purpose.TREATMENT);
		return DataFetcherResult.<Person>newResult().data(person).localContext(Purpose.TREATMENT).build();
	}

	/**
	 * Several persons' records in one request, in the order asked; an unknown id answers null (with a NOT_FOUND
	 * error at its place). The same rules as {@code person} hold for each person.
	 */
	@QueryMapping
	DataFetcherResult<List<Person>> persons(@Argument List<String> ids, @Argument Purpose purpose,
			@ContextValue RequestScope requestScope, @ContextValue ReadDecisions readDecisions,
			@ContextValue ReadAudit readAudit, DataFetchingEnvironment env) {
		if (ids.size() > MAX_LIST) {
			throw new BadInput("ids", "name at most " + MAX_LIST + " persons per request");
		}
		Read read = new Read(requestScope, readDecisions, readAudit);
		refuseRoleBeforeLookUp(read, purpose);
		List<PersonId> wanted = new ArrayList<>(ids.size());
		for (String id : ids) {
			wanted.add(PersonId.parse(id, "ids"));
		}
		Set<PersonId> distinct = new LinkedHashSet<>(wanted);
		Map<PersonId, Person> found = new LinkedHashMap<>();
		records.findAll(distinct).forEach(person -> found.put(person.id(), person));
		readAudit.missed((int) distinct.stream().filter(id -> !found.containsKey(id)).count());
		for (Person person : found.values()) {
			checkMayRead(read, person, purpose);
		}
		found.values().forEach(person -> readAudit.lookedUp(person, purpose));
		readDecisions.decide(found.values(), purpose);
		List<Person> answer = new ArrayList<>(ids.size());
		List<GraphQLError> errors = new ArrayList<>();
		for (int i = 0; i < wanted.size(); i++) {
			Person person = found.get(wanted.get(i));
			answer.add(person);
			if (person == null) {
				errors.add(GraphqlErrorBuilder.newError(env)
					.path(env.getExecutionStepInfo().getPath().segment(i))
					.errorType(ErrorType.NOT_FOUND)
					.message("No person has the id " + wanted.get(i))
					.build());
			}
		}
		return DataFetcherResult.<List<Person>>newResult().data(answer).errors(errors).localContext(purpose).build();
	}

	/** An erased record answers that it was erased (and when), never its former content. */
	private NotFound notFound(PersonId person) {
		return records.erasure(person)
			.map(tombstone -> new NotFound("This record was erased on " + tombstone.erasedAt()))
			.orElseGet(() -> new NotFound("No person has this id or PHR number"));
	}

	/**
	 * A look-up of one person: audited whether or not it finds someone (a miss is counted for the request's summary
	 * event, a hit is a READ event even when no health field is asked, since it reveals the id and home country).
	 */
	private DataFetcherResult<Person> readable(Read read, Supplier<Optional<Person>> lookup,
			Supplier<NotFound> notFound, Purpose purpose) {
		refuseRoleBeforeLookUp(read, purpose);
		Optional<Person> found = lookup.get();
		if (found.isEmpty()) {
			read.audit().missed(1);
			throw notFound.get();
		}
		Person person = found.get();
		checkMayRead(read, person, purpose);
		read.audit().lookedUp(person, purpose);
		read.decisions().decide(List.of(person), purpose);
		return DataFetcherResult.<Person>newResult().data(person).localContext(purpose).build();
	}

	/**
	 * Only clinicians, mediators and persons look anyone up; every other role (auditors, administrators,
	 * public-health analysts, and any role added later until it is named here) is refused before the look-up, so that
	 * the answer does not tell whether the id or PHR number exists. The refusal is audited (without a person: none
	 * was looked up), then thrown.
	 */
	private void refuseRoleBeforeLookUp(Read read, Purpose purpose) {
		RequestScope scope = read.scope();
		Requester requester = scope.requester();
		boolean mayLookUp = (isCareRole(requester) || requester.has(Role.MIGRANT)) && !requester.has(Role.AUDITOR)
				&& !requester.has(Role.ADMIN) && !requester.has(Role.PUBLIC_HEALTH_ANALYST);
		if (mayLookUp) {
			return;
		}
		audit.refused(scope, scope.operation("person"),
				AccessEvent.of(requester, AccessAction.READ, AccessOutcome.DENIED).withPurpose(purpose));
		throw new Forbidden("Your role never reads health records", "ROLE_NEVER_ALLOWED");
	}

	private static boolean isCareRole(Requester requester) {
		return requester.has(Role.CLINICIAN) || requester.has(Role.MEDIATOR);
	}

	/**
	 * Clinicians and mediators reach any person, each health field then passes the consent gate; a person reaches
	 * only their own record; every other role was refused before the look-up. A refusal is audited, then thrown.
	 */
	private void checkMayRead(Read read, Person person, Purpose purpose) {
		RequestScope scope = read.scope();
		Requester requester = scope.requester();
		boolean careRole = isCareRole(requester);
		String refusal = null;
		String reason = null;
		if (!careRole && !requester.is(person.id())) {
			refusal = "You may read only your own record";
			reason = "OWN_RECORD_ONLY";
		}
		if (refusal != null) {
			audit.refused(scope, scope.operation("person"),
					AccessEvent.of(requester, AccessAction.READ, AccessOutcome.DENIED)
						.about(person.id(), person.homeJurisdiction())
						.withPurpose(purpose));
			throw new Forbidden(refusal, reason);
		}
	}

	/** The plain fields of {@code Person}: light fetchers, without a controller method's context and arguments. */
	@Override
	public void configure(RuntimeWiring.Builder builder) {
		builder.type("Person", type -> type
			.dataFetcher("id", (LightPersonField) person -> person.id().toString())
			.dataFetcher("phrNumber", (LightPersonField) person -> person.phrNumber().value())
			.dataFetcher("homeJurisdiction", (LightPersonField) Person::homeJurisdiction)
			.dataFetcher("completenessNotice",
					env -> ReadDecisions.of(env.getGraphQlContext()).notice(env.<Person>getSource())));
	}

	/** A field read from the person alone: no I/O, so graphql-java builds no fetching environment for it. */
	@FunctionalInterface
	private interface LightPersonField extends LightDataFetcher<Object> {

		Object of(Person person);

		@Override
		default Object get(graphql.schema.GraphQLFieldDefinition field, Object source,
				Supplier<DataFetchingEnvironment> env) {
			return of((Person) source);
		}

		@Override
		default Object get(DataFetchingEnvironment env) {
			return of(env.getSource());
		}
	}

	/** The request's parts a look-up uses. */
	private record Read(RequestScope scope, ReadDecisions decisions, ReadAudit audit) {
	}
}
