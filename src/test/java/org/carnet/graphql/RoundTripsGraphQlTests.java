package org.carnet.graphql;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.Documents;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.RoundTrips;
import org.carnet.testing.StatementCounter;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round trips to PostgreSQL per request, counted on the wire ({@link RoundTrips}): what the request's thread waits
 * for, {@code BEGIN}, {@code COMMIT} and {@code SET} included, and what the audit writer sends for it before the
 * answer leaves. The pool's validity checks (sent only when a connection was unused for 500 ms, never under load) are
 * counted apart and left out. Each round trip is named by the statement it carried: a round trip that carries none
 * (a commit, a setting) would make the counts differ.
 */
@CarnetIntegrationTest
class RoundTripsGraphQlTests {

	private static final String REQUEST_THREADS = "http-nio-";

	private static final String AUDIT_WRITERS = "audit-writer-";

	private static final String BY_PHR = """
			query ByPhr($phr: String!, $purpose: Purpose!) {
			  personByPhrNumber(phrNumber: $phr, purpose: $purpose) { ...Record }
			}
			""" + Documents.RECORD_FRAGMENTS;

	private static final String ME_IN_FULL = "query Me { me { subject displayName organisation { name } } }";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	StatementCounter statements;

	@Autowired
	JdbcClient jdbc;

	GraphQlRequests graphql;

	TestUsers users;

	SignedIn person;

	String personId;

	String phrNumber;

	@BeforeEach
	void aPersonWithAllergies() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		SignedIn registrar = users.clinician("GR");
		JsonNode registered = graphql.execute(registrar.token(), RecordGraphQlTests.REGISTER,
				Map.of("input", RecordGraphQlTests.registration("GR")));
		personId = registered.at("/data/registerPerson/personId").asString();
		phrNumber = registered.at("/data/registerPerson/phrNumber").asString();
		JsonNode added = graphql.execute(registrar.token(),
				"mutation($p: ID!) { addAllergy(personId: $p, input: {substance: \"Penicillin\"}) { id } }",
				Map.of("p", personId));
		assertThat(added.has("errors")).as(added.toString()).isFalse();
		person = users.migrant(PersonId.parse(personId, "id"), Jurisdiction.of("GR"));
	}

	@Test
	void aClinicianWithAGrantReadsAWholeRecordInThreeRoundTripsOnceTheirLookUpReserveIsTaken() {
		SignedIn weber = grantedClinician();
		Map<String, Object> variables = Map.of("id", personId, "purpose", "TREATMENT");

		Measured first = measure(weber, Documents.PERSON, variables);
		Measured next = measure(weber, Documents.PERSON, variables);

		assertThat(first.statements()).as("the first look-up takes the allowance, and a reserve with it")
			.containsExactly("look-up allowance", "person", "grants", "entries");
		assertThat(first.roundTrips()).isEqualTo(4);
		assertThat(next.statements()).as("the next look-ups are served from the reserve on this replica")
			.containsExactly("person", "grants", "entries");
		assertThat(next.roundTrips()).isEqualTo(3);
		assertThat(next.auditRoundTrips())
			.as("its READ event: the stream locked, the event numbered, hashed and inserted, and committed, in one")
			.isEqualTo(1);
		assertThat(readEvents(weber)).isEqualTo(2);
	}

	@Test
	void aLookUpByPhrNumberIsThreeRoundTripsOnceTheReserveIsTaken() {
		SignedIn weber = grantedClinician();
		Map<String, Object> variables = Map.of("phr", phrNumber, "purpose", "TREATMENT");
		measure(weber, BY_PHR, variables);

		Measured next = measure(weber, BY_PHR, variables);

		assertThat(next.answer().at("/data/personByPhrNumber/allergies/0/substance").asString())
			.isEqualTo("Penicillin");
		assertThat(next.statements()).containsExactly("person", "grants", "entries");
		assertThat(next.roundTrips()).isEqualTo(3);
		assertThat(next.auditRoundTrips()).isEqualTo(1);
		assertThat(readEvents(weber)).isEqualTo(2);
	}

	@Test
	void meCostsAStaffMemberNoRoundTripAndAPersonOneForTheCheckThatTheirAccountIsOpen() {
		SignedIn weber = users.clinician("DE");

		Measured staff = measure(weber, Documents.ME, Map.of());
		Measured migrant = measure(person, Documents.ME, Map.of());

		assertThat(staff.answer().at("/data/me/subject").asString()).isEqualTo(weber.username());
		assertThat(staff.roundTrips()).isZero();
		assertThat(migrant.answer().at("/data/me/subject").asString()).isEqualTo(person.username());
		assertThat(migrant.statements()).containsExactly("open account");
		assertThat(migrant.roundTrips()).isEqualTo(1);
	}

	@Test
	void meWithTheDisplayNameAndTheOrganisationIsOneRoundTripForEachWithoutATransaction() {
		SignedIn weber = users.clinician("DE");

		Measured full = measure(weber, ME_IN_FULL, Map.of());

		assertThat(full.answer().at("/data/me/displayName").asString()).isNotBlank();
		assertThat(full.answer().at("/data/me/organisation/name").asString()).isNotBlank();
		assertThat(full.statements()).containsExactly("user", "organisation");
		assertThat(full.roundTrips()).as("no BEGIN or COMMIT around them").isEqualTo(2);
	}

	@Test
	void aPersonReadsTheirOwnRecordInThreeRoundTrips() {
		Measured own = measure(person, Documents.MY_RECORD, Map.of());

		assertThat(own.answer().at("/data/myRecord/allergies/0/substance").asString()).isEqualTo("Penicillin");
		assertThat(own.statements()).containsExactly("open account", "person", "entries");
		assertThat(own.roundTrips()).isEqualTo(3);
	}

	private SignedIn grantedClinician() {
		SignedIn weber = users.clinician("DE");
		JsonNode granted = graphql.execute(person.token(), ConsentGraphQlTests.GRANT,
				Map.of("input", Map.of("grantee", Map.of("kind", "USER", "value", weber.username()), "categories",
						List.of("IDENTITY", "ALLERGIES", "MEDICATIONS", "CONDITIONS", "VACCINATIONS",
								"INFECTIOUS_DISEASES", "MENTAL_HEALTH", "REPRODUCTIVE_HEALTH", "VITALS", "LAB_RESULTS",
								"ENCOUNTERS"),
						"purposes", List.of("TREATMENT"), "jurisdictions", List.of("DE"))));
		assertThat(granted.has("errors")).as(granted.toString()).isFalse();
		return weber;
	}

	private long readEvents(SignedIn requester) {
		return jdbc.sql("select count(*) from access_events where action = 'READ' and outcome = 'SUCCESS' "
				+ "and requester_subject = ? and person_id = ?")
			.params(requester.username(), UUID.fromString(personId))
			.query(Long.class)
			.single();
	}

	/** One request: its answer, the statements of the request (the audit writer's left out), and the round trips. */
	private Measured measure(SignedIn requester, String document, Map<String, Object> variables) {
		statements.clearRecent();
		JsonNode answer;
		try (RoundTrips.Recording recording = RoundTrips.record()) {
			answer = graphql.execute(requester.token(), document, variables);
			assertThat(answer.has("errors")).as(answer.toString()).isFalse();
			List<String> named = statements.recent().stream().map(RoundTripsGraphQlTests::name).filter(n -> n != null)
				.toList();
			System.out.printf("%s: %d round trips %s, %d of the audit writer, %d validity checks of the pool%n",
					document.lines().findFirst().orElse(""), recording.of(REQUEST_THREADS), named,
					recording.of(AUDIT_WRITERS),
					recording.validityChecksOf(REQUEST_THREADS) + recording.validityChecksOf(AUDIT_WRITERS));
			return new Measured(answer, named, recording.of(REQUEST_THREADS), recording.of(AUDIT_WRITERS));
		}
	}

	/** What a statement of a read is for; null for the audit writer's. */
	private static String name(String sql) {
		String text = sql.toLowerCase(Locale.ROOT).replace("\"", "");
		if (text.contains("access_event") || text.contains("audit_lock_stream") || text.contains("access_stream")) {
			return null;
		}
		if (text.contains("lookup_allowances")) {
			return "look-up allowance";
		}
		if (text.contains("from persons")) {
			return "person";
		}
		if (text.contains("from consent_grants")) {
			return "grants";
		}
		if (text.contains("from entries")) {
			return "entries";
		}
		if (text.contains("select enabled from users")) {
			return "open account";
		}
		if (text.contains("from users")) {
			return "user";
		}
		if (text.contains("from organisations")) {
			return "organisation";
		}
		return sql;
	}

	private record Measured(JsonNode answer, List<String> statements, long roundTrips, long auditRoundTrips) {
	}
}
