package org.carnet.statistics;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.graphql.RecordGraphQlTests;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
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
 * {@code rebuildStatistics} from an administrator's side, with real tokens: rows altered or deleted by hand are derived
 * again from the records, rows of persons who withdrew or were erased (put back as a restore would) go, the table ends
 * with one row per consenting person, and the ledger says who rebuilt how many; anyone else is refused with nothing
 * changed, and a second rebuild while one runs is refused.
 */
@CarnetIntegrationTest
class StatisticsRebuildGraphQlTests {

	static final String REBUILD = """
			mutation Rebuild { rebuildStatistics { generation persons rewritten removed startedAt finishedAt } }""";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	GraphQlRequests graphql;

	TestUsers users;

	SignedIn clinician;

	@BeforeEach
	void signIn() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		clinician = users.clinician("GR");
	}

	@Test
	void rowsAlteredOrDeletedByHandAreDerivedAgainAndRowsOfWithdrawnOrErasedPersonsGo() {
		Registered amal = register();
		Registered badr = register();
		Registered carim = register();
		Registered dana = register();
		Map<String, Object> amalRow = optIn(amal, List.of("VACCINATIONS", "VITALS"));
		Map<String, Object> badrRow = optIn(badr, List.of("VACCINATIONS"));
		Map<String, Object> carimRow = optIn(carim, List.of("VACCINATIONS"));
		Map<String, Object> danaRow = optIn(dana, List.of("VACCINATIONS"));
		ok(graphql.execute(carim.self().token(), StatisticalProjectionIntegrationTests.SET_CONSENT,
				Map.of("categories", List.of())));
		ok(graphql.execute(dana.self().token(), StatisticalProjectionIntegrationTests.ERASE, Map.of("id", dana.id())));
		assertThat(table()).doesNotContainKeys(pseudonym(carimRow), pseudonym(danaRow));

		// by hand: amal's row deleted, badr's altered, carim's and dana's put back (as a restored backup would), and
		// a row of nobody
		String nobody = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
		jdbc.sql("delete from statistical_contributions where pseudonym = ?").param(pseudonym(amalRow)).update();
		jdbc.sql("update statistical_contributions set age_band = '0-4', sex = 'MALE', vaccine_antigens = '{}' "
				+ "where pseudonym = ?").param(pseudonym(badrRow)).update();
		for (String pseudonym : List.of(pseudonym(carimRow), pseudonym(danaRow), nobody)) {
			jdbc.sql("""
					insert into statistical_contributions (pseudonym, home_jurisdiction, age_band, sex, nationality,
					  reception_quarter, categories, vaccine_antigens)
					values (?, 'GR', '35-39', 'FEMALE', 'SY', '2026-Q1', array['VACCINATIONS'], array['MEASLES'])""")
				.param(pseudonym)
				.update();
		}
		SignedIn admin = users.admin();

		JsonNode rebuilt = ok(graphql.execute(admin.token(), REBUILD)).at("/data/rebuildStatistics");

		Map<String, Map<String, Object>> after = table();
		long consenting = jdbc.sql("select count(*) from statistics_agreements").query(Long.class).single();
		assertThat(after.get(pseudonym(amalRow))).isEqualTo(amalRow);
		assertThat(after.get(pseudonym(badrRow))).isEqualTo(badrRow);
		assertThat(after).doesNotContainKeys(pseudonym(carimRow), pseudonym(danaRow), nobody);
		assertThat(after).hasSize((int) consenting);
		assertThat(rebuilt.at("/persons").asLong()).isEqualTo(consenting);
		assertThat(rebuilt.at("/removed").asLong()).isGreaterThanOrEqualTo(3);
		long generation = rebuilt.at("/generation").asLong();
		assertThat(jdbc.sql("select distinct generation from statistical_contributions").query(Long.class).list())
			.containsExactly(generation);
		assertThat(jdbc.sql("select generation from statistics_projection").query(Long.class).single())
			.isEqualTo(generation);
		assertThat(jdbc.sql("""
				select outcome || ' ' || target || ' ' || summarised_count || ' ' || operation_name from access_events
				where action = 'STATISTICS_REBUILT' and requester_subject = ? order by sequence""")
			.param(admin.username())
			.query(String.class)
			.list()).containsExactly("SUCCESS statistics:projection " + consenting + " Rebuild");

		// the rows answer as before: a change of the person still moves their row
		ok(graphql.execute(clinician.token(), "mutation($p: ID!) { addVaccination(personId: $p, input: {vaccine: \"BCG\", date: \"2025-02-01\"}) { id } }",
				Map.of("p", badr.id())));
		assertThat(table().get(pseudonym(badrRow)).get("vaccine_antigens"))
			.isEqualTo(List.of("BCG", "MEASLES", "MUMPS", "RUBELLA"));
	}

	@Test
	void anyoneButAnAdministratorIsRefusedAndNothingChanges() {
		Registered amal = register();
		optIn(amal, List.of("VACCINATIONS"));
		Map<String, Map<String, Object>> before = table();
		long generation = jdbc.sql("select generation from statistics_projection").query(Long.class).single();

		for (SignedIn other : List.of(clinician, amal.self(), users.staff(Role.MEDIATOR, "GR"),
				users.staff(Role.AUDITOR, "GR"), users.staff(Role.PUBLIC_HEALTH_ANALYST, "GR"))) {
			JsonNode refused = graphql.execute(other.token(), REBUILD);
			assertThat(refused.at("/data").isNull()).as(refused.toString()).isTrue();
			assertThat(refused.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");
			assertThat(jdbc.sql("""
					select outcome || ' ' || target from access_events
					where action = 'STATISTICS_REBUILT' and requester_subject = ?""")
				.param(other.username())
				.query(String.class)
				.list()).containsExactly("DENIED statistics:projection");
		}
		assertThat(table()).isEqualTo(before);
		assertThat(jdbc.sql("select generation from statistics_projection").query(Long.class).single())
			.isEqualTo(generation);
	}

	@Test
	void aSecondRebuildWhileOneRunsElsewhereIsRefused() throws Exception {
		Map<String, Map<String, Object>> before = table();
		SignedIn admin = users.admin();
		try (Connection elsewhere = dataSource.getConnection(); Statement lock = elsewhere.createStatement()) {
			lock.execute("select pg_advisory_lock(" + 0x53544154 + ", 1)");
			try {
				JsonNode refused = graphql.execute(admin.token(), REBUILD);
				assertThat(refused.at("/data").isNull()).as(refused.toString()).isTrue();
				assertThat(refused.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
				assertThat(refused.at("/errors/0/message").asString()).contains("already running");
			}
			finally {
				lock.execute("select pg_advisory_unlock(" + 0x53544154 + ", 1)");
			}
		}
		assertThat(table()).isEqualTo(before);
		assertThat(jdbc.sql("""
				select outcome || ' ' || reason from access_events
				where action = 'STATISTICS_REBUILT' and requester_subject = ?""")
			.param(admin.username())
			.query(String.class)
			.list()).contains("DENIED ALREADY_RUNNING");
	}

	record Registered(String id, SignedIn self) {
	}

	/** A person registered in Greece through the API, with a measles-mumps-rubella dose and a blood group. */
	private Registered register() {
		JsonNode registered = ok(graphql.execute(clinician.token(), RecordGraphQlTests.REGISTER,
				Map.of("input", RecordGraphQlTests.registration("GR"))));
		String id = registered.at("/data/registerPerson/personId").asString();
		for (String mutation : List.of(
				"addVaccination(personId: $p, input: {vaccine: \"MMR\", doseNumber: 2, date: \"2001-09-03\"}) { id }",
				"recordBloodGroup(personId: $p, input: {group: O_NEGATIVE, determinedOn: \"2025-01-11\"}) { id }")) {
			ok(graphql.execute(clinician.token(), "mutation($p: ID!) { " + mutation + " }", Map.of("p", id)));
		}
		return new Registered(id, users.migrant(PersonId.parse(id, "id"), Jurisdiction.of("GR")));
	}

	/** Opts the person in; their new row. */
	private Map<String, Object> optIn(Registered person, List<String> categories) {
		Map<String, Map<String, Object>> before = table();
		ok(graphql.execute(person.self().token(), StatisticalProjectionIntegrationTests.SET_CONSENT,
				Map.of("categories", categories)));
		Map<String, Map<String, Object>> after = table();
		List<Map<String, Object>> added = after.entrySet()
			.stream()
			.filter(e -> !before.containsKey(e.getKey()))
			.map(Map.Entry::getValue)
			.toList();
		assertThat(added).hasSize(1);
		return added.get(0);
	}

	private static String pseudonym(Map<String, Object> row) {
		return (String) row.get("pseudonym");
	}

	/** Every row by pseudonym, without its generation (a rebuild changes it, and nothing a person could see). */
	private Map<String, Map<String, Object>> table() {
		return StatisticalProjectionIntegrationTests.table(jdbc, Set.of("generation"));
	}

	private static JsonNode ok(JsonNode response) {
		assertThat(response.has("errors")).as(response.toString()).isFalse();
		return response;
	}
}
