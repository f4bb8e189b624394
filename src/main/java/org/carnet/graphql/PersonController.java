package org.carnet.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import graphql.GraphQLContext;
import graphql.execution.DataFetcherResult;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.core.Forbidden;
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

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * Reads of a person's record. Every health field is loaded in a batch for all persons of the answer: one query and
 * one key batch per section, whatever the number of persons or entries.
 */
@Controller
class PersonController {

	private final RecordStore records;

	private final AuditTrail audit;

	PersonController(RecordStore records, AuditTrail audit) {
		this.records = records;
		this.audit = audit;
	}

	@QueryMapping
	DataFetcherResult<Person> person(@Argument String id, @Argument Purpose purpose, GraphQLContext context) {
		PersonId person = PersonId.parse(id, "id");
		return readable(context, () -> Optional.of(records.find(person).orElseThrow(() -> notFound(person))), purpose);
	}

	/** An erased record answers that it was erased (and when), never its former content. */
	private NotFound notFound(PersonId person) {
		return records.erasure(person)
			.map(tombstone -> new NotFound("This record was erased on " + tombstone.erasedAt()))
			.orElseGet(() -> new NotFound("No person has this id or PHR number"));
	}

	@QueryMapping
	DataFetcherResult<Person> personByPhrNumber(@Argument String phrNumber, @Argument Purpose purpose,
			GraphQLContext context) {
		return readable(context, () -> records.findByPhrNumber(PhrNumber.parse(phrNumber)), purpose);
	}

	@QueryMapping
	DataFetcherResult<Person> myRecord(GraphQLContext context) {
		PersonId own = RequestScope.of(context).ownRecord("Only a person with a record has their own record");
		Person person = records.find(own).orElseThrow(() -> notFound(own));
		return DataFetcherResult.<Person>newResult().data(person).localContext(Purpose.TREATMENT).build();
	}

	/**
	 * Clinicians and mediators reach any person, each health field then passes the consent gate; a person reaches
	 * only their own record; auditors and administrators never reach a record.
	 */
	private DataFetcherResult<Person> readable(GraphQLContext context, Supplier<Optional<Person>> lookup,
			Purpose purpose) {
		RequestScope scope = RequestScope.of(context);
		Requester requester = scope.requester();
		Person person = lookup.get().orElseThrow(() -> new NotFound("No person has this id or PHR number"));
		boolean careRole = requester.has(Role.CLINICIAN) || requester.has(Role.MEDIATOR);
		String refusal = null;
		if (requester.has(Role.AUDITOR) || requester.has(Role.ADMIN) || (!careRole && !requester.has(Role.MIGRANT))) {
			refusal = "Your role never reads health records";
		}
		else if (!careRole && !requester.is(person.id())) {
			refusal = "You may read only your own record";
		}
		if (refusal != null) {
			audit.refused(scope, scope.operation("person"),
					AccessEvent.of(requester, AccessAction.READ, AccessOutcome.DENIED)
						.about(person.id(), person.homeJurisdiction())
						.withPurpose(purpose));
			throw new Forbidden(refusal);
		}
		return DataFetcherResult.<Person>newResult().data(person).localContext(purpose).build();
	}

	@SchemaMapping(typeName = "Person", field = "id")
	String id(Person person) {
		return person.id().toString();
	}

	@SchemaMapping(typeName = "Person", field = "phrNumber")
	String phrNumber(Person person) {
		return person.phrNumber().value();
	}

	@BatchMapping(typeName = "Person", field = "identity")
	Map<Person, Map<String, Object>> identity(List<Person> persons) {
		return latest(persons, Section.IDENTITY);
	}

	@BatchMapping(typeName = "Person", field = "bloodGroup")
	Map<Person, Map<String, Object>> bloodGroup(List<Person> persons) {
		return latest(persons, Section.BLOOD_GROUP);
	}

	@BatchMapping(typeName = "Person", field = "allergies")
	Map<Person, List<Map<String, Object>>> allergies(List<Person> persons) {
		return all(persons, Section.ALLERGY);
	}

	@BatchMapping(typeName = "Person", field = "medications")
	Map<Person, List<Map<String, Object>>> medications(List<Person> persons) {
		return all(persons, Section.MEDICATION);
	}

	@BatchMapping(typeName = "Person", field = "conditions")
	Map<Person, List<Map<String, Object>>> conditions(List<Person> persons) {
		return all(persons, Section.CONDITION);
	}

	@BatchMapping(typeName = "Person", field = "vaccinations")
	Map<Person, List<Map<String, Object>>> vaccinations(List<Person> persons) {
		return all(persons, Section.VACCINATION);
	}

	@BatchMapping(typeName = "Person", field = "infectiousDiseases")
	Map<Person, List<Map<String, Object>>> infectiousDiseases(List<Person> persons) {
		return all(persons, Section.INFECTIOUS_DISEASE_SCREENING);
	}

	@BatchMapping(typeName = "Person", field = "mentalHealth")
	Map<Person, List<Map<String, Object>>> mentalHealth(List<Person> persons) {
		return all(persons, Section.MENTAL_HEALTH_ASSESSMENT);
	}

	@BatchMapping(typeName = "Person", field = "reproductiveHealth")
	Map<Person, List<Map<String, Object>>> reproductiveHealth(List<Person> persons) {
		return all(persons, Section.REPRODUCTIVE_HEALTH);
	}

	@BatchMapping(typeName = "Person", field = "vitals")
	Map<Person, List<Map<String, Object>>> vitals(List<Person> persons) {
		return all(persons, Section.VITAL_SIGN);
	}

	@BatchMapping(typeName = "Person", field = "labResults")
	Map<Person, List<Map<String, Object>>> labResults(List<Person> persons) {
		return all(persons, Section.LAB_RESULT);
	}

	@BatchMapping(typeName = "Person", field = "encounters")
	Map<Person, List<Map<String, Object>>> encounters(List<Person> persons) {
		return all(persons, Section.ENCOUNTER);
	}

	private Map<Person, List<Map<String, Object>>> all(List<Person> persons, Section section) {
		Map<PersonId, List<Entry>> entries = records.current(persons.stream().map(Person::id).toList(), section);
		Map<Person, List<Map<String, Object>>> result = new LinkedHashMap<>();
		persons.forEach(p -> result.put(p, EntryViews.views(entries.get(p.id()))));
		return result;
	}

	/** The newest current entry of a single-valued section (identity, blood group). */
	private Map<Person, Map<String, Object>> latest(List<Person> persons, Section section) {
		Map<PersonId, List<Entry>> entries = records.current(persons.stream().map(Person::id).toList(), section);
		Map<Person, Map<String, Object>> result = new LinkedHashMap<>();
		for (Person person : persons) {
			List<Entry> current = entries.get(person.id());
			if (!current.isEmpty()) {
				result.put(person, EntryViews.view(current.get(current.size() - 1)));
			}
		}
		return result;
	}
}
