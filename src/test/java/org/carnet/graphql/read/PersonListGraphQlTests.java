package org.carnet.graphql.read;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.graphql.RecordGraphQlTests;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.StatementCounter;
import org.carnet.testing.TestUsers.SignedIn;
import org.carnet.testing.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code persons(ids, purpose)}: several records in one request, each under its own consent, in three queries. */
@CarnetIntegrationTest
class PersonListGraphQlTests {

	static final String LIST = """
			query ListRead($ids: [ID!]!) {
			  persons(ids: $ids, purpose: TREATMENT) {
			    id identity { givenNames } allergies { substance } mentalHealth { instrument }
			    vitals { kind } bloodGroup { group } encounters { place }
			  }
			}""";

	/** The same fields through a fragment, an inline fragment and a condition: still loaded ahead. */
	static final String LIST_WITH_FRAGMENTS = """
			query ListRead($ids: [ID!]!, $withVitals: Boolean!) {
			  persons(ids: $ids, purpose: TREATMENT) {
			    id ...Health ... on Person { encounters { place } } vitals @include(if: $withVitals) { kind }
			  }
			}
			fragment Health on Person { identity { givenNames } allergies { substance } mentalHealth { instrument } }""";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	StatementCounter statements;

	GraphQlRequests graphql;

	TestUsers users;

	@BeforeEach
	void setUp() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
	}

	@Test
	void eachPersonOfTheListIsReadUnderTheirOwnConsentAndUnknownIdsAnswerNull() {
		SignedIn clinician = users.clinician("GR");
		SignedIn colleague = users.clinician("GR");
		String first = register(clinician);
		String second = register(clinician);
		addAllergy(clinician, first, "Penicillin");
		addAllergy(clinician, second, "Latex");
		String notGranted = register(colleague);
		addAllergy(colleague, notGranted, "Peanuts");
		String unknown = UUID.randomUUID().toString();

		JsonNode read = graphql.execute(clinician.token(), LIST,
				Map.of("ids", List.of(first, notGranted, second, unknown)));

		JsonNode persons = read.at("/data/persons");
		assertThat(persons).hasSize(4);
		assertThat(persons.get(0).at("/id").asString()).isEqualTo(first);
		assertThat(persons.get(0).at("/allergies/0/substance").asString()).isEqualTo("Penicillin");
		assertThat(persons.get(2).at("/allergies/0/substance").asString()).isEqualTo("Latex");
		assertThat(persons.get(2).at("/identity/givenNames").asString()).isEqualTo("Amal");
		assertThat(persons.get(1).at("/id").asString()).isEqualTo(notGranted);
		assertThat(persons.get(1).at("/allergies").isNull()).isTrue();
		assertThat(persons.get(1).at("/identity").isNull()).isTrue();
		assertThat(persons.get(3).isNull()).isTrue();
		List<String> consentPaths = new ArrayList<>();
		List<String> notFoundPaths = new ArrayList<>();
		for (JsonNode error : read.at("/errors")) {
			String classification = error.at("/extensions/classification").asString();
			String path = error.at("/path").toString();
			if (classification.equals("CONSENT_REQUIRED")) {
				consentPaths.add(path);
			}
			else if (classification.equals("NOT_FOUND")) {
				notFoundPaths.add(path);
			}
		}
		assertThat(consentPaths).as(read.toString()).allMatch(path -> path.startsWith("[\"persons\",1,"))
			.hasSize(6);
		assertThat(notFoundPaths).containsExactly("[\"persons\",3]");
		assertThat(readEvents(first)).containsExactly("SUCCESS");
		assertThat(readEvents(second)).containsExactly("SUCCESS");
		assertThat(readEvents(notGranted)).containsExactly("DENIED");
	}

	@Test
	void aListOfPersonsCostsThreeQueriesWhateverItsLength() {
		SignedIn clinician = users.clinician("GR");
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			String id = register(clinician);
			addAllergy(clinician, id, "Substance " + i);
			ids.add(id);
		}
		graphql.execute(clinician.token(), LIST, Map.of("ids", ids.subList(0, 2)));

		List<String> two = readStatements(clinician, LIST, Map.of("ids", ids.subList(0, 2)));
		List<String> twelve = readStatements(clinician, LIST, Map.of("ids", ids));
		List<String> fragments = readStatements(clinician, LIST_WITH_FRAGMENTS,
				Map.of("ids", ids, "withVitals", true));

		assertThat(twelve).as("the persons, their grants, their entries").hasSize(3);
		assertThat(two).hasSize(3);
		assertThat(fragments).hasSize(3);
	}

	@Test
	void aPersonListsOnlyTheirOwnRecord() {
		SignedIn clinician = users.clinician("GR");
		String own = register(clinician);
		String other = register(clinician);
		SignedIn person = users.migrant(PersonId.parse(own, "id"), Jurisdiction.of("GR"));

		JsonNode mine = graphql.execute(person.token(), LIST, Map.of("ids", List.of(own)));
		JsonNode theirs = graphql.execute(person.token(), LIST, Map.of("ids", List.of(own, other)));

		assertThat(mine.has("errors")).as(mine.toString()).isFalse();
		assertThat(mine.at("/data/persons/0/identity/givenNames").asString()).isEqualTo("Amal");
		assertThat(theirs.at("/data").isNull()).as(theirs.toString()).isTrue();
		assertThat(theirs.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");
	}

	@Test
	void aListLongerThanAHundredIsRefused() {
		SignedIn clinician = users.clinician("GR");
		List<String> ids = new ArrayList<>();
		for (int i = 0; i <= PersonController.MAX_LIST; i++) {
			ids.add(UUID.randomUUID().toString());
		}

		// refused before execution by the look-up bound (LookupLimit): a request error, HTTP 400, no data at all
		HttpResponse<String> answer = graphql.post(clinician.token(), LIST, Map.of("ids", ids));
		JsonNode read = JsonMapper.builder().build().readTree(answer.body());

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(read.at("/errors/0/extensions/classification").asString()).as(read.toString())
			.isEqualTo("BAD_REQUEST");
		assertThat(read.at("/data").isMissingNode() || read.at("/data").isNull()).isTrue();
	}

	/** The statements of the read itself, without those of the audit writer that records it. */
	private List<String> readStatements(SignedIn clinician, String document, Map<String, Object> variables) {
		statements.clearRecent();
		JsonNode read = graphql.execute(clinician.token(), document, variables);
		assertThat(read.has("errors")).as(read.toString()).isFalse();
		assertThat(read.at("/data/persons")).hasSize(((List<?>) variables.get("ids")).size());
		assertThat(read.at("/data/persons/0/allergies/0/substance").asString()).startsWith("Substance");
		List<String> recent = statements.recent();
		assertThat(recent).filteredOn(sql -> sql.contains("insert into lookup_allowances"))
			.as("the requester's look-up allowance, taken at most once for the whole list (not at all while this "
					+ "replica holds a reserve of look-ups for them)")
			.hasSizeLessThanOrEqualTo(1);
		return recent.stream()
			.filter(sql -> !sql.contains("access_event") && !sql.contains("access_stream_heads")
					&& !sql.contains("audit_lock_stream") && !sql.contains("lookup_allowances"))
			.toList();
	}

	private List<String> readEvents(String personId) {
		return jdbc.sql("select outcome from access_events where person_id = ? and action = 'READ' "
				+ "and operation_name = 'ListRead' order by sequence")
			.param(UUID.fromString(personId))
			.query(String.class)
			.list();
	}

	private String register(SignedIn clinician) {
		JsonNode response = graphql.execute(clinician.token(), RecordGraphQlTests.REGISTER,
				Map.of("input", RecordGraphQlTests.registration("GR")));
		assertThat(response.has("errors")).as(response.toString()).isFalse();
		return response.at("/data/registerPerson/personId").asString();
	}

	private void addAllergy(SignedIn clinician, String personId, String substance) {
		JsonNode added = graphql.execute(clinician.token(), RecordGraphQlTests.ADD_ALLERGY,
				Map.of("personId", personId, "input", Map.of("substance", substance)));
		assertThat(added.has("errors")).as(added.toString()).isFalse();
	}
}
