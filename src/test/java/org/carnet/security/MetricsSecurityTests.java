package org.carnet.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.Meters;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.execution.GraphQlSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, item 2: the Prometheus meters tell operators what happened (reads by outcome and purpose, denials by
 * reason, emergency accesses, the ledger's appends and verification, the keyring, HTTP and GraphQL timings) and
 * nothing about whom: no person id, PHR number, name, user name, justification or health value in any meter or tag.
 */
@CarnetIntegrationTest
class MetricsSecurityTests {

	private static final String GIVEN_NAMES = "Quenby";

	private static final String FAMILY_NAME = "Marchetti-Oyelaran";

	private static final String SUBSTANCE = "Sulfamethoxazole";

	private static final String JUSTIFICATION = "Unconscious after a fall at the harbour, medication history unknown";

	private static final String READ = """
			query Read($id: ID!, $purpose: Purpose!) {
			  person(id: $id, purpose: $purpose) { id identity { givenNames } allergies { substance } }
			}""";

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	Accounts accounts;

	@Autowired
	MeterRegistry meters;

	@Autowired
	GraphQlSource graphQlSource;

	@Test
	void theGraphQlTimingsComeFromTheOneInstrumentationNotAChainAroundEveryField() {
		// a chain (even of one) costs graphql-java calls and lists around each of the ~560 fields of a whole record
		assertThat(graphQlSource.graphQl().getInstrumentation().getClass().getName())
			.isEqualTo("org.carnet.graphql.RequestInstrumentation");
		// and the entries' fields, values in memory, are completed in one pass rather than one by one
		assertThat(graphQlSource.graphQl().getQueryStrategy().getClass().getName())
			.isEqualTo("org.carnet.graphql.InMemoryObjects");
	}

	@Test
	void aReadADenialAndABreakGlassAreCountedByOutcomeAndReasonWithNothingThatNamesAnyone() throws Exception {
		GraphQlRequests graphql = new GraphQlRequests(port);
		TestUsers users = new TestUsers(accounts, port);
		SignedIn registering = users.clinician("GR");
		SignedIn stranger = users.clinician("DE");
		SignedIn auditor = users.staff(Role.AUDITOR, "GR");
		JsonNode registration = register(graphql, registering);
		String personId = registration.get("personId").asString();
		String phrNumber = registration.get("phrNumber").asString();
		SecurityFixtures.addAllergy(graphql, registering, personId, SUBSTANCE);
		long reads = Meters.count(meters, "carnet.reads", "outcome", "SUCCESS", "purpose", "TREATMENT");
		long refusedReads = Meters.count(meters, "carnet.reads", "outcome", "DENIED", "purpose", "TREATMENT");
		long noGrant = Meters.count(meters, "carnet.consent.denials", "reason", "NO_GRANT");
		long breakGlass = Meters.count(meters, "carnet.break.glass", "outcome", "SUCCESS");
		long held = meters.get("carnet.reads.held").tag("outcome", "released").timer().count();

		JsonNode served = graphql.execute(registering.token(), READ, Map.of("id", personId, "purpose", "TREATMENT"));
		JsonNode refused = graphql.execute(stranger.token(), READ, Map.of("id", personId, "purpose", "TREATMENT"));
		JsonNode opened = graphql.execute(stranger.token(),
				"mutation($p: ID!, $j: String!) { breakGlass(personId: $p, justification: $j) { expiresAt } }",
				Map.of("p", personId, "j", JUSTIFICATION));
		JsonNode verified = graphql.execute(auditor.token(), "{ verifyAuditLog { ok } }");
		// addresses that carry an id or a name: the HTTP meters' uri tag is the route, never the raw path
		for (String path : List.of("/portal/persons/" + personId, "/portal/" + FAMILY_NAME, "/graphql/" + phrNumber)) {
			HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
						HttpResponse.BodyHandlers.discarding());
		}
		String prometheus = scrape();

		assertThat(served.at("/data/person/allergies/0/substance").asString()).isEqualTo(SUBSTANCE);
		assertThat(refused.at("/errors/0/extensions/classification").asString()).isEqualTo("CONSENT_REQUIRED");
		assertThat(opened.has("errors")).as(opened.toString()).isFalse();
		assertThat(verified.at("/data/verifyAuditLog/ok").asBoolean()).isTrue();

		assertThat(Meters.count(meters, "carnet.reads", "outcome", "SUCCESS", "purpose", "TREATMENT"))
			.isEqualTo(reads + 1);
		assertThat(Meters.count(meters, "carnet.reads", "outcome", "DENIED", "purpose", "TREATMENT"))
			.isEqualTo(refusedReads + 1);
		assertThat(Meters.count(meters, "carnet.consent.denials", "reason", "NO_GRANT")).isGreaterThan(noGrant);
		assertThat(Meters.count(meters, "carnet.break.glass", "outcome", "SUCCESS")).isEqualTo(breakGlass + 1);
		// the served read and the refused one each waited for their event; the mutations and the verification did not
		assertThat(meters.get("carnet.reads.held").tag("outcome", "released").timer().count()).isEqualTo(held + 2);

		assertThat(prometheus).containsPattern("carnet_reads_total\\{[^}]*outcome=\"SUCCESS\",purpose=\"TREATMENT\"")
			.containsPattern("carnet_reads_total\\{[^}]*outcome=\"DENIED\",purpose=\"TREATMENT\"")
			.containsPattern("carnet_consent_denials_total\\{[^}]*reason=\"NO_GRANT\"")
			.containsPattern("carnet_break_glass_total\\{[^}]*outcome=\"SUCCESS\"")
			.containsPattern("carnet_audit_events_total\\{[^}]*action=\"BREAK_GLASS\"")
			.containsPattern("carnet_audit_append_seconds_bucket\\{[^}]*outcome=\"success\"")
			.containsPattern("carnet_reads_held_seconds_bucket\\{[^}]*outcome=\"released\"")
			.containsPattern("carnet_audit_verifications_total\\{[^}]*result=\"intact\"")
			.contains("carnet_audit_verification_intact{application=\"carnet\"} 1.0", "carnet_audit_waiting",
					"carnet_keyring_cache_hit_ratio", "http_server_requests_seconds_count", "graphql_request_seconds")
			.containsPattern("graphql_request_seconds_count\\{[^}]*graphql_operation_type=\"query\",graphql_outcome=\"SUCCESS\"")
			.containsPattern("graphql_request_seconds_count\\{[^}]*graphql_operation_type=\"mutation\",graphql_outcome=\"SUCCESS\"")
			.containsPattern("graphql_datafetcher_seconds_count\\{[^}]*graphql_field_name=\"person\",graphql_outcome=\"SUCCESS\"")
			.containsPattern("graphql_datafetcher_seconds_count\\{[^}]*graphql_field_name=\"allergies\",graphql_outcome=\"SUCCESS\"")
			.doesNotContainPattern("graphql_datafetcher_seconds_count\\{[^}]*graphql_field_name=\"substance\"")
			.containsPattern("carnet_keyring_calls_total\\{[^}]*operation=\"wrap\",outcome=\"success\"")
			.containsPattern("cache_gets_total\\{[^}]*cache=\"person-keys\"[^}]*result=\"hit\"");
		for (String personal : List.of(personId, phrNumber, phrNumber.replace("-", ""), GIVEN_NAMES, FAMILY_NAME,
				SUBSTANCE, JUSTIFICATION, registering.username(), stranger.username(), auditor.username())) {
			assertThat(prometheus).as("the meters name " + personal).doesNotContainIgnoringCase(personal);
		}
	}

	private static JsonNode register(GraphQlRequests graphql, SignedIn clinician) {
		Map<String, Object> input = new HashMap<>();
		input.put("homeJurisdiction", "GR");
		input.put("identity", Map.of("givenNames", GIVEN_NAMES, "familyName", FAMILY_NAME, "dateOfBirth",
				"1987-03-09", "sex", "FEMALE", "nationality", "SY", "languages", List.of("ar")));
		JsonNode answer = graphql.execute(clinician.token(), SecurityFixtures.REGISTER, Map.of("input", input));
		assertThat(answer.has("errors")).as(answer.toString()).isFalse();
		return answer.at("/data/registerPerson");
	}

	private String scrape() throws Exception {
		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/prometheus"))
				.header("Accept", "text/plain")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(200);
		return answer.body();
	}
}
