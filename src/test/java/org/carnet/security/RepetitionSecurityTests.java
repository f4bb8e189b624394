package org.carnet.security;

import java.util.List;
import java.util.Map;

import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
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
 * Issue 11, item 12: break-glass openings and consent requests cannot be repeated to flood a person. Several in one
 * document are refused before anything runs (nothing opened, nobody notified, the attempt audited); across documents
 * a repeated opening or request returns the one still open or pending without notifying again; and each requester
 * has a rate.
 */
@CarnetIntegrationTest
class RepetitionSecurityTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String JUSTIFICATION = "Unconscious patient brought in, allergies unknown";

	private static final String BREAK_GLASS = """
			mutation Open($p: ID!, $why: String!) { breakGlass(personId: $p, justification: $why) { id expiresAt } }""";

	private static final String REQUEST = """
			mutation Ask($input: RequestConsentInput!) { requestConsent(input: $input) { id status } }""";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	GraphQlRequests graphql;

	TestUsers users;

	@BeforeEach
	void setUp() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
	}

	@Test
	void twoBreakGlassOpeningsInOneDocumentAreRefusedBeforeAnythingHappensAndTheAttemptIsAudited() {
		String person = register(users.clinician("GR"));
		SignedIn emergency = users.clinician("GR");
		String twice = """
				mutation Twice($p: ID!, $why: String!) {
				  first: breakGlass(personId: $p, justification: $why) { id }
				  second: breakGlass(personId: $p, justification: $why) { id }
				}""";

		JsonNode refused = JSON.readTree(graphql.post(emergency.token(), twice,
				Map.of("p", person, "why", JUSTIFICATION)).body());

		assertThat(refused.at("/data").isMissingNode() || refused.at("/data").isNull()).as(refused.toString()).isTrue();
		assertThat(refused.at("/errors")).hasSize(1);
		assertThat(refused.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
		assertThat(refused.at("/errors/0/extensions/limit").asString()).isEqualTo("mutationsPerDocument.breakGlass");
		assertThat(refused.at("/errors/0/extensions/maximum").asLong()).isEqualTo(1);
		assertThat(refused.at("/errors/0/extensions/measured").asLong()).isEqualTo(2);
		assertThat(count("select count(*) from emergency_accesses where person_id = ?::uuid", person)).isZero();
		assertThat(notifications(person, "BREAK_GLASS")).isZero();
		assertThat(events(person, emergency, "BREAK_GLASS")).containsExactly("DENIED Twice");
	}

	@Test
	void manyConsentRequestsInOneDocumentAreRefusedBeforeAnythingHappens() {
		String person = register(users.clinician("GR"));
		SignedIn asking = users.clinician("DE");
		StringBuilder twenty = new StringBuilder("mutation Twenty($p: ID!) {\n");
		for (int i = 0; i < 20; i++) {
			twenty.append("  r").append(i).append(": requestConsent(input: {personId: $p, categories: [ALLERGIES], ")
				.append("purposes: [TREATMENT], reason: \"Follow-up visit\"}) { id }\n");
		}
		String two = """
				mutation Two($p: ID!) {
				  requestConsent(input: {personId: $p, categories: [ALLERGIES], purposes: [TREATMENT], reason: "Visit"}) { id }
				  again: requestConsent(input: {personId: $p, categories: [VACCINATIONS], purposes: [TREATMENT], reason: "Visit"}) { id }
				}""";

		JsonNode manyRefused = JSON.readTree(graphql.post(asking.token(), twenty.append("}").toString(),
				Map.of("p", person)).body());
		JsonNode twoRefused = JSON.readTree(graphql.post(asking.token(), two, Map.of("p", person)).body());

		assertThat(manyRefused.at("/errors/0/extensions/limit").asString()).as(manyRefused.toString())
			.isEqualTo("aliases");
		assertThat(twoRefused.at("/errors/0/extensions/limit").asString()).as(twoRefused.toString())
			.isEqualTo("mutationsPerDocument.requestConsent");
		for (JsonNode refused : List.of(manyRefused, twoRefused)) {
			assertThat(refused.at("/data").isMissingNode() || refused.at("/data").isNull()).isTrue();
			assertThat(refused.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
		}
		assertThat(count("select count(*) from consent_requests where person_id = ?::uuid", person)).isZero();
		assertThat(notifications(person, "CONSENT_REQUESTED")).isZero();
		assertThat(events(person, asking, "CONSENT_REQUESTED")).containsExactly("DENIED Twenty", "DENIED Two");
	}

	@Test
	void aSecondBreakGlassForTheSamePersonReturnsTheOpenAccessAndDoesNotNotifyAgain() {
		String person = register(users.clinician("GR"));
		SignedIn emergency = users.clinician("GR");

		JsonNode first = graphql.execute(emergency.token(), BREAK_GLASS, Map.of("p", person, "why", JUSTIFICATION));
		JsonNode second = graphql.execute(emergency.token(), BREAK_GLASS,
				Map.of("p", person, "why", "Still unconscious, second look at the allergies"));

		assertThat(first.has("errors")).as(first.toString()).isFalse();
		assertThat(second.at("/data/breakGlass/id").asString()).isEqualTo(first.at("/data/breakGlass/id").asString());
		assertThat(second.at("/data/breakGlass/expiresAt").asString())
			.isEqualTo(first.at("/data/breakGlass/expiresAt").asString());
		assertThat(count("select count(*) from emergency_accesses where person_id = ?::uuid", person)).isEqualTo(1);
		assertThat(notifications(person, "BREAK_GLASS")).isEqualTo(1);
		assertThat(events(person, emergency, "BREAK_GLASS")).containsExactly("SUCCESS Open", "SUCCESS Open");
	}

	@Test
	void aSecondConsentRequestReturnsThePendingOneAndOtherTermsWaitForTheAnswer() {
		String person = register(users.clinician("GR"));
		SignedIn asking = users.clinician("DE");
		Map<String, Object> allergies = Map.of("personId", person, "categories", List.of("ALLERGIES"), "purposes",
				List.of("TREATMENT"), "reason", "Follow-up of the penicillin allergy");
		Map<String, Object> more = Map.of("personId", person, "categories", List.of("ALLERGIES", "MEDICATIONS"),
				"purposes", List.of("TREATMENT"), "reason", "Follow-up of the penicillin allergy");

		JsonNode first = graphql.execute(asking.token(), REQUEST, Map.of("input", allergies));
		JsonNode again = graphql.execute(asking.token(), REQUEST, Map.of("input", allergies));
		JsonNode other = graphql.execute(asking.token(), REQUEST, Map.of("input", more));

		assertThat(first.at("/data/requestConsent/status").asString()).as(first.toString()).isEqualTo("PENDING");
		assertThat(again.at("/data/requestConsent/id").asString())
			.isEqualTo(first.at("/data/requestConsent/id").asString());
		assertThat(other.at("/errors/0/extensions/classification").asString()).as(other.toString())
			.isEqualTo("FORBIDDEN");
		assertThat(other.at("/errors/0/message").asString()).contains("still waiting for an answer");
		assertThat(count("select count(*) from consent_requests where person_id = ?::uuid", person)).isEqualTo(1);
		assertThat(notifications(person, "CONSENT_REQUESTED")).isEqualTo(1);
		assertThat(events(null, asking, "CONSENT_REQUESTED")).contains("DENIED Ask");
	}

	@Test
	void aClinicianOpeningMoreEmergencyAccessesThanTheRateAllowsIsRefusedAndAudited() {
		SignedIn registering = users.clinician("GR");
		SignedIn emergency = users.clinician("GR");
		for (int i = 0; i < 10; i++) {
			JsonNode opened = graphql.execute(emergency.token(), BREAK_GLASS,
					Map.of("p", register(registering), "why", JUSTIFICATION));
			assertThat(opened.has("errors")).as(opened.toString()).isFalse();
		}
		String eleventh = register(registering);

		JsonNode refused = graphql.execute(emergency.token(), BREAK_GLASS, Map.of("p", eleventh, "why", JUSTIFICATION));

		assertThat(refused.at("/errors/0/extensions/classification").asString()).as(refused.toString())
			.isEqualTo("FORBIDDEN");
		assertThat(refused.at("/errors/0/message").asString()).contains("10 emergency accesses within an hour");
		assertThat(count("select count(*) from emergency_accesses where person_id = ?::uuid", eleventh)).isZero();
		assertThat(notifications(eleventh, "BREAK_GLASS")).isZero();
		assertThat(events(null, emergency, "BREAK_GLASS")).filteredOn(e -> e.startsWith("DENIED")).hasSize(1);
	}

	private long count(String sql, String person) {
		return jdbc.sql(sql).param(person).query(Long.class).single();
	}

	private long notifications(String person, String kind) {
		return jdbc.sql("select count(*) from notifications where person_id = ?::uuid and kind = ?")
			.params(person, kind)
			.query(Long.class)
			.single();
	}

	/** The requester's events of that action (about the person, when given), as "OUTCOME operation", in order. */
	private List<String> events(String person, SignedIn requester, String action) {
		return jdbc.sql("""
				select outcome || ' ' || operation_name from access_events
				where requester_subject = ? and action = ? and (?::uuid is null or person_id = ?::uuid)
				order by sequence""")
			.params(requester.username(), action, person, person)
			.query(String.class)
			.list();
	}

	private String register(SignedIn clinician) {
		JsonNode registered = graphql.execute(clinician.token(), """
				mutation Register { registerPerson(input: {homeJurisdiction: "GR", identity: {givenNames: "Amal"}}) {
				  personId } }""");
		return registered.at("/data/registerPerson/personId").asString();
	}
}
