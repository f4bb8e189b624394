package org.carnet.security;

import java.net.http.HttpResponse;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.carnet.identity.Accounts;
import org.carnet.keyring.PersonKeys;
import org.carnet.record.Person;
import org.carnet.record.RecordFixtures;
import org.carnet.record.Records;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.Documents;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.Meters;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, item 1: a request that runs past {@code carnet.graphql.limits.execution-timeout} answers one error and
 * no data. With a timeout of a nanosecond every request is past it at its first field, so that the test does not
 * depend on how fast this machine is (a context of its own: it refuses everything).
 */
@CarnetIntegrationTest
@TestPropertySource(properties = "carnet.graphql.limits.execution-timeout=1ns")
class ExecutionTimeoutSecurityTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	Records records;

	@Autowired
	PersonKeys keys;

	@Autowired
	MeterRegistry meters;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aReadPastTheTimeoutAnswersOneErrorAndNoDataAndNothingIsRead() {
		Person person = records.register(RecordFixtures.registration("Amal", "Haddad",
				RecordFixtures.clinician(accounts, "dr.test")));
		records.add(person.id(), RecordFixtures.byClinician(RecordFixtures.allergy("Penicillin"), "dr.test"));
		SignedIn migrant = new TestUsers(accounts, port).migrant(person.id(), RecordFixtures.GR);
		keys.evictAll();
		long unwraps = Meters.unwrapCalls(meters);

		HttpResponse<String> response = new GraphQlRequests(port).post(migrant.token(), Documents.MY_RECORD, Map.of());
		JsonNode body = JSON.readTree(response.body());

		assertThat(body.at("/data").isMissingNode() || body.at("/data").isNull()).as(body.toString()).isTrue();
		assertThat(body.at("/errors")).hasSize(1);
		assertThat(body.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
		assertThat(body.at("/errors/0/extensions/limit").asString()).isEqualTo("executionTimeout");
		assertThat(body.at("/errors/0/message").asString()).contains("nothing is returned");
		assertThat(Meters.unwrapCalls(meters)).isEqualTo(unwraps);
		assertThat(jdbc.sql("select count(*) from access_events where person_id = ? and action = 'READ'")
			.param(person.id().value())
			.query(Long.class)
			.single()).isZero();
	}
}
