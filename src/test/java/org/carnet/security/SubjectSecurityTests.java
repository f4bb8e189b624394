package org.carnet.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;
import org.carnet.identity.Accounts;
import org.carnet.identity.NewUser;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 11, item 8: a subject is unique across users and clients, enforced by the database, and Carnet's own
 * subjects cannot be claimed or created.
 */
@CarnetIntegrationTest
class SubjectSecurityTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String CREATE_USER = """
			mutation($input: CreateUserInput!) { createUser(input: $input) { username } }""";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	GraphQlRequests graphql;

	TestUsers users;

	SignedIn admin;

	String clinicClient;

	@BeforeEach
	void aClinicClientExists() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		users.clinician("DE");
		admin = users.admin();
		clinicClient = graphql.execute(admin.token(), """
				mutation { registerClinicClient(input: {organisationId: "test-org-de", name: "Test EHR"}) { clientId } }""")
			.at("/data/registerClinicClient/clientId")
			.asString();
		assertThat(clinicClient).startsWith("clinic-test-org-de-");
	}

	@BeforeEach
	@AfterEach
	void forgetFailedClaims() {
		jdbc.sql("delete from guess_counters").update();
	}

	@Test
	void aMigrantCannotClaimTheNameOfAClinicClientAFirstPartyClientOrTheSystem() throws Exception {
		PhrNumber phr = PhrNumber.random();
		String code = accounts.issueActivationCode(PersonId.random(), phr);

		for (String taken : List.of(clinicClient, clinicClient.toUpperCase(), "carnet-portal", "carnet-cli", "carnet",
				"system")) {
			HttpResponse<String> claimed = claim(phr.value(), code, taken);
			assertThat(claimed.statusCode()).as(taken).isEqualTo(400);
			JsonNode body = JSON.readTree(claimed.body());
			assertThat(body.get("field").asString()).isEqualTo("username");
			assertThat(body.get("message").asString()).contains("reserved");
			assertThat(userRows(taken.toLowerCase())).as(taken).isZero();
		}
		assertThat(jdbc.sql("select used_at is null from activation_codes where phr_number = ?").param(phr.value())
			.query(Boolean.class)
			.single()).isTrue();
	}

	@Test
	void anAdministratorCannotCreateAUserNamedLikeAClientOrAReservedSubject() {
		for (String taken : List.of(clinicClient, "carnet-portal", "carnet")) {
			JsonNode created = graphql.execute(admin.token(), CREATE_USER, Map.of("input", Map.of("username", taken,
					"password", "a long enough password", "displayName", "Impostor", "roles", List.of("CLINICIAN"),
					"organisationId", "test-org-de")));
			assertThat(created.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
			assertThat(created.at("/errors/0/extensions/field").asString()).isEqualTo("username");
			assertThat(userRows(taken)).isZero();
		}
		assertThatThrownBy(() -> accounts.createUserIfAbsent(NewUser.admin("carnet", TestUsers.PASSWORD, "System")))
			.hasMessageContaining("username");
		assertThat(userRows("carnet")).isZero();
	}

	@Test
	void theDatabaseRefusesAUserWhoseNameIsTakenByAClientOrReservedEvenPastTheChecks() {
		for (String taken : List.of(clinicClient, "carnet-portal", "carnet", "system")) {
			assertThatThrownBy(() -> jdbc.sql("""
					insert into users (username, password_hash, display_name, roles, enabled, created_at)
					values (?, 'x', 'Impostor', array['MIGRANT'], true, now())""").param(taken).update())
				.as(taken)
				.isInstanceOf(DataIntegrityViolationException.class);
			assertThat(userRows(taken)).isZero();
		}
		assertThat(jdbc.sql("select kind from subjects where subject = ?").param(clinicClient).query(String.class)
			.single()).isEqualTo("CLIENT");
		assertThat(jdbc.sql("select kind from subjects where subject = ?").param(admin.username())
			.query(String.class)
			.single()).isEqualTo("USER");
	}

	@Test
	void aNameHeldInTheRegistryIsRefusedAtClaimAndCreationEvenWhenNoPatternReservesIt() throws Exception {
		// e.g. a user name that an earlier grant named but no account held, reserved on upgrade
		String ghost = "ghost-" + System.nanoTime();
		jdbc.sql("insert into subjects (subject, kind) values (?, 'RESERVED')").param(ghost).update();
		PhrNumber phr = PhrNumber.random();
		String code = accounts.issueActivationCode(PersonId.random(), phr);

		HttpResponse<String> claimed = claim(phr.value(), code, ghost);

		assertThat(claimed.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(claimed.body()).get("field").asString()).isEqualTo("username");
		assertThat(JSON.readTree(claimed.body()).get("message").asString()).contains("already taken");
		JsonNode created = graphql.execute(admin.token(), CREATE_USER, Map.of("input", Map.of("username", ghost,
				"password", "a long enough password", "displayName", "Ghost", "roles", List.of("CLINICIAN"),
				"organisationId", "test-org-de")));
		assertThat(created.at("/errors/0/extensions/field").asString()).isEqualTo("username");
		assertThat(userRows(ghost)).isZero();
		assertThat(jdbc.sql("select used_at is null from activation_codes where phr_number = ?").param(phr.value())
			.query(Boolean.class)
			.single()).isTrue();
	}

	private long userRows(String username) {
		return jdbc.sql("select count(*) from users where username = ?").param(username).query(Long.class).single();
	}

	private HttpResponse<String> claim(String phr, String code, String username)
			throws IOException, InterruptedException {
		String body = JSON.writeValueAsString(Map.of("phrNumber", phr, "activationCode", code, "username", username,
				"password", "my own long password"));
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/accounts/claim"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}
}
