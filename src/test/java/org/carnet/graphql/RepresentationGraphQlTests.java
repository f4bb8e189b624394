package org.carnet.graphql;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.carnet.consent.AccessNotices;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.graphql.admin.ComingOfAge;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.SettableClock;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acting for others, from the outside: an administrator records a minor's guardian, who then reads and manages the
 * minor's record with the header Carnet-Acting-For until the 18th birthday (the application's clock is moved past
 * it); a person authorises a proxy, who reads within the rights given and nothing more, until revoked. Every action
 * is in the ledger naming both, and every refusal leaves nothing written.
 */
@CarnetIntegrationTest
@Import(RepresentationGraphQlTests.Clocks.class)
class RepresentationGraphQlTests {

	static final String ACTING_FOR = "Carnet-Acting-For";

	static final String APPOINT = """
			mutation Appoint($input: AppointGuardianInput!) {
			  appointGuardian(input: $input) { id personId representative kind rights status validUntil authorityReference }
			}""";

	static final String AUTHORISE = """
			mutation Authorise($input: AuthoriseProxyInput!) {
			  authoriseProxy(input: $input) { id personId representative kind rights status validUntil }
			}""";

	static final String MY_RECORD = "{ me { subject personId actingFor { kind personId rights } } "
			+ "myRecord { id identity { givenNames } allergies { substance } } }";

	static final String GRANT = """
			mutation Grant($input: GrantConsentInput!) { grantConsent(input: $input) { id status } }""";

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		@Primary
		SettableClock settableClock() {
			return new SettableClock();
		}
	}

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SettableClock clock;

	@Autowired
	ComingOfAge comingOfAge;

	@Autowired
	AccessNotices notices;

	GraphQlRequests graphql;

	TestUsers users;

	SignedIn registrar;

	SignedIn admin;

	@BeforeEach
	void staff() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		registrar = users.clinician("GR");
		admin = users.admin();
	}

	@AfterEach
	void realTime() {
		clock.reset();
	}

	@Test
	void aGuardianActsForTheMinorUntilTheEighteenthBirthday() {
		String ward = register("2009-12-10");
		addAllergy(ward, "Peanut");
		SignedIn guardian = users.staff(Role.MEDIATOR, "GR");
		JsonNode appointed = graphql.execute(admin.token(), APPOINT, Map.of("input", Map.of("personId", ward,
				"guardian", guardian.username(), "authorityReference", "GR-COURT-2026/117",
				"wardDateOfBirth", "2009-12-10")));
		assertThat(appointed.has("errors")).as(appointed.toString()).isFalse();
		JsonNode guardianship = appointed.at("/data/appointGuardian");
		assertThat(guardianship.at("/kind").asString()).isEqualTo("GUARDIAN");
		assertThat(guardianship.at("/status").asString()).isEqualTo("ACTIVE");
		assertThat(guardianship.at("/validUntil").asString()).startsWith("2027-12-10T00:00");
		String id = guardianship.at("/id").asString();
		assertThat(lastEvent(ward, "REPRESENTATION_GRANTED")).containsEntry("target", "guardian:" + id)
			.containsEntry("requester_subject", admin.username());

		JsonNode read = graphql.execute(guardian.token(), MY_RECORD, Map.of(), Map.of(ACTING_FOR, ward));
		assertThat(read.has("errors")).as(read.toString()).isFalse();
		assertThat(read.at("/data/me/actingFor/kind").asString()).isEqualTo("GUARDIAN");
		assertThat(read.at("/data/myRecord/id").asString()).isEqualTo(ward);
		assertThat(read.at("/data/myRecord/allergies/0/substance").asString()).isEqualTo("Peanut");
		Map<String, Object> readEvent = lastEvent(ward, "READ");
		assertThat(readEvent).containsEntry("requester_subject", guardian.username())
			.containsEntry("acting_for", "guardian:" + id)
			.containsEntry("outcome", "SUCCESS");

		// the same read through the FHIR facade: the summary of the ward, recorded as the guardian's
		HttpResponse<String> summary = fhir(guardian, ward);
		assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
		assertThat(summary.body()).contains("Peanut");
		assertThat(lastEvent(ward, "READ")).containsEntry("acting_for", "guardian:" + id);

		SignedIn clinician = users.clinician("GR");
		JsonNode granted = graphql.execute(guardian.token(), GRANT, Map.of("input", Map.of("grantee",
				Map.of("kind", "USER", "value", clinician.username()), "categories", List.of("ALLERGIES"),
				"purposes", List.of("TREATMENT"), "jurisdictions", List.of("GR"))), Map.of(ACTING_FOR, ward));
		assertThat(granted.has("errors")).as(granted.toString()).isFalse();
		assertThat(jdbc.sql("select granted_by from consent_grants where person_id = ?::uuid and id = ?::uuid")
			.params(ward, granted.at("/data/grantConsent/id").asString()).query(String.class).single())
			.isEqualTo(guardian.username());
		assertThat(lastEvent(ward, "CONSENT_GRANTED")).containsEntry("acting_for", "guardian:" + id);

		// the day after the 18th birthday: refused as a whole, recorded with the reason; nothing read
		clock.runFrom(Instant.parse("2027-12-11T09:00:00Z"));
		long readsBefore = count(ward, "READ");
		JsonNode after = graphql.execute(guardian.token(), MY_RECORD, Map.of(), Map.of(ACTING_FOR, ward));
		assertThat(after.at("/data").isNull() || after.at("/data").isMissingNode()).as(after.toString()).isTrue();
		assertThat(after.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");
		assertThat(after.at("/errors/0/extensions/reason").asString()).isEqualTo("GUARDIANSHIP_ENDED_AT_MAJORITY");
		assertThat(after.toString()).doesNotContain("Peanut");
		HttpResponse<String> summaryAfter = fhir(guardian, ward);
		assertThat(summaryAfter.statusCode()).isEqualTo(403);
		assertThat(summaryAfter.body()).doesNotContain("Peanut");
		assertThat(count(ward, "READ")).isEqualTo(readsBefore);
		assertThat(lastEvent(ward, "ACTING_FOR_REFUSED")).containsEntry("requester_subject", guardian.username())
			.containsEntry("reason", "GUARDIANSHIP_ENDED_AT_MAJORITY")
			.containsEntry("outcome", "DENIED");

		// the person is told once, and the end is in the ledger
		assertThat(comingOfAge.tellDue()).isGreaterThanOrEqualTo(1);
		assertThat(comingOfAge.tellDue()).isZero();
		assertThat(jdbc.sql("select count(*) from notifications where person_id = ?::uuid and kind = 'GUARDIANSHIP_ENDED'")
			.param(ward).query(Long.class).single()).isEqualTo(1);
		assertThat(lastEvent(ward, "REPRESENTATION_ENDED")).containsEntry("requester_subject", "carnet")
			.containsEntry("reason", "GUARDIANSHIP_ENDED_AT_MAJORITY")
			.containsEntry("target", "guardian:" + id);
		assertThat(verify()).isTrue();
	}

	@Test
	void onlyAnAdministratorAppointsAGuardianAndOnlyForAMinor() {
		String ward = register("2012-03-01");
		SignedIn mediator = users.staff(Role.MEDIATOR, "GR");
		Map<String, Object> input = Map.of("personId", ward, "guardian", mediator.username(),
				"authorityReference", "REF-1", "wardDateOfBirth", "2012-03-01");
		for (SignedIn notAdmin : List.of(registrar, mediator)) {
			JsonNode refused = graphql.execute(notAdmin.token(), APPOINT, Map.of("input", input));
			assertThat(refused.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");
		}
		JsonNode adult = graphql.execute(admin.token(), APPOINT, Map.of("input", Map.of("personId", ward,
				"guardian", mediator.username(), "authorityReference", "REF-1", "wardDateOfBirth", "2000-01-01")));
		assertThat(adult.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
		JsonNode clinicianAsGuardian = graphql.execute(admin.token(), APPOINT, Map.of("input", Map.of("personId",
				ward, "guardian", registrar.username(), "authorityReference", "REF-1", "wardDateOfBirth", "2012-03-01")));
		assertThat(clinicianAsGuardian.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
		assertThat(rows(ward)).isZero();
		assertThat(count(ward, "REPRESENTATION_GRANTED", "DENIED")).isEqualTo(4);
		// without an appointment, the mediator cannot act for the minor
		JsonNode actingAnyway = graphql.execute(mediator.token(), MY_RECORD, Map.of(), Map.of(ACTING_FOR, ward));
		assertThat(actingAnyway.at("/errors/0/extensions/reason").asString()).isEqualTo("NO_REPRESENTATION");
		assertThat(lastEvent(ward, "ACTING_FOR_REFUSED")).containsEntry("requester_subject", mediator.username());
	}

	@Test
	void aProxyReadsWithinTheirRightsAndStopsAtRevocation() {
		String person = register("1988-06-01");
		addAllergy(person, "Penicillin");
		SignedIn self = users.migrant(new PersonId(java.util.UUID.fromString(person)), Jurisdiction.of("GR"));
		String other = register("1991-01-01");
		addAllergy(other, "Latex");
		SignedIn relative = users.migrant(PersonId.random(), Jurisdiction.of("GR"));

		JsonNode authorised = graphql.execute(self.token(), AUTHORISE, Map.of("input", Map.of("proxy",
				relative.username(), "rights", List.of("READ_RECORD"),
				"validUntil", Instant.now().plus(30, ChronoUnit.DAYS).toString())));
		assertThat(authorised.has("errors")).as(authorised.toString()).isFalse();
		String id = authorised.at("/data/authoriseProxy/id").asString();
		assertThat(authorised.at("/data/authoriseProxy/rights").toString()).isEqualTo("[\"READ_RECORD\"]");

		JsonNode every = graphql.execute(self.token(),
				"mutation { setNotificationPreference(preference: EVERY_ACCESS) }");
		assertThat(every.has("errors")).as(every.toString()).isFalse();
		JsonNode read = graphql.execute(relative.token(), MY_RECORD, Map.of(), Map.of(ACTING_FOR, person));
		assertThat(read.at("/data/myRecord/allergies/0/substance").asString()).isEqualTo("Penicillin");
		// the person chose to hear of every access: the proxy's read is one of them
		notices.catchUp();
		JsonNode told = graphql.execute(self.token(), "{ myNotifications { kind actor } }");
		assertThat(told.at("/data/myNotifications").toString()).contains("RECORD_ACCESSED")
			.contains(relative.username());
		assertThat(read.at("/data/me/actingFor/kind").asString()).isEqualTo("PROXY");
		assertThat(lastEvent(person, "READ")).containsEntry("requester_subject", relative.username())
			.containsEntry("acting_for", "proxy:" + id);

		// the person's access log shows the proxy's read, naming the proxy and the capacity
		JsonNode log = graphql.execute(self.token(),
				"{ myAccessLog(first: 5) { edges { node { action actingFor requester { subject } } } } }");
		assertThat(log.toString()).contains("proxy:" + id).contains(relative.username());

		// reading only: no consent change, no erasure, no further proxy, no one else's record
		long grants = jdbc.sql("select count(*) from consent_grants where person_id = ?::uuid").param(person)
			.query(Long.class).single();
		JsonNode grant = graphql.execute(relative.token(), GRANT, Map.of("input", Map.of("grantee",
				Map.of("kind", "USER", "value", registrar.username()), "categories", List.of("ALLERGIES"),
				"purposes", List.of("TREATMENT"), "jurisdictions", List.of("GR"))), Map.of(ACTING_FOR, person));
		assertThat(grant.at("/errors/0/extensions/reason").asString()).isEqualTo("REPRESENTATION_SCOPE");
		assertThat(jdbc.sql("select count(*) from consent_grants where person_id = ?::uuid").param(person)
			.query(Long.class).single()).isEqualTo(grants);
		JsonNode erase = graphql.execute(relative.token(), "mutation { erasePerson(id: \"" + person + "\") { erasedAt } }",
				Map.of(), Map.of(ACTING_FOR, person));
		assertThat(erase.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");
		JsonNode request = graphql.execute(relative.token(),
				"mutation { requestErasure(reason: \"no\") { status } }", Map.of(), Map.of(ACTING_FOR, person));
		assertThat(request.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");
		assertThat(jdbc.sql("select count(*) from persons where id = ?::uuid").param(person).query(Long.class)
			.single()).isEqualTo(1);
		assertThat(jdbc.sql("select count(*) from erasure_requests where person_id = ?::uuid").param(person)
			.query(Long.class).single()).isZero();
		SignedIn stranger = users.staff(Role.MEDIATOR, "GR");
		JsonNode delegate = graphql.execute(relative.token(), AUTHORISE, Map.of("input", Map.of("proxy",
				stranger.username(), "rights", List.of("READ_RECORD"),
				"validUntil", Instant.now().plus(3, ChronoUnit.DAYS).toString())), Map.of(ACTING_FOR, person));
		assertThat(delegate.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");
		assertThat(rows(person)).isEqualTo(1);
		JsonNode otherPerson = graphql.execute(relative.token(), "query P($id: ID!) { person(id: $id, purpose: "
				+ "TREATMENT) { id allergies { substance } } }", Map.of("id", other), Map.of(ACTING_FOR, person));
		assertThat(otherPerson.toString()).doesNotContain("Latex");
		assertThat(otherPerson.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");
		JsonNode otherHeader = graphql.execute(relative.token(), MY_RECORD, Map.of(), Map.of(ACTING_FOR, other));
		assertThat(otherHeader.toString()).doesNotContain("Latex");
		assertThat(otherHeader.at("/errors/0/extensions/reason").asString()).isEqualTo("NO_REPRESENTATION");
		assertThat(count(person, "DENIED", "DENIED") + count(person, "CONSENT_GRANTED", "DENIED")).isPositive();

		// revoked: the very next request is refused
		JsonNode revoked = graphql.execute(self.token(), "mutation R($id: ID!) { revokeRepresentation(id: $id) "
				+ "{ status revokedBy } }", Map.of("id", id));
		assertThat(revoked.at("/data/revokeRepresentation/status").asString()).isEqualTo("REVOKED");
		JsonNode afterRevocation = graphql.execute(relative.token(), MY_RECORD, Map.of(), Map.of(ACTING_FOR, person));
		assertThat(afterRevocation.at("/errors/0/extensions/reason").asString()).isEqualTo("REPRESENTATION_REVOKED");
		assertThat(afterRevocation.toString()).doesNotContain("Penicillin");
		assertThat(lastEvent(person, "REPRESENTATION_REVOKED")).containsEntry("requester_subject", self.username())
			.containsEntry("target", "proxy:" + id);
		assertThat(verify()).isTrue();
	}

	private HttpResponse<String> fhir(SignedIn user, String person) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/Patient/" + person
						+ "/$summary?purpose=TREATMENT"))
					.header("Authorization", "Bearer " + user.token())
					.header("Accept", "application/fhir+json")
					.header(ACTING_FOR, person)
					.GET()
					.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private String register(String dateOfBirth) {
		Map<String, Object> input = new HashMap<>(RecordGraphQlTests.registration("GR"));
		input.put("identity", Map.of("givenNames", "Samir", "familyName", "Haddad", "dateOfBirth", dateOfBirth,
				"sex", "MALE", "nationality", "SY"));
		JsonNode registered = graphql.execute(registrar.token(), RecordGraphQlTests.REGISTER, Map.of("input", input));
		assertThat(registered.has("errors")).as(registered.toString()).isFalse();
		return registered.at("/data/registerPerson/personId").asString();
	}

	private void addAllergy(String person, String substance) {
		JsonNode added = graphql.execute(registrar.token(), RecordGraphQlTests.ADD_ALLERGY,
				Map.of("personId", person, "input", Map.of("substance", substance)));
		assertThat(added.has("errors")).as(added.toString()).isFalse();
	}

	private long rows(String person) {
		return jdbc.sql("select count(*) from representations where person_id = ?::uuid").param(person)
			.query(Long.class).single();
	}

	private long count(String person, String action) {
		return jdbc.sql("select count(*) from access_events where person_id = ?::uuid and action = ?")
			.params(person, action).query(Long.class).single();
	}

	private long count(String person, String action, String outcome) {
		return jdbc.sql("select count(*) from access_events where person_id = ?::uuid and action = ? and outcome = ?")
			.params(person, action, outcome).query(Long.class).single();
	}

	private Map<String, Object> lastEvent(String person, String action) {
		return jdbc.sql("select requester_subject, outcome, acting_for, reason, target from access_events "
				+ "where person_id = ?::uuid and action = ? order by sequence desc limit 1")
			.params(person, action)
			.query()
			.singleRow();
	}

	private boolean verify() {
		JsonNode auditor = null;
		SignedIn checker = users.staff(Role.AUDITOR, "GR");
		auditor = graphql.execute(checker.token(), "{ verifyAuditLog { ok } }");
		return auditor.at("/data/verifyAuditLog/ok").asBoolean();
	}
}
