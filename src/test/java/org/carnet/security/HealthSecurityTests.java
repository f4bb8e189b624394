package org.carnet.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.TestUsers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, item 3 and issue 14, item 2: the actuator on a management port of its own. Health, its probes and the
 * Prometheus meters answer there without a token; health's components and details only for an administrator. On the
 * application's port only the probes {@code /livez} and {@code /readyz} answer, with a status and nothing else.
 */
@CarnetIntegrationTest
class HealthSecurityTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String[] HEALTH = { "/actuator/health", "/actuator/health/liveness",
			"/actuator/health/readiness" };

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	Accounts accounts;

	@Test
	void theManagementPortIsNotTheApplicationsPort() {
		assertThat(managementPort).isPositive().isNotEqualTo(port);
	}

	@Test
	void healthAndItsProbesAnswerUpOnTheManagementPortWithoutATokenAndWithoutDetails() throws Exception {
		for (String path : HEALTH) {
			HttpResponse<String> health = get(managementPort, path, null);

			assertThat(health.statusCode()).as(path).isEqualTo(200);
			JsonNode body = JSON.readTree(health.body());
			assertThat(body.at("/status").asString()).as(path).isEqualTo("UP");
			// the status, and at the root the names of the probe groups; no components, no details
			assertThat(body.propertyNames()).as(path + ": " + body).isSubsetOf("status", "groups");
		}
	}

	@Test
	void theApplicationsPortAnswersTheTwoProbesWithAStatusOnly() throws Exception {
		String token = new TestUsers(accounts, port).admin().token();
		for (String path : new String[] { "/livez", "/readyz" }) {
			for (String bearer : new String[] { null, token }) {
				HttpResponse<String> probe = get(port, path, bearer);

				assertThat(probe.statusCode()).as(path).isEqualTo(200);
				assertThat(JSON.readTree(probe.body()).propertyNames()).as(path + ": " + probe.body())
					.containsExactly("status");
			}
		}
	}

	@Test
	void theActuatorIsNotOnTheApplicationsPort() throws Exception {
		String token = new TestUsers(accounts, port).admin().token();
		for (String path : new String[] { "/actuator", "/actuator/health", "/actuator/health/readiness",
				"/actuator/prometheus" }) {
			for (String bearer : new String[] { null, token }) {
				HttpResponse<String> answer = get(port, path, bearer);

				assertThat(answer.statusCode()).as(path).isNotEqualTo(200);
				assertThat(answer.body()).doesNotContain("\"status\"", "jvm_", "carnet_");
			}
		}
	}

	@Test
	void anAdministratorSeesTheReadinessChecksAndTheirDetails() throws Exception {
		String token = new TestUsers(accounts, port).admin().token();

		JsonNode readiness = JSON.readTree(get(managementPort, "/actuator/health/readiness", token).body());

		assertThat(readiness.at("/status").asString()).isEqualTo("UP");
		assertThat(readiness.at("/components").propertyNames()).contains("db", "ledger", "ledgerWriters", "keyring",
				"migrations", "embeddedPostgres", "readinessState");
		assertThat(readiness.at("/components/ledger/details/streams").asInt()).isPositive();
		assertThat(readiness.at("/components/keyring/status").asString()).isEqualTo("UP");
		assertThat(readiness.at("/components/keyring/details/keyCache").asString()).as("hears the other replicas")
			.isEqualTo("listening");
		assertThat(readiness.at("/components/migrations/details/columns").asLong()).isPositive();
	}

	@Test
	void noOtherRoleSeesComponentsOrDetails() throws Exception {
		TestUsers users = new TestUsers(accounts, port);
		for (String token : new String[] { users.clinician("GR").token(),
				users.staff(Role.AUDITOR, "GR").token() }) {
			for (String path : HEALTH) {
				HttpResponse<String> health = get(managementPort, path, token);

				assertThat(health.statusCode()).as(path).isEqualTo(200);
				assertThat(JSON.readTree(health.body()).propertyNames()).as(path + ": " + health.body())
					.isSubsetOf("status", "groups");
			}
		}
	}

	@Test
	void aChecksOwnPathShowsNoDetailsWithoutAnAdministrator() throws Exception {
		String clinician = new TestUsers(accounts, port).clinician("GR").token();
		for (String path : new String[] { "/actuator/health/ledger", "/actuator/health/readiness/keyring",
				"/actuator/health/db" }) {
			for (String bearer : new String[] { null, clinician }) {
				HttpResponse<String> health = get(managementPort, path, bearer);

				assertThat(health.body()).as(path).doesNotContain("details", "streams", "jurisdictions", "database");
			}
		}
	}

	@Test
	void aTokenThatDoesNotVerifyIsRefused() throws Exception {
		String token = new TestUsers(accounts, port).admin().token();
		String forged = token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";

		HttpResponse<String> health = get(managementPort, "/actuator/health", forged);

		assertThat(health.statusCode()).isEqualTo(401);
		assertThat(health.body()).doesNotContain("components");
	}

	@Test
	void theMetricsAnswerOnTheManagementPortInPrometheusFormat() throws Exception {
		HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(
				URI.create("http://localhost:" + managementPort + "/actuator/prometheus")).header("Accept", "text/plain")
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge", "carnet_audit_waiting");
	}

	@Test
	void noOtherActuatorEndpointIsExposed() throws Exception {
		String token = new TestUsers(accounts, port).admin().token();
		for (String path : new String[] { "/actuator", "/actuator/env", "/actuator/beans", "/actuator/metrics",
				"/actuator/configprops", "/actuator/heapdump", "/actuator/threaddump", "/actuator/loggers",
				"/actuator/info", "/actuator/shutdown" }) {
			for (String bearer : new String[] { null, token }) {
				HttpResponse<String> answer = get(managementPort, path, bearer);

				assertThat(answer.statusCode()).as(path + (bearer == null ? "" : " with a token")).isNotEqualTo(200);
				assertThat(answer.body()).doesNotContain("propertySources", "contexts", "names", "_links");
			}
		}
	}

	private HttpResponse<String> get(int onPort, String path, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + onPort + path))
			.header("Accept", "application/json")
			.GET();
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}
}
