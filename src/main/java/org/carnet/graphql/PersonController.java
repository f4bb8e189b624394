package org.carnet.graphql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import graphql.GraphQLContext;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.execution.conditional.ConditionalNodes;
import graphql.language.DirectivesContainer;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLAppliedDirective;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.consent.ConsentDecisions;
import org.carnet.core.BadInput;
import org.carnet.core.Category;
import org.carnet.core.Forbidden;
import org.carnet.core.Jurisdiction;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.record.Entry;
import org.carnet.record.Person;
import org.carnet.record.RecordStore;
import org.carnet.record.Section;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * Reads of persons' records. The health fields asked for are loaded ahead, when the persons are found: the consent
 * decisions of all persons first (one grant look-up), then only the allowed sections of each person, all in one
 * query and one key batch. A whole-record read or a list of persons thus costs three queries, whatever the number
 * of persons, sections or entries. The consent gate still decides every field; a section loaded ahead is served
 * only through it. Without the ahead load (e.g. when it failed), each section loads in a batch of its own.
 */
@Controller
class PersonController {

	/** The most persons one list read may name. */
	static final int MAX_LIST = 100;

	private static final Logger log = LoggerFactory.getLogger(PersonController.class);

	/** The section behind each health field of {@code Person}. */
	private static final Map<String, Section> SECTIONS = Map.ofEntries(Map.entry("identity", Section.IDENTITY),
			Map.entry("allergies", Section.ALLERGY), Map.entry("medications", Section.MEDICATION),
			Map.entry("conditions", Section.CONDITION), Map.entry("vaccinations", Section.VACCINATION),
			Map.entry("infectiousDiseases", Section.INFECTIOUS_DISEASE_SCREENING),
			Map.entry("mentalHealth", Section.MENTAL_HEALTH_ASSESSMENT),
			Map.entry("reproductiveHealth", Section.REPRODUCTIVE_HEALTH), Map.entry("vitals", Section.VITAL_SIGN),
			Map.entry("bloodGroup", Section.BLOOD_GROUP), Map.entry("labResults", Section.LAB_RESULT),
			Map.entry("encounters", Section.ENCOUNTER));

	private static final ConditionalNodes CONDITIONS = new ConditionalNodes();

	private final RecordStore records;

	private final ConsentDecisions consent;

	private final AuditTrail audit;

	PersonController(RecordStore records, ConsentDecisions consent, AuditTrail audit) {
		this.records = records;
		this.consent = consent;
		this.audit = audit;
	}

	@QueryMapping
	DataFetcherResult<Person> person(@Argument String id, @Argument Purpose purpose, DataFetchingEnvironment env) {
		PersonId person = PersonId.parse(id, "id");
		return readable(env, () -> records.find(person), () -> notFound(person), purpose);
	}

	/** An erased record answers that it was erased (and when), never its former content. */
	private NotFound notFound(PersonId person) {
		return records.erasure(person)
			.map(tombstone -> new NotFound("This record was erased on " + tombstone.erasedAt()))
			.orElseGet(() -> new NotFound("No person has this id or PHR number"));
	}

	@QueryMapping
	DataFetcherResult<Person> personByPhrNumber(@Argument String phrNumber, @Argument Purpose purpose,
			DataFetchingEnvironment env) {
		PhrNumber number = PhrNumber.parse(phrNumber);
		return readable(env, () -> records.findByPhrNumber(number),
				() -> new NotFound("No person has this id or PHR number"), purpose);
	}

	@QueryMapping
	DataFetcherResult<Person> myRecord(DataFetchingEnvironment env) {
		RequestScope scope = RequestScope.of(env.getGraphQlContext());
		PersonId own = scope.ownRecord("Only a person with a record has their own record");
		Person person = records.find(own).orElseThrow(() -> notFound(own));
		loadAhead(env, scope, List.of(person), Purpose.TREATMENT);
		return DataFetcherResult.<Person>newResult().data(person).localContext(Purpose.TREATMENT).build();
	}

	/**
	 * Several persons' records in one request, in the order asked; an unknown id answers null (with a NOT_FOUND
	 * error at its place). The same rules as {@code person} hold for each person.
	 */
	@QueryMapping
	DataFetcherResult<List<Person>> persons(@Argument List<String> ids, @Argument Purpose purpose,
			DataFetchingEnvironment env) {
		if (ids.size() > MAX_LIST) {
			throw new BadInput("ids", "name at most " + MAX_LIST + " persons per request");
		}
		List<PersonId> wanted = new ArrayList<>();
		for (String id : ids) {
			wanted.add(PersonId.parse(id, "ids"));
		}
		Map<PersonId, Person> found = new LinkedHashMap<>();
		records.findAll(new LinkedHashSet<>(wanted)).forEach(person -> found.put(person.id(), person));
		RequestScope scope = RequestScope.of(env.getGraphQlContext());
		scope.missed((int) new LinkedHashSet<>(wanted).stream().filter(id -> !found.containsKey(id)).count());
		for (Person person : found.values()) {
			checkMayRead(scope, person, purpose);
		}
		found.values().forEach(person -> scope.lookedUp(person, purpose));
		List<Person> answer = new ArrayList<>();
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
		loadAhead(env, scope, found.values(), purpose);
		return DataFetcherResult.<List<Person>>newResult().data(answer).errors(errors).localContext(purpose).build();
	}

	/**
	 * A look-up of one person: audited whether or not it finds someone (a miss is counted for the request's summary
	 * event, a hit is a READ event even when no health field is asked, since it reveals the id and home country).
	 */
	private DataFetcherResult<Person> readable(DataFetchingEnvironment env, Supplier<Optional<Person>> lookup,
			Supplier<NotFound> notFound, Purpose purpose) {
		RequestScope scope = RequestScope.of(env.getGraphQlContext());
		Optional<Person> found = lookup.get();
		if (found.isEmpty()) {
			scope.missed(1);
			throw notFound.get();
		}
		Person person = found.get();
		checkMayRead(scope, person, purpose);
		scope.lookedUp(person, purpose);
		loadAhead(env, scope, List.of(person), purpose);
		return DataFetcherResult.<Person>newResult().data(person).localContext(purpose).build();
	}

	/**
	 * Clinicians and mediators reach any person, each health field then passes the consent gate; a person reaches
	 * only their own record; auditors and administrators never reach a record. A refusal is audited, then thrown.
	 */
	private void checkMayRead(RequestScope scope, Person person, Purpose purpose) {
		Requester requester = scope.requester();
		boolean careRole = requester.has(Role.CLINICIAN) || requester.has(Role.MEDIATOR);
		String refusal = null;
		String reason = null;
		if (requester.has(Role.AUDITOR) || requester.has(Role.ADMIN) || (!careRole && !requester.has(Role.MIGRANT))) {
			refusal = "Your role never reads health records";
			reason = "ROLE_NEVER_ALLOWED";
		}
		else if (!careRole && !requester.is(person.id())) {
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

	/**
	 * Loads ahead the sections of the health fields asked for, for every person, after deciding consent for all of
	 * them: only sections whose category the requester may read are read and decrypted. A shortcut only: if it fails,
	 * the fields load one section at a time and report their failure as they would without it.
	 */
	private void loadAhead(DataFetchingEnvironment env, RequestScope scope, Collection<Person> persons,
			Purpose purpose) {
		Map<Section, Category> asked = askedSections(env);
		if (asked.isEmpty() || persons.isEmpty()) {
			return;
		}
		try {
			scope.decideReads(consent, persons, purpose);
			Map<PersonId, Set<Section>> allowed = new LinkedHashMap<>();
			for (Person person : persons) {
				Set<Section> sections = EnumSet.noneOf(Section.class);
				asked.forEach((section, category) -> {
					if (scope.readDecision(consent, person, purpose, category).allowed()) {
						sections.add(section);
					}
				});
				allowed.put(person.id(), sections);
			}
			scope.loaded(records.current(allowed));
		}
		catch (RuntimeException ex) {
			log.debug("Loading ahead failed for request {}; the fields load one by one: {}", scope.requestId(),
					ex.toString());
		}
	}

	/**
	 * The sections of the health fields the document asks of the person(s), with the category that gates each: a
	 * walk over the field's own selections and fragments (honouring @skip and @include), far cheaper than the
	 * normalized selection set, which plans the whole operation.
	 */
	private static Map<Section, Category> askedSections(DataFetchingEnvironment env) {
		GraphQLObjectType type = env.getGraphQLSchema().getObjectType("Person");
		Map<Section, Category> asked = new EnumMap<>(Section.class);
		Set<String> fragments = new HashSet<>();
		for (Field field : env.getMergedField().getFields()) {
			collect(field.getSelectionSet(), env, type, asked, fragments);
		}
		return asked;
	}

	private static void collect(SelectionSet selections, DataFetchingEnvironment env, GraphQLObjectType type,
			Map<Section, Category> asked, Set<String> fragments) {
		if (selections == null) {
			return;
		}
		for (Selection<?> selection : selections.getSelections()) {
			if (selection instanceof Field field) {
				Section section = SECTIONS.get(field.getName());
				GraphQLFieldDefinition definition = type.getFieldDefinition(field.getName());
				GraphQLAppliedDirective directive = definition == null ? null
						: definition.getAppliedDirective("category");
				if (section != null && directive != null && included(field, env)) {
					asked.put(section, ConsentGate.category(directive));
				}
			}
			else if (selection instanceof InlineFragment inline) {
				if (included(inline, env)) {
					collect(inline.getSelectionSet(), env, type, asked, fragments);
				}
			}
			else if (selection instanceof FragmentSpread spread) {
				FragmentDefinition fragment = env.getFragmentsByName().get(spread.getName());
				if (fragment != null && included(spread, env) && fragments.add(spread.getName())) {
					collect(fragment.getSelectionSet(), env, type, asked, fragments);
				}
			}
		}
	}

	private static boolean included(DirectivesContainer<?> node, DataFetchingEnvironment env) {
		return CONDITIONS.shouldInclude(node, env.getVariables(), env.getGraphQLSchema(), env.getGraphQlContext());
	}

	@SchemaMapping(typeName = "Person", field = "id")
	String id(Person person) {
		return person.id().toString();
	}

	@SchemaMapping(typeName = "Person", field = "phrNumber")
	String phrNumber(Person person) {
		return person.phrNumber().value();
	}

	// Read by the property fetcher all the same; named here because the schema inspection meets Person first below
	// RegisterPersonPayload, a map, and could not see this field otherwise.
	@SchemaMapping(typeName = "Person", field = "homeJurisdiction")
	Jurisdiction homeJurisdiction(Person person) {
		return person.homeJurisdiction();
	}

	@BatchMapping(typeName = "Person", field = "identity")
	Map<Person, Map<String, Object>> identity(List<Person> persons, GraphQLContext context) {
		return latest(persons, Section.IDENTITY, context);
	}

	@BatchMapping(typeName = "Person", field = "bloodGroup")
	Map<Person, Map<String, Object>> bloodGroup(List<Person> persons, GraphQLContext context) {
		return latest(persons, Section.BLOOD_GROUP, context);
	}

	@BatchMapping(typeName = "Person", field = "allergies")
	Map<Person, List<Map<String, Object>>> allergies(List<Person> persons, GraphQLContext context) {
		return all(persons, Section.ALLERGY, context);
	}

	@BatchMapping(typeName = "Person", field = "medications")
	Map<Person, List<Map<String, Object>>> medications(List<Person> persons, GraphQLContext context) {
		return all(persons, Section.MEDICATION, context);
	}

	@BatchMapping(typeName = "Person", field = "conditions")
	Map<Person, List<Map<String, Object>>> conditions(List<Person> persons, GraphQLContext context) {
		return all(persons, Section.CONDITION, context);
	}

	@BatchMapping(typeName = "Person", field = "vaccinations")
	Map<Person, List<Map<String, Object>>> vaccinations(List<Person> persons, GraphQLContext context) {
		return all(persons, Section.VACCINATION, context);
	}

	@BatchMapping(typeName = "Person", field = "infectiousDiseases")
	Map<Person, List<Map<String, Object>>> infectiousDiseases(List<Person> persons, GraphQLContext context) {
		return all(persons, Section.INFECTIOUS_DISEASE_SCREENING, context);
	}

	@BatchMapping(typeName = "Person", field = "mentalHealth")
	Map<Person, List<Map<String, Object>>> mentalHealth(List<Person> persons, GraphQLContext context) {
		return all(persons, Section.MENTAL_HEALTH_ASSESSMENT, context);
	}

	@BatchMapping(typeName = "Person", field = "reproductiveHealth")
	Map<Person, List<Map<String, Object>>> reproductiveHealth(List<Person> persons, GraphQLContext context) {
		return all(persons, Section.REPRODUCTIVE_HEALTH, context);
	}

	@BatchMapping(typeName = "Person", field = "vitals")
	Map<Person, List<Map<String, Object>>> vitals(List<Person> persons, GraphQLContext context) {
		return all(persons, Section.VITAL_SIGN, context);
	}

	@BatchMapping(typeName = "Person", field = "labResults")
	Map<Person, List<Map<String, Object>>> labResults(List<Person> persons, GraphQLContext context) {
		return all(persons, Section.LAB_RESULT, context);
	}

	@BatchMapping(typeName = "Person", field = "encounters")
	Map<Person, List<Map<String, Object>>> encounters(List<Person> persons, GraphQLContext context) {
		return all(persons, Section.ENCOUNTER, context);
	}

	private Map<Person, List<Map<String, Object>>> all(List<Person> persons, Section section, GraphQLContext context) {
		Map<PersonId, List<Entry>> entries = current(persons, section, context);
		Map<Person, List<Map<String, Object>>> result = new LinkedHashMap<>();
		persons.forEach(p -> result.put(p, EntryViews.views(entries.get(p.id()))));
		return result;
	}

	/** The newest current entry of a single-valued section (identity, blood group). */
	private Map<Person, Map<String, Object>> latest(List<Person> persons, Section section, GraphQLContext context) {
		Map<PersonId, List<Entry>> entries = current(persons, section, context);
		Map<Person, Map<String, Object>> result = new LinkedHashMap<>();
		for (Person person : persons) {
			List<Entry> current = entries.get(person.id());
			if (!current.isEmpty()) {
				result.put(person, EntryViews.view(current.get(current.size() - 1)));
			}
		}
		return result;
	}

	/** The section's entries of these persons: loaded ahead when the request did, else one query now. */
	private Map<PersonId, List<Entry>> current(List<Person> persons, Section section, GraphQLContext context) {
		List<PersonId> ids = persons.stream().map(Person::id).toList();
		return RequestScope.of(context).loaded(ids, section).orElseGet(() -> records.current(ids, section));
	}
}
