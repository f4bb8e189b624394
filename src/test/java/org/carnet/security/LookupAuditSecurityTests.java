package org.carnet.security;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.StatementCounter;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carnet.security.AuditorView.strings;

/**
 * Issue 11, item 5: every look-up of a person (by PHR number, by id, in a list) is an audited access, even when no
 * health field is asked; look-ups that find nobody are summarised in one event per request; a document with too
 * many look-ups, or a requester looking up too many recently, is refused before any look-up, and audited.
 */
@CarnetIntegrationTest
class LookupAuditSecurityTests {

	static final String BY_PHR = """
			query ByPhr($phr: String!) { personByPhrNumber(phrNumber: $phr, purpose: TREATMENT) { id homeJurisdiction } }""";

	static final String BY_ID = """
			query ById($id: ID!) { person(id: $id, purpose: CARE_COORDINATION) { id } }""";

	static final String LIST = """
			query List($ids: [ID!]!) { persons(ids: $ids, purpose: TREATMENT) { id homeJurisdiction } }""";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	StatementCounter statements;

	@Autowired
	Environment environment;

	GraphQlRequests graphql;

	TestUsers users;

	AuditorView auditor;

	SignedIn prober;

	SignedIn person;

	String personId;

	String phrNumber;

	@BeforeEach
	void aGreekRecordAndAGermanClinicianWithoutAnyGrant() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		SignedIn registrar = users.clinician("GR");
		auditor = new AuditorView(graphql, users.staff(Role.AUDITOR, "GR").token());
		JsonNode registered = SecurityFixtures.registration(graphql, registrar, "GR");
		personId = registered.get("personId").asString();
		phrNumber = registered.get("phrNumber").asString();
		person = users.migrant(PersonId.parse(personId, "id"), Jurisdiction.of("GR"));
		prober = users.clinician("DE");
	}

	@Test
	void aLookUpByPhrNumberWithoutHealthFieldsIsAReadEventTheAuditorAndThePersonSee() {
		JsonNode found = graphql.execute(prober.token(), BY_PHR, Map.of("phr", phrNumber));

		assertThat(found.at("/data/personByPhrNumber/id").asString()).as(found.toString()).isEqualTo(personId);
		List<JsonNode> events = auditor.byRequester(prober.username(), "READ", "LOOKUP_MISSED");
		assertThat(events).hasSize(1);
		JsonNode read = events.get(0);
		assertThat(read.at("/action").asString()).isEqualTo("READ");
		assertThat(read.at("/outcome").asString()).isEqualTo("SUCCESS");
		assertThat(read.at("/personId").asString()).isEqualTo(personId);
		assertThat(read.at("/homeJurisdiction").asString()).isEqualTo("GR");
		assertThat(read.at("/purpose").asString()).isEqualTo("TREATMENT");
		assertThat(read.at("/crossBorder").asBoolean()).isTrue();
		assertThat(strings(read.at("/categoriesServed"))).isEmpty();
		assertThat(strings(read.at("/categoriesWithheld"))).isEmpty();
		assertThat(read.at("/operationName").asString()).isEqualTo("ByPhr");

		JsonNode log = graphql.execute(person.token(),
				"{ myAccessLog(first: 5) { edges { node { action purpose requester { subject } } } } }");
		assertThat(log.at("/data/myAccessLog/edges/0/node/action").asString()).isEqualTo("READ");
		assertThat(log.at("/data/myAccessLog/edges/0/node/requester/subject").asString())
			.isEqualTo(prober.username());
	}

	@Test
	void lookUpsByIdAndInAListAreReadEventsWithTheirPurpose() {
		graphql.execute(prober.token(), BY_ID, Map.of("id", personId));
		graphql.execute(prober.token(), LIST, Map.of("ids", List.of(personId)));

		List<JsonNode> events = auditor.byRequester(prober.username(), "READ");
		assertThat(events).extracting(e -> e.at("/purpose").asString() + " " + e.at("/outcome").asString() + " "
				+ e.at("/personId").asString() + " " + e.at("/operationName").asString())
			.containsExactly("CARE_COORDINATION SUCCESS " + personId + " ById",
					"TREATMENT SUCCESS " + personId + " List");
	}

	@Test
	void lookUpsThatFindNobodyAreSummarisedInOneEventWithoutTheGuessedNumbers() {
		List<String> guesses = List.of(PhrNumber.random().value(), PhrNumber.random().value(),
				PhrNumber.random().value());
		String document = """
				query Guess($a: String!, $b: String!, $c: String!, $ids: [ID!]!) {
				  a: personByPhrNumber(phrNumber: $a, purpose: TREATMENT) { id }
				  b: personByPhrNumber(phrNumber: $b, purpose: TREATMENT) { id }
				  c: personByPhrNumber(phrNumber: $c, purpose: TREATMENT) { id }
				  found: personByPhrNumber(phrNumber: "%s", purpose: TREATMENT) { id }
				  list: persons(ids: $ids, purpose: TREATMENT) { id }
				}""".formatted(phrNumber);
		String unknownId = UUID.randomUUID().toString();

		JsonNode answer = graphql.execute(prober.token(), document,
				Map.of("a", guesses.get(0), "b", guesses.get(1), "c", guesses.get(2), "ids", List.of(unknownId)));

		assertThat(answer.at("/data/found/id").asString()).as(answer.toString()).isEqualTo(personId);
		assertThat(answer.at("/data/a").isNull()).isTrue();
		List<JsonNode> events = auditor.byRequester(prober.username(), "READ", "LOOKUP_MISSED");
		assertThat(events).extracting(e -> e.at("/action").asString()).containsExactlyInAnyOrder("READ",
				"LOOKUP_MISSED");
		JsonNode missed = events.stream().filter(e -> e.at("/action").asString().equals("LOOKUP_MISSED")).findFirst()
			.orElseThrow();
		assertThat(missed.at("/count").asInt()).isEqualTo(4);
		assertThat(missed.at("/outcome").asString()).isEqualTo("SUCCESS");
		assertThat(missed.at("/operationName").asString()).isEqualTo("Guess");
		assertThat(missed.at("/requester/subject").asString()).isEqualTo(prober.username());
		assertThat(missed.at("/personId").isNull()).isTrue();
		assertThat(missed.toString()).doesNotContain(guesses.get(0), guesses.get(1), guesses.get(2), unknownId);
	}

	@Test
	void aDocumentWithTooManyLookUpsIsRefusedBeforeAnyLookUpAndAudited() {
		// aliases are bounded by the document limits (README, "Limits"); a list of ids reaches the look-up bound
		int max = environment.getProperty("carnet.graphql.lookups.max-per-request", Integer.class, 100);
		String document = """
				query Enumerate($ids: [ID!]!, $phr: String!) {
				  real: personByPhrNumber(phrNumber: $phr, purpose: TREATMENT) { id homeJurisdiction }
				  guesses: persons(ids: $ids, purpose: TREATMENT) { id }
				}""";
		statements.clearRecent();

		HttpResponse<String> answer = graphql.post(prober.token(), document,
				Map.of("ids", unknownIds(max), "phr", phrNumber));

		JsonNode body = JSON.readTree(answer.body());
		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(body.at("/data").isMissingNode() || body.at("/data").isNull()).as(body.toString()).isTrue();
		assertThat(body.at("/errors").size()).isEqualTo(1);
		assertThat(body.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
		assertThat(body.at("/errors/0/extensions/lookups").asInt()).isEqualTo(max + 1);
		assertThat(answer.body()).doesNotContain(personId);
		assertThat(statements.recent()).noneMatch(sql -> sql.contains("from persons"));
		List<JsonNode> events = auditor.byRequester(prober.username(), "READ", "LOOKUP_MISSED", "LOOKUP_REFUSED");
		assertThat(events).hasSize(1);
		assertThat(events.get(0).at("/action").asString()).isEqualTo("LOOKUP_REFUSED");
		assertThat(events.get(0).at("/outcome").asString()).isEqualTo("DENIED");
		assertThat(events.get(0).at("/count").asInt()).isEqualTo(max + 1);
		assertThat(events.get(0).at("/operationName").asString()).isEqualTo("Enumerate");
	}

	@Test
	void lookUpsHiddenInFragmentsAreCountedAndSkippedOnesAreNot() {
		int max = environment.getProperty("carnet.graphql.lookups.max-per-request", Integer.class, 100);
		int half = max / 2 + 1;
		String fragments = """
				fragment First on Query { f: persons(ids: $first, purpose: TREATMENT) { id } }
				fragment Second on Query { s: persons(ids: $second, purpose: TREATMENT) { id } }""";
		Map<String, Object> ids = Map.of("first", unknownIds(half), "second", unknownIds(half));

		HttpResponse<String> hidden = graphql.post(prober.token(),
				"query Hidden($first: [ID!]!, $second: [ID!]!) { ...First ... on Query { ...Second } }\n" + fragments,
				ids);
		Map<String, Object> skippedVariables = new java.util.HashMap<>(ids);
		skippedVariables.put("no", true);
		JsonNode skipped = graphql.execute(prober.token(),
				"query Skipped($first: [ID!]!, $second: [ID!]!, $no: Boolean!) { ...First ...Second @skip(if: $no) }\n"
						+ fragments,
				skippedVariables);

		assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(400);
		assertThat(JSON.readTree(hidden.body()).at("/errors/0/extensions/lookups").asInt()).isEqualTo(2 * half);
		assertThat(skipped.has("data")).as(skipped.toString()).isTrue();
		assertThat(auditor.byRequester(prober.username(), "LOOKUP_REFUSED", "LOOKUP_MISSED"))
			.extracting(e -> e.at("/action").asString() + " " + e.at("/count").asInt())
			.containsExactly("LOOKUP_REFUSED " + 2 * half, "LOOKUP_MISSED " + half);
	}

	@Test
	void aRequesterLookingUpTooManyRecentlyIsRefusedThenRecovers() throws InterruptedException {
		int burst = environment.getProperty("carnet.graphql.lookups.burst", Integer.class, 300);
		int max = environment.getProperty("carnet.graphql.lookups.max-per-request", Integer.class, 100);
		SignedIn enumerator = users.clinician("DE");
		int taken = 0;
		while (taken + max <= burst) {
			JsonNode allowed = graphql.execute(enumerator.token(), LIST, Map.of("ids", unknownIds(max)));
			assertThat(allowed.at("/data/persons")).as(allowed.toString()).hasSize(max);
			taken += max;
		}

		HttpResponse<String> refused = graphql.post(enumerator.token(), LIST,
				Map.of("ids", unknownIds(max)));

		JsonNode body = JSON.readTree(refused.body());
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(body.at("/data").isMissingNode() || body.at("/data").isNull()).as(body.toString()).isTrue();
		assertThat(body.at("/errors/0/extensions/classification").asString()).isEqualTo("TOO_MANY_REQUESTS");
		assertThat(body.at("/errors/0/extensions/retryAfterSeconds").asInt()).isPositive();
		List<JsonNode> events = auditor.byRequester(enumerator.username(), "LOOKUP_MISSED", "LOOKUP_REFUSED");
		assertThat(events).extracting(e -> e.at("/action").asString() + " " + e.at("/count").asInt())
			.endsWith("LOOKUP_REFUSED " + max)
			.hasSize(taken / max + 1);

		Thread.sleep(1_500);
		JsonNode recovered = graphql.execute(enumerator.token(), BY_PHR, Map.of("phr", phrNumber));
		assertThat(recovered.at("/data/personByPhrNumber/id").asString()).as(recovered.toString())
			.isEqualTo(personId);
	}

	private static List<String> unknownIds(int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(UUID.randomUUID().toString());
		}
		return ids;
	}
}
