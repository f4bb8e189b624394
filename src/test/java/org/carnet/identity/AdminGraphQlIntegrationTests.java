package org.carnet.identity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The administration mutations, from an administrator's and from everyone else's point of view. */
@CarnetIntegrationTest
class AdminGraphQlIntegrationTests {

	private static final String CREATE_ORGANISATION = """
			mutation($input: CreateOrganisationInput!) {
			  createOrganisation(input: $input) { id name jurisdiction }
			}""";

	private static final String CREATE_USER = """
			mutation($input: CreateUserInput!) {
			  createUser(input: $input) { username displayName roles organisation { id jurisdiction } }
			}""";

	private static final String REGISTER_CLINIC_CLIENT = """
			mutation($input: RegisterClinicClientInput!) {
			  registerClinicClient(input: $input) { clientId clientSecret organisation { id name } }
			}""";

	private static final String ME = "{ me { subject roles displayName jurisdiction organisation { id } } }";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PortalClient portalClient;

	GraphQlRequests graphql;

	IdentityTestData data;

	Tokens tokens;

	@BeforeEach
	void setUp() {
		graphql = new GraphQlRequests(port);
		data = new IdentityTestData(accounts);
		tokens = new Tokens(port);
	}

	@Test
	void refusesAdministrationToEveryoneButAdministrators() {
		ClinicClient clinicSystem = accounts.registerClinicClient(adminRequester(), IdentityTestData.HOSPITAL_ATHENS,
				"Athens EHR");
		List<String> nonAdmins = List.of(
				tokens.login(data.clinician(IdentityTestData.HOSPITAL_ATHENS), IdentityTestData.PASSWORD),
				tokens.login(data.auditor(), IdentityTestData.PASSWORD),
				tokens.login(data.migrant(PersonId.random(), Jurisdiction.of("GR")), IdentityTestData.PASSWORD),
				tokens.clientCredentials(clinicSystem.clientId(), clinicSystem.clientSecret()));
		for (String token : nonAdmins) {
			String organisation = IdentityTestData.uniqueName("refused").replace('.', '-');
			String username = IdentityTestData.uniqueName("refused");
			assertForbidden(graphql.execute(token, CREATE_ORGANISATION,
					Map.of("input", Map.of("id", organisation, "name", "Nope", "jurisdiction", "GR"))),
					"createOrganisation");
			assertForbidden(graphql.execute(token, CREATE_USER, Map.of("input", Map.of("username", username,
					"password", "long enough password", "displayName", "Nope", "roles", List.of("ADMIN")))),
					"createUser");
			assertForbidden(graphql.execute(token, REGISTER_CLINIC_CLIENT,
					Map.of("input", Map.of("organisationId", IdentityTestData.HOSPITAL_ATHENS, "name", "Nope"))),
					"registerClinicClient");
			assertThat(accounts.organisation(organisation)).isEmpty();
			assertThat(jdbc.sql("select count(*) from users where username = :u").param("u", username)
				.query(Long.class).single()).isZero();
		}
		assertThat(jdbc.sql("select count(*) from oauth2_registered_client where client_name = 'Nope'")
			.query(Long.class).single()).isZero();
	}

	@Test
	void administratorCreatesOrganisationAndStaffWhoCanSignIn() {
		String admin = tokens.login(data.admin(), IdentityTestData.PASSWORD);
		String organisation = IdentityTestData.uniqueName("hospital").replace('.', '-');
		JsonNode created = graphql.execute(admin, CREATE_ORGANISATION,
				Map.of("input", Map.of("id", organisation, "name", "Rome Hospital", "jurisdiction", "it")));
		assertThat(created.at("/data/createOrganisation/jurisdiction").asString()).isEqualTo("IT");
		JsonNode again = graphql.execute(admin, CREATE_ORGANISATION,
				Map.of("input", Map.of("id", organisation, "name", "Other", "jurisdiction", "FR")));
		assertThat(again.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
		assertThat(accounts.organisation(organisation).orElseThrow().name()).isEqualTo("Rome Hospital");

		String username = IdentityTestData.uniqueName("dr.rossi");
		JsonNode user = graphql.execute(admin, CREATE_USER, Map.of("input", Map.of("username", username, "password",
				"a long enough password", "displayName", "Dr Rossi", "roles", List.of("CLINICIAN", "MEDIATOR"),
				"organisationId", organisation)));
		assertThat(user.at("/data/createUser/username").asString()).isEqualTo(username);
		assertThat(user.at("/data/createUser/roles").toString()).isEqualTo("[\"CLINICIAN\",\"MEDIATOR\"]");
		assertThat(user.at("/data/createUser/organisation/jurisdiction").asString()).isEqualTo("IT");
		assertThat(user.toString()).doesNotContain("a long enough password");

		JsonNode claims = Tokens.claims(tokens.login(username, "a long enough password"));
		assertThat(claims.get("roles").toString()).isEqualTo("[\"CLINICIAN\",\"MEDIATOR\"]");
		assertThat(claims.get("organisation").asString()).isEqualTo(organisation);
		assertThat(claims.get("jurisdiction").asString()).isEqualTo("IT");
	}

	@Test
	void administratorCannotCreateMigrantsWeakPasswordsOrStaffWithoutOrganisation() {
		String admin = tokens.login(data.admin(), IdentityTestData.PASSWORD);
		assertBadRequest(graphql.execute(admin, CREATE_USER, Map.of("input", Map.of("username",
				IdentityTestData.uniqueName("m"), "password", "a long enough password", "displayName", "M", "roles",
				List.of("MIGRANT")))), "roles");
		assertBadRequest(graphql.execute(admin, CREATE_USER, Map.of("input", Map.of("username",
				IdentityTestData.uniqueName("weak"), "password", "short", "displayName", "W", "roles",
				List.of("CLINICIAN"), "organisationId", IdentityTestData.HOSPITAL_ATHENS))), "password");
		assertBadRequest(graphql.execute(admin, CREATE_USER, Map.of("input", Map.of("username",
				IdentityTestData.uniqueName("lost"), "password", "a long enough password", "displayName", "L",
				"roles", List.of("CLINICIAN")))), "organisationId");
		assertBadRequest(graphql.execute(admin, CREATE_USER, Map.of("input", Map.of("username",
				IdentityTestData.uniqueName("both"), "password", "a long enough password", "displayName", "B",
				"roles", List.of("ADMIN", "CLINICIAN"), "organisationId", IdentityTestData.HOSPITAL_ATHENS))), "roles");
	}

	@Test
	void clinicClientGetsTokensOfItsOrganisationWithItsSecretOnly() throws Exception {
		String admin = tokens.login(data.admin(), IdentityTestData.PASSWORD);
		JsonNode registered = graphql.execute(admin, REGISTER_CLINIC_CLIENT,
				Map.of("input", Map.of("organisationId", IdentityTestData.CLINIC_BERLIN, "name", "Berlin clinic EHR")))
			.at("/data/registerClinicClient");
		String clientId = registered.get("clientId").asString();
		String secret = registered.get("clientSecret").asString();
		assertThat(registered.at("/organisation/id").asString()).isEqualTo(IdentityTestData.CLINIC_BERLIN);

		String storedSecret = jdbc.sql("select client_secret from oauth2_registered_client where client_id = :id")
			.param("id", clientId)
			.query(String.class)
			.single();
		assertThat(storedSecret).startsWith("{bcrypt}").doesNotContain(secret);

		assertThat(clientCredentials(clientId, "wrong-" + secret).statusCode()).isEqualTo(401);

		String token = tokens.clientCredentials(clientId, secret);
		JsonNode claims = Tokens.claims(token);
		assertThat(claims.get("sub").asString()).isEqualTo(clientId);
		assertThat(claims.get("roles").toString()).isEqualTo("[\"CLINICIAN\"]");
		assertThat(claims.get("organisation").asString()).isEqualTo(IdentityTestData.CLINIC_BERLIN);
		assertThat(claims.get("jurisdiction").asString()).isEqualTo("DE");

		JsonNode me = graphql.execute(token, ME).at("/data/me");
		assertThat(me.get("subject").asString()).isEqualTo(clientId);
		assertThat(me.get("displayName").asString()).isEqualTo("Berlin clinic EHR");
		assertThat(me.at("/organisation/id").asString()).isEqualTo(IdentityTestData.CLINIC_BERLIN);
	}

	@Test
	void firstPartyClientsCannotUseClientCredentials() throws Exception {
		// carnet-portal signs users in and never acts on its own, even with its right secret.
		HttpResponse<String> portal = clientCredentials(portalClient.clientId(), portalClient.clientSecret());
		assertThat(portal.statusCode()).isEqualTo(400);
		assertThat(portal.body()).contains("unauthorized_client").doesNotContain("access_token");
		// carnet-cli is public: it has no secret to authenticate with.
		HttpResponse<String> cli = clientCredentials(Tokens.CLI_CLIENT, "");
		assertThat(cli.statusCode()).isIn(400, 401);
		assertThat(cli.body()).doesNotContain("access_token");
	}

	private HttpResponse<String> clientCredentials(String clientId, String secret) throws Exception {
		String basic = Base64.getEncoder()
			.encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", "Basic " + basic)
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private org.carnet.core.Requester adminRequester() {
		return new org.carnet.core.Requester("test-admin", java.util.Set.of(org.carnet.core.Role.ADMIN),
				java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), "test");
	}

	private static void assertForbidden(JsonNode answer, String field) {
		assertThat(answer.at("/data/" + field).isNull() || answer.at("/data").isNull()).isTrue();
		assertThat(answer.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");
		assertThat(answer.at("/errors/0/path/0").asString()).isEqualTo(field);
	}

	private static void assertBadRequest(JsonNode answer, String field) {
		assertThat(answer.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
		assertThat(answer.at("/errors/0/extensions/field").asString()).isEqualTo(field);
	}
}
