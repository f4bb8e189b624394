package org.carnet.security;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carnet.security.AuditorView.strings;

/**
 * Issue 11, item 4: one request reading the same person under several purposes leaves one READ event per purpose,
 * each with what was served and withheld under it, so an emergency read is never hidden behind another purpose.
 */
@CarnetIntegrationTest
class MixedPurposeSecurityTests {

	static final String MIXED = """
			query Mixed($id: ID!) {
			  a: person(id: $id, purpose: TREATMENT) { allergies { substance } }
			  b: person(id: $id, purpose: EMERGENCY) { allergies { substance } }
			}""";

	static final String EMERGENCY_FIRST = """
			query EmergencyFirst($id: ID!) {
			  b: person(id: $id, purpose: EMERGENCY) { allergies { substance } }
			  a: person(id: $id, purpose: TREATMENT) { id allergies { substance } }
			}""";

	static final String SUMMARY = """
			query Summary($from: DateTime!, $to: DateTime!) {
			  crossBorderSummary(from: $from, to: $to) {
			    flows { requesterJurisdiction homeJurisdiction accesses emergencyAccesses denied }
			  }
			}""";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	GraphQlRequests graphql;

	TestUsers users;

	AuditorView auditor;

	SignedIn auditorUser;

	SignedIn weber;

	SignedIn person;

	String personId;

	@BeforeEach
	void aGreekRecordAndAGermanClinicianWhoBrokeTheGlass() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		SignedIn registrar = users.clinician("GR");
		auditorUser = users.staff(Role.AUDITOR, "GR");
		auditor = new AuditorView(graphql, auditorUser.token());
		personId = SecurityFixtures.register(graphql, registrar, "GR");
		SecurityFixtures.addAllergy(graphql, registrar, personId, "Penicillin");
		person = users.migrant(PersonId.parse(personId, "id"), Jurisdiction.of("GR"));
		weber = users.clinician("DE");
		JsonNode opened = graphql.execute(weber.token(),
				"mutation($p: ID!, $j: String!) { breakGlass(personId: $p, justification: $j) { id } }",
				Map.of("p", personId, "j", "Unconscious patient in the emergency room, allergies unknown"));
		assertThat(opened.has("errors")).as(opened.toString()).isFalse();
	}

	@Test
	void aTreatmentAndAnEmergencyReadInOneRequestLeaveOneEventPerPurpose() {
		JsonNode read = graphql.execute(weber.token(), MIXED, Map.of("id", personId));

		assertThat(read.at("/data/a/allergies").isNull()).as(read.toString()).isTrue();
		assertThat(read.at("/data/b/allergies/0/substance").asString()).isEqualTo("Penicillin");
		List<JsonNode> reads = auditor.events(Map.of("personId", personId, "requester", weber.username(),
				"actions", List.of("READ")));
		assertThat(reads).hasSize(2);
		JsonNode treatment = reads.stream().filter(e -> e.at("/purpose").asString().equals("TREATMENT")).findFirst()
			.orElseThrow();
		JsonNode emergency = reads.stream().filter(e -> e.at("/purpose").asString().equals("EMERGENCY")).findFirst()
			.orElseThrow();
		assertThat(treatment.at("/outcome").asString()).isEqualTo("DENIED");
		assertThat(strings(treatment.at("/categoriesServed"))).isEmpty();
		assertThat(strings(treatment.at("/categoriesWithheld"))).containsExactly("ALLERGIES");
		assertThat(treatment.at("/emergency").asBoolean()).isFalse();
		assertThat(emergency.at("/outcome").asString()).isEqualTo("SUCCESS");
		assertThat(strings(emergency.at("/categoriesServed"))).containsExactly("ALLERGIES");
		assertThat(strings(emergency.at("/categoriesWithheld"))).isEmpty();
		assertThat(emergency.at("/emergency").asBoolean()).isTrue();
		assertThat(emergency.at("/crossBorder").asBoolean()).isTrue();
		for (JsonNode event : reads) {
			assertThat(event.at("/operationName").asString()).isEqualTo("Mixed");
			assertThat(event.at("/requestId").asString()).isEqualTo(reads.get(0).at("/requestId").asString());
		}
	}

	@Test
	void theEmergencyReadShowsInTheEmergencyFilterThePersonsLogAndTheCrossBorderSummary() {
		Map<String, Object> period = Map.of("from", Instant.now().minus(1, ChronoUnit.HOURS).toString(), "to",
				Instant.now().plus(1, ChronoUnit.HOURS).toString());
		JsonNode before = flow(graphql.execute(auditorUser.token(), SUMMARY, period));

		graphql.execute(weber.token(), MIXED, Map.of("id", personId));

		List<JsonNode> emergencies = auditor.events(Map.of("personId", personId, "emergency", true,
				"actions", List.of("READ")));
		assertThat(emergencies).extracting(e -> e.at("/purpose").asString()).containsExactly("EMERGENCY");
		List<JsonNode> byPurpose = auditor.events(Map.of("personId", personId, "purposes", List.of("EMERGENCY"),
				"actions", List.of("READ")));
		assertThat(byPurpose).extracting(e -> e.at("/requester/subject").asString()).containsExactly(weber.username());
		List<JsonNode> ordinary = auditor.events(Map.of("personId", personId, "emergency", false,
				"requester", weber.username(), "actions", List.of("READ")));
		assertThat(ordinary).extracting(e -> e.at("/purpose").asString()).containsExactly("TREATMENT");

		JsonNode log = graphql.execute(person.token(),
				"{ myAccessLog(first: 10) { edges { node { action purpose emergency categoriesServed requester { subject } } } } }");
		List<String> seen = new java.util.ArrayList<>();
		log.at("/data/myAccessLog/edges").forEach(edge -> {
			JsonNode node = edge.get("node");
			if (node.at("/action").asString().equals("READ")
					&& node.at("/requester/subject").asString().equals(weber.username())) {
				seen.add(node.at("/purpose").asString() + " " + node.at("/emergency").asBoolean() + " "
						+ strings(node.at("/categoriesServed")));
			}
		});
		assertThat(seen).containsExactlyInAnyOrder("EMERGENCY true [ALLERGIES]", "TREATMENT false []");

		JsonNode after = flow(graphql.execute(auditorUser.token(), SUMMARY, period));
		assertThat(after.at("/emergencyAccesses").asLong() - before.at("/emergencyAccesses").asLong()).isEqualTo(1);
		assertThat(after.at("/denied").asLong() - before.at("/denied").asLong()).isEqualTo(1);
		assertThat(after.at("/accesses").asLong() - before.at("/accesses").asLong()).isZero();
	}

	@Test
	void theOrderOfTheAliasesChangesNothing() {
		graphql.execute(weber.token(), EMERGENCY_FIRST, Map.of("id", personId));

		List<JsonNode> reads = auditor.events(Map.of("personId", personId, "requester", weber.username(),
				"actions", List.of("READ")));
		assertThat(reads).extracting(e -> e.at("/purpose").asString() + " " + e.at("/outcome").asString())
			.containsExactlyInAnyOrder("EMERGENCY SUCCESS", "TREATMENT DENIED");
	}

	/** The German-to-Greek flow of a summary. */
	private static JsonNode flow(JsonNode summary) {
		assertThat(summary.has("errors")).as(summary.toString()).isFalse();
		for (JsonNode flow : summary.at("/data/crossBorderSummary/flows")) {
			if (flow.at("/requesterJurisdiction").asString().equals("DE")
					&& flow.at("/homeJurisdiction").asString().equals("GR")) {
				return flow;
			}
		}
		return tools.jackson.databind.node.JsonNodeFactory.instance.objectNode()
			.put("accesses", 0)
			.put("emergencyAccesses", 0)
			.put("denied", 0);
	}
}
