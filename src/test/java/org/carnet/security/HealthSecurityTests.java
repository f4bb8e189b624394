package org.carnet.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.TestUsers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, item 3: a health endpoint that tells, reachable without a token, showing a status and nothing else; the
 * rest of the actuator is not exposed.
 */
@CarnetIntegrationTest
class HealthSecurityTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Test
	void healthAndItsProbesAnswerUpWithoutATokenAndWithoutDetails() throws Exception {
		for (String path : new String[] { "/actuator/health", "/actuator/health/liveness",
				"/actuator/health/readiness" }) {
			HttpResponse<String> health = get(path, null);

			assertThat(health.statusCode()).as(path).isEqualTo(200);
			JsonNode body = JSON.readTree(health.body());
			assertThat(body.at("/status").asString()).as(path).isEqualTo("UP");
			// the status, and at the root the names of the probe groups; no components, no details
			assertThat(body.propertyNames()).as(path + ": " + body).isSubsetOf("status", "groups");
		}
	}

	@Test
	void aSignedInUserSeesNoMoreDetailsThanAnyone() throws Exception {
		String token = new TestUsers(accounts, port).admin().token();

		HttpResponse<String> health = get("/actuator/health", token);

		assertThat(JSON.readTree(health.body()).propertyNames()).as(health.body()).isSubsetOf("status", "groups");
	}

	@Test
	void noOtherActuatorEndpointIsExposed() throws Exception {
		String token = new TestUsers(accounts, port).admin().token();
		for (String path : new String[] { "/actuator", "/actuator/env", "/actuator/beans", "/actuator/metrics",
				"/actuator/configprops", "/actuator/heapdump", "/actuator/threaddump", "/actuator/loggers",
				"/actuator/health/ledgerWriters" }) {
			for (String bearer : new String[] { null, token }) {
				HttpResponse<String> answer = get(path, bearer);

				assertThat(answer.statusCode()).as(path + (bearer == null ? "" : " with a token")).isNotEqualTo(200);
				assertThat(answer.body()).doesNotContain("propertySources", "contexts", "runningWriters", "names");
			}
		}
	}

	private HttpResponse<String> get(String path, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Accept", "application/json")
			.GET();
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}
}
