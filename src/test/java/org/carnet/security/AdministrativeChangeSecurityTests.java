package org.carnet.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.carnet.audit.Ledger;
import org.carnet.audit.LedgerFaults;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.carnet.testing.ExpectedErrorLogs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, item 6: every security-relevant change (accounts of every role, organisations, clinic clients, a
 * person's claim of their account, the break-glass opt-out) is one event in the ledger with actor and target, written
 * in the transaction of the change; a refused change is a DENIED event and changes nothing.
 */
@CarnetIntegrationTest
class AdministrativeChangeSecurityTests {

	static final String CREATE_ORGANISATION = """
			mutation CreateOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }""";

	static final String CREATE_USER = """
			mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { username } }""";

	static final String REGISTER_CLIENT = """
			mutation RegisterClient($input: RegisterClinicClientInput!) {
			  registerClinicClient(input: $input) { clientId }
			}""";

	static final String OPT_OUT = """
			mutation OptOut($optOut: Boolean!) { setBreakGlassOptOut(optOut: $optOut) }""";

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	Ledger ledger;

	@Autowired
	LedgerFaults ledgerFaults;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	org.springframework.context.ApplicationEventPublisher events;

	GraphQlRequests graphql;

	TestUsers users;

	AuditorView auditor;

	SignedIn admin;

	@BeforeEach
	void anAdministratorAndAnAuditor() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		admin = users.admin();
		auditor = new AuditorView(graphql, users.staff(Role.AUDITOR, "GR").token());
	}

	@Test
	void creatingAnOrganisationUsersOfEveryStaffRoleAndAClientLeavesOneEventEachWithActorAndTarget() {
		String organisation = unique("org");
		assertNoErrors(graphql.execute(admin.token(), CREATE_ORGANISATION,
				Map.of("input", Map.of("id", organisation, "name", "Hôpital de test", "jurisdiction", "FR"))));
		String administrator = unique("second.admin");
		String auditorName = unique("dpo");
		assertNoErrors(graphql.execute(admin.token(), CREATE_USER, Map.of("input", Map.of("username", administrator,
				"password", "a long enough password", "displayName", "Second Administrator", "roles",
				List.of("ADMIN")))));
		assertNoErrors(graphql.execute(admin.token(), CREATE_USER, Map.of("input", Map.of("username", auditorName,
				"password", "a long enough password", "displayName", "Data Protection Officer", "roles",
				List.of("AUDITOR"), "organisationId", organisation))));
		String clientId = graphql.execute(admin.token(), REGISTER_CLIENT,
				Map.of("input", Map.of("organisationId", organisation, "name", "Test EHR")))
			.at("/data/registerClinicClient/clientId")
			.asString();

		List<JsonNode> events = auditor.byRequester(admin.username(), "ORGANISATION_CREATED", "USER_CREATED",
				"CLIENT_REGISTERED");
		assertThat(events).extracting(e -> e.at("/action").asString() + " " + e.at("/outcome").asString() + " "
				+ e.at("/target").asString() + " " + e.at("/operationName").asString())
			.containsExactly("ORGANISATION_CREATED SUCCESS organisation:" + organisation + " CreateOrganisation",
					"USER_CREATED SUCCESS user:" + administrator + " CreateUser",
					"USER_CREATED SUCCESS user:" + auditorName + " CreateUser",
					"CLIENT_REGISTERED SUCCESS client:" + clientId + " RegisterClient");
		for (JsonNode event : events) {
			assertThat(event.at("/requester/subject").asString()).isEqualTo(admin.username());
			assertThat(strings(event.at("/requester/roles"))).containsExactly("ADMIN");
			assertThat(event.at("/personId").isNull()).isTrue();
		}
		assertThat(events.toString()).doesNotContain("Hôpital", "Second Administrator", "Data Protection Officer",
				"Test EHR", "a long enough password");
	}

	@Test
	void startingAKeyRotationNamesTheKeyItRotates() {
		JsonNode started = graphql.execute(admin.token(),
				"mutation Rotate { rotateKeyEncryptionKey(jurisdiction: \"CY\", raiseMinDecryptionVersion: false) { state } }");

		assertNoErrors(started);
		assertThat(auditor.byRequester(admin.username(), "KEY_ROTATION"))
			.extracting(e -> e.at("/outcome").asString() + " " + e.at("/target").asString())
			.containsExactly("SUCCESS kek:CY");
	}

	@Test
	@ExpectedErrorLogs("the ledger refuses every append")
	void aKeyRotationRunFromTheCommandLineIsInTheLedgerAndARunItCannotRecordFails() {
		org.carnet.core.Jurisdiction malta = org.carnet.core.Jurisdiction.of("MT");
		events.publishEvent(new org.carnet.keyring.KeyRotationRun(malta, true));
		events.publishEvent(new org.carnet.keyring.KeyRotationRun(malta, false));
		ledgerFaults.failAppends(true);
		try {
			org.assertj.core.api.Assertions
				.assertThatThrownBy(() -> events.publishEvent(new org.carnet.keyring.KeyRotationRun(malta, true)))
				.isInstanceOf(org.carnet.core.Unavailable.class);
		}
		finally {
			ledgerFaults.failAppends(false);
		}

		assertThat(auditor.byRequester("carnet", "KEY_ROTATION"))
			.filteredOn(e -> "kek:MT".equals(e.at("/target").asString()))
			.extracting(e -> e.at("/outcome").asString() + " " + e.at("/target").asString() + " "
					+ e.at("/operationName").asString())
			.containsExactlyInAnyOrder("SUCCESS kek:MT --carnet.rotate-kek", "ERROR kek:MT --carnet.rotate-kek");
	}

	@Test
	@ExpectedErrorLogs("the ledger refuses every append")
	void aCreationTheLedgerCannotRecordCreatesNothing() {
		String username = unique("unrecorded");
		String organisation = unique("unrecorded-org");
		ledgerFaults.failAppends(true);
		try {
			JsonNode user = graphql.execute(admin.token(), CREATE_USER, Map.of("input", Map.of("username", username,
					"password", "a long enough password", "displayName", "Nobody", "roles", List.of("ADMIN"))));
			JsonNode org = graphql.execute(admin.token(), CREATE_ORGANISATION,
					Map.of("input", Map.of("id", organisation, "name", "Nowhere", "jurisdiction", "FR")));

			assertThat(user.at("/errors/0/extensions/classification").asString()).isEqualTo("UNAVAILABLE");
			assertThat(org.at("/errors/0/extensions/classification").asString()).isEqualTo("UNAVAILABLE");
		}
		finally {
			ledgerFaults.failAppends(false);
		}
		assertThat(count("select count(*) from users where username = :v", username)).isZero();
		assertThat(accounts.organisation(organisation)).isEmpty();
	}

	@Test
	void aCreationRefusedToANonAdministratorIsADeniedEventAndCreatesNothing() {
		SignedIn clinician = users.clinician("GR");
		String username = unique("intruder");
		String organisation = unique("rogue");

		JsonNode user = graphql.execute(clinician.token(), CREATE_USER, Map.of("input", Map.of("username", username,
				"password", "a long enough password", "displayName", "Intruder", "roles", List.of("ADMIN"))));
		JsonNode org = graphql.execute(clinician.token(), CREATE_ORGANISATION,
				Map.of("input", Map.of("id", organisation, "name", "Rogue", "jurisdiction", "GR")));
		JsonNode client = graphql.execute(clinician.token(), REGISTER_CLIENT,
				Map.of("input", Map.of("organisationId", "test-org-gr", "name", "Rogue EHR")));

		for (JsonNode refused : List.of(user, org, client)) {
			assertThat(refused.at("/errors/0/extensions/classification").asString()).as(refused.toString())
				.isEqualTo("FORBIDDEN");
		}
		assertThat(count("select count(*) from users where username = :v", username)).isZero();
		assertThat(accounts.organisation(organisation)).isEmpty();
		assertThat(count("select count(*) from oauth2_registered_client where client_name = :v", "Rogue EHR"))
			.isZero();
		List<JsonNode> events = auditor.byRequester(clinician.username(), "ORGANISATION_CREATED", "USER_CREATED",
				"CLIENT_REGISTERED");
		assertThat(events).extracting(e -> e.at("/action").asString() + " " + e.at("/outcome").asString() + " "
				+ e.at("/target").asString())
			.containsExactly("USER_CREATED DENIED user:" + username,
					"ORGANISATION_CREATED DENIED organisation:" + organisation,
					"CLIENT_REGISTERED DENIED organisation:test-org-gr");
	}

	@Test
	void changingTheBreakGlassOptOutLeavesOneEventAboutThePersonAndARefusalChangesNothing() {
		SignedIn clinician = users.clinician("GR");
		String greek = SecurityFixtures.register(graphql, clinician, "GR");
		SignedIn person = users.migrant(PersonId.parse(greek, "id"), Jurisdiction.of("GR"));

		assertThat(graphql.execute(person.token(), OPT_OUT, Map.of("optOut", true))
			.at("/data/setBreakGlassOptOut").asBoolean()).isTrue();
		assertThat(graphql.execute(person.token(), OPT_OUT, Map.of("optOut", false))
			.at("/data/setBreakGlassOptOut").asBoolean()).isFalse();

		List<JsonNode> events = auditor.byRequester(person.username(), "BREAK_GLASS_OPTED_OUT",
				"BREAK_GLASS_OPTED_IN");
		assertThat(events).extracting(e -> e.at("/action").asString() + " " + e.at("/outcome").asString() + " "
				+ e.at("/personId").asString())
			.containsExactly("BREAK_GLASS_OPTED_OUT SUCCESS " + greek, "BREAK_GLASS_OPTED_IN SUCCESS " + greek);
		JsonNode log = graphql.execute(person.token(), "{ myAccessLog(first: 2) { edges { node { action } } } }");
		assertThat(log.at("/data/myAccessLog/edges/0/node/action").asString()).isEqualTo("BREAK_GLASS_OPTED_IN");

		// Spain's policy does not let a person refuse emergency access in advance
		String spanish = SecurityFixtures.register(graphql, clinician, "ES");
		SignedIn spaniard = users.migrant(PersonId.parse(spanish, "id"), Jurisdiction.of("ES"));
		JsonNode refused = graphql.execute(spaniard.token(), OPT_OUT, Map.of("optOut", true));
		assertThat(refused.at("/errors/0/extensions/classification").asString()).as(refused.toString())
			.isEqualTo("FORBIDDEN");
		assertThat(count("select count(*) from break_glass_opt_outs where person_id = cast(:v as uuid)", spanish))
			.isZero();
		assertThat(auditor.byRequester(spaniard.username(), "BREAK_GLASS_OPTED_OUT"))
			.extracting(e -> e.at("/outcome").asString() + " " + e.at("/personId").asString())
			.containsExactly("DENIED " + spanish);
	}

	@Test
	void aRefusedErasureNamesItsPersonAndErasesNothing() {
		SignedIn clinician = users.clinician("GR");
		String personId = SecurityFixtures.register(graphql, clinician, "GR");

		JsonNode refused = graphql.execute(clinician.token(),
				"mutation Erase($id: ID!) { erasePerson(id: $id, requestReference: \"ticket 1\") { erasedAt } }",
				Map.of("id", personId));

		assertThat(refused.at("/errors/0/extensions/classification").asString()).as(refused.toString())
			.isEqualTo("FORBIDDEN");
		assertThat(count("select count(*) from persons where id = cast(:v as uuid)", personId)).isOne();
		assertThat(auditor.byRequester(clinician.username(), "ERASURE"))
			.extracting(e -> e.at("/outcome").asString() + " " + e.at("/personId").asString())
			.containsExactly("DENIED " + personId);
	}

	@Test
	void claimingAnAccountIsAnEventThePersonSees() throws Exception {
		SignedIn clinician = users.clinician("GR");
		JsonNode registered = SecurityFixtures.registration(graphql, clinician, "GR");
		String username = unique("claimant");
		String body = """
				{"phrNumber": "%s", "activationCode": "%s", "username": "%s", "password": "a long enough password"}"""
			.formatted(registered.get("phrNumber").asString(), registered.get("activationCode").asString(), username);

		HttpResponse<String> claimed = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/accounts/claim"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(201);
		List<JsonNode> events = auditor.byRequester(username, "ACCOUNT_CLAIMED");
		assertThat(events).extracting(e -> e.at("/outcome").asString() + " " + e.at("/personId").asString() + " "
				+ e.at("/target").asString())
			.containsExactly("SUCCESS " + registered.get("personId").asString() + " user:" + username);
		assertThat(events.toString()).doesNotContain(registered.get("activationCode").asString(),
				"a long enough password");
	}

	@Test
	void accountsCarnetCreatesItselfAreRecordedAsItsOwnChanges() {
		SignedIn seeded = users.clinician("FR");

		List<JsonNode> events = auditor.events(Map.of("requester", "carnet", "actions", List.of("USER_CREATED")));
		assertThat(events).extracting(e -> e.at("/target").asString()).contains("user:" + seeded.username());
	}

	private long count(String sql, String value) {
		return jdbc.sql(sql).param("v", value).query(Long.class).single();
	}

	private static void assertNoErrors(JsonNode answer) {
		assertThat(answer.has("errors")).as(answer.toString()).isFalse();
	}

	private static List<String> strings(JsonNode array) {
		return AuditorView.strings(array);
	}

	private static String unique(String prefix) {
		return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
	}
}
