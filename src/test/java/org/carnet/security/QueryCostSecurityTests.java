package org.carnet.security;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.identity.Accounts;
import org.carnet.keyring.PersonKeys;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.Documents;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.Meters;
import org.carnet.testing.StatementCounter;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, item 1: a document of aliases multiplied through fragments (persons x sections x nested objects) is
 * refused before it runs, with a typed error naming the limit and no data, quickly; nothing is read, decrypted or
 * audited as read; the server keeps answering and its heap stays bounded; documents within the limits still work.
 */
@CarnetIntegrationTest
class QueryCostSecurityTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SMALL_READ = """
			query SmallRead($id: ID!) { person(id: $id, purpose: TREATMENT) { id allergies { substance } } }""";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	StatementCounter statements;

	@Autowired
	PersonKeys keys;

	@Autowired
	MeterRegistry meters;

	GraphQlRequests graphql;

	TestUsers users;

	@BeforeEach
	void setUp() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
	}

	@Test
	void aClinicianHeavyDocumentsAreRefusedBeforeAnythingIsReadAndTheServerAnswersRightAfter() {
		SignedIn clinician = users.clinician("GR");
		String person = registerWithAllergy(clinician);
		List<String> ids = List.of(person);
		Map<String, Object> variables = Map.of("ids", ids, "id", person);
		long readsBefore = readEvents(person);
		keys.evictAll();
		long unwraps = Meters.unwrapCalls(meters);
		statements.clearRecent();

		assertRefused(clinician, HostileDocuments.personsTimesSections(), variables, "tokens");
		assertRefused(clinician, HostileDocuments.compactPersonsTimesSections(), variables, "aliases");
		assertRefused(clinician, HostileDocuments.aliasesThroughFragments("($id: ID!)",
				"person(id: $id, purpose: TREATMENT)", 1, 1, 15), variables, "aliases");
		assertRefused(clinician, wholeRecordTimes(8), variables, "fields");
		assertRefused(clinician, Documents.PERSONS, Map.of("ids", ids(150, person), "purpose", "TREATMENT"), "cost");

		assertThat(statementsOfRequests()).as("statements of the refused requests").isEmpty();
		assertThat(Meters.unwrapCalls(meters)).as("keys unwrapped").isEqualTo(unwraps);
		assertThat(readEvents(person)).as("READ events").isEqualTo(readsBefore);
		JsonNode me = graphql.execute(clinician.token(), Documents.ME);
		assertThat(me.at("/data/me/subject").asString()).isEqualTo(clinician.username());
		JsonNode read = graphql.execute(clinician.token(), SMALL_READ, Map.of("id", person));
		assertThat(read.at("/data/person/allergies/0/substance").asString()).isEqualTo("Penicillin");
	}

	@Test
	void aMigrantsHeavyDocumentsOnTheirOwnRecordAreRefusedTheSameWay() {
		SignedIn clinician = users.clinician("GR");
		String person = registerWithAllergy(clinician);
		SignedIn migrant = users.migrant(PersonId.parse(person, "id"), Jurisdiction.of("GR"));
		long readsBefore = readEvents(person);
		statements.clearRecent();

		assertRefused(migrant, HostileDocuments.myRecordTimesSections(), Map.of(), "tokens");
		assertRefused(migrant, HostileDocuments.compactMyRecordTimesSections(), Map.of(), "aliases");
		assertRefused(migrant, HostileDocuments.doublingFragments(40), Map.of(), "fields");

		assertThat(statementsOfRequests()).isEmpty();
		assertThat(readEvents(person)).isEqualTo(readsBefore);
		JsonNode own = graphql.execute(migrant.token(), Documents.MY_RECORD);
		assertThat(own.has("errors")).as(own.toString()).isFalse();
		assertThat(own.at("/data/myRecord/allergies/0/substance").asString()).isEqualTo("Penicillin");
	}

	@Test
	void manyHeavyDocumentsAtOnceAreAllRefusedAndTheHeapStaysBounded() throws Exception {
		SignedIn clinician = users.clinician("GR");
		String person = registerWithAllergy(clinician);
		ExecutorService senders = Executors.newFixedThreadPool(16);
		List<Future<JsonNode>> answers = new ArrayList<>();
		try {
			for (int i = 0; i < 96; i++) {
				// every text differs, so that none is answered from the cache of parsed documents
				String document = "# attempt " + i + "\n" + (i % 2 == 0 ? HostileDocuments.compactPersonsTimesSections()
						: HostileDocuments.doublingFragments(30 + i % 20));
				answers.add(senders.submit(() -> JSON.readTree(graphql
					.post(clinician.token(), document, Map.of("ids", List.of(person)))
					.body())));
			}
			for (Future<JsonNode> answer : answers) {
				JsonNode body = answer.get(60, TimeUnit.SECONDS);
				assertThat(body.at("/data").isMissingNode() || body.at("/data").isNull()).as(body.toString()).isTrue();
				assertThat(body.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
			}
		}
		finally {
			senders.shutdownNow();
		}
		System.gc();
		MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();

		assertThat(heap.getUsed()).as("heap in use after the refusals and a collection, of %d", heap.getMax())
			.isLessThan(heap.getMax() / 2);
		assertThat(graphql.execute(clinician.token(), Documents.ME).at("/data/me/subject").asString())
			.isEqualTo(clinician.username());
	}

	@Test
	void documentsJustUnderTheLimitsAreAnswered() {
		SignedIn clinician = users.clinician("GR");
		String person = registerWithAllergy(clinician);
		StringBuilder fifteen = new StringBuilder("query Fifteen($id: ID!) {\n");
		for (int i = 0; i < 15; i++) {
			fifteen.append("  p").append(i).append(": person(id: $id, purpose: TREATMENT) { id allergies { substance ")
				.append("recorded { at by country source } } }\n");
		}
		String hundred = Documents.PERSONS;

		JsonNode aliases = graphql.execute(clinician.token(), fifteen.append("}").toString(), Map.of("id", person));
		long started = System.nanoTime();
		JsonNode list = graphql.execute(clinician.token(), hundred,
				Map.of("ids", ids(100, person), "purpose", "TREATMENT"));
		long millis = (System.nanoTime() - started) / 1_000_000;

		assertThat(aliases.has("errors")).as(aliases.toString()).isFalse();
		assertThat(aliases.at("/data/p14/allergies/0/substance").asString()).isEqualTo("Penicillin");
		assertThat(list.at("/data/persons")).hasSize(100);
		assertThat(list.at("/data/persons/0/allergies/0/substance").asString()).isEqualTo("Penicillin");
		for (JsonNode error : list.at("/errors")) {
			assertThat(error.at("/extensions/classification").asString()).isEqualTo("NOT_FOUND");
		}
		System.out.printf("persons(100 ids), whole record: answered in %d ms%n", millis);
	}

	private void assertRefused(SignedIn user, String document, Map<String, Object> variables, String limit) {
		long started = System.nanoTime();
		HttpResponse<String> response = graphql.post(user.token(), document, variables);
		long millis = (System.nanoTime() - started) / 1_000_000;
		JsonNode body = JSON.readTree(response.body());

		assertThat(body.at("/data").isMissingNode() || body.at("/data").isNull()).as(body.toString()).isTrue();
		assertThat(body.at("/errors")).as(body.toString()).hasSize(1);
		JsonNode error = body.at("/errors/0");
		assertThat(error.at("/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
		assertThat(error.at("/extensions/limit").asString()).isEqualTo(limit);
		assertThat(error.at("/extensions/measured").asLong()).isGreaterThan(error.at("/extensions/maximum").asLong());
		assertThat(error.at("/message").asString()).startsWith("The request was refused before it ran");
		assertThat(millis).as("time to refuse (%d characters)", document.length()).isLessThan(2_000);
		System.out.printf("refused by %s (%d characters) in %d ms, HTTP %d%n", limit, document.length(), millis,
				response.statusCode());
	}

	/** The whole-record document of the benchmark, {@code times} times under aliases. */
	private static String wholeRecordTimes(int times) {
		StringBuilder document = new StringBuilder("query Whole($id: ID!) {\n");
		for (int i = 0; i < times; i++) {
			document.append("  p").append(i).append(": person(id: $id, purpose: TREATMENT) { ...Record }\n");
		}
		return document.append("}\n").append(Documents.RECORD_FRAGMENTS).toString();
	}

	/** The statements since the last {@code clearRecent}, without the ledger's own (audit of other requests). */
	/**
	 * What the documents cost the database, beside their audit: nothing. The check of a person's token (is the account
	 * bound to the record still open, one primary-key look-up) is authentication, which every request passes first.
	 */
	private List<String> statementsOfRequests() {
		return statements.recent()
			.stream()
			.filter(sql -> !sql.contains("access_event") && !sql.contains("access_stream_heads")
					&& !sql.contains("audit_lock_stream") && !sql.contains("audit_checkpoint"))
			.filter(sql -> !sql.startsWith("select enabled from users where username = ? and person_id = ?"))
			.toList();
	}

	private long readEvents(String person) {
		return jdbc.sql("select count(*) from access_events where person_id = ?::uuid and action = 'READ'")
			.param(person)
			.query(Long.class)
			.single();
	}

	private static List<String> ids(int count, String first) {
		List<String> ids = new ArrayList<>();
		ids.add(first);
		while (ids.size() < count) {
			ids.add(UUID.randomUUID().toString());
		}
		return ids;
	}

	private String registerWithAllergy(SignedIn clinician) {
		JsonNode registered = graphql.execute(clinician.token(), """
				mutation Register { registerPerson(input: {homeJurisdiction: "GR", identity: {givenNames: "Amal"}}) {
				  personId } }""");
		String person = registered.at("/data/registerPerson/personId").asString();
		JsonNode allergy = graphql.execute(clinician.token(), """
				mutation Allergy($p: ID!) { addAllergy(personId: $p, input: {substance: "Penicillin"}) { id } }""",
				Map.of("p", person));
		assertThat(allergy.has("errors")).as(allergy.toString()).isFalse();
		return person;
	}
}
