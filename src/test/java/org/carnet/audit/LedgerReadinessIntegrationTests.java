package org.carnet.audit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.carnet.core.DataDirectory;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.TestUsers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness tells whether the ledger can append, the way a load balancer and an administrator see it: DOWN within the
 * check's deadline while another session holds the ledger's table or a stream's head (as a stuck transaction or a
 * maintenance lock would), UP again once it lets go; and probing writes nothing to the ledger.
 */
@CarnetIntegrationTest
class LedgerReadinessIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	Accounts accounts;

	@Autowired
	DataSource dataSource;

	@Autowired
	DataDirectory dataDirectory;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void readinessIsDownWhileTheLedgersTableIsHeldAndUpOnceItIsReleased() throws Exception {
		String admin = new TestUsers(accounts, port).admin().token();
		assertThat(probe(port, "/readyz", null).statusCode()).isEqualTo(200);

		try (Superuser superuser = Superuser.of(dataSource, dataDirectory);
				Connection holder = superuser.jdbc.getDataSource().getConnection()) {
			holder.setAutoCommit(false);
			try (Statement statement = holder.createStatement()) {
				statement.execute("lock table access_events in exclusive mode");
			}
			long started = System.nanoTime();
			HttpResponse<String> loadBalancer = probe(port, "/readyz", null);
			long millis = (System.nanoTime() - started) / 1_000_000;
			HttpResponse<String> administrator = probe(managementPort, "/actuator/health/readiness", admin);
			holder.rollback();

			assertThat(loadBalancer.statusCode()).isEqualTo(503);
			assertThat(millis).as("the probe's answer").isLessThan(3000);
			JsonNode ledger = JSON.readTree(administrator.body()).at("/components/ledger");
			assertThat(administrator.statusCode()).isEqualTo(503);
			assertThat(ledger.at("/status").asString()).isEqualTo("DOWN");
			assertThat(ledger.at("/details/reason").asString()).contains("lock timeout");
		}
		assertThat(untilReady()).isEqualTo(200);
	}

	@Test
	void readinessIsDownWhileAStreamsHeadIsHeld() throws Exception {
		try (Superuser superuser = Superuser.of(dataSource, dataDirectory);
				Connection holder = superuser.jdbc.getDataSource().getConnection()) {
			holder.setAutoCommit(false);
			try (Statement statement = holder.createStatement()) {
				statement.execute("select stream from access_stream_heads order by stream desc limit 1 for update");
			}
			HttpResponse<String> loadBalancer = probe(port, "/readyz", null);
			holder.rollback();

			assertThat(loadBalancer.statusCode()).isEqualTo(503);
		}
		assertThat(untilReady()).isEqualTo(200);
	}

	@Test
	void probingWritesNothingToTheLedger() throws Exception {
		long events = events();

		for (int i = 0; i < 10; i++) {
			assertThat(probe(port, "/readyz", null).statusCode()).isEqualTo(200);
			assertThat(probe(managementPort, "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
		}

		assertThat(events()).isEqualTo(events);
	}

	private long events() {
		Long count = jdbc.queryForObject("select count(*) from access_events", Long.class);
		return count == null ? 0 : count;
	}

	private int untilReady() throws Exception {
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		int status = 0;
		while (System.nanoTime() < until) {
			status = probe(port, "/readyz", null).statusCode();
			if (status == 200) {
				return status;
			}
			Thread.sleep(100);
		}
		return status;
	}

	private HttpResponse<String> probe(int onPort, String path, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + onPort + path))
			.header("Accept", "application/json")
			.GET();
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}
}
