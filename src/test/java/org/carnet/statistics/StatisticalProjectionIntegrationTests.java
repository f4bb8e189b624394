package org.carnet.statistics;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.carnet.audit.Superuser;
import org.carnet.core.DataDirectory;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.graphql.RecordGraphQlTests;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.ExpectedErrorLogs;
import org.carnet.testing.GraphQlRequests;
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
 * The statistical projection from the person's side, through the API with real tokens: off by default; opting in per
 * category writes one coarse row with only those categories' indicators; a new entry updates it; withdrawal and
 * erasure remove it; nobody else can change it; and the table holds nothing that names anyone.
 */
@CarnetIntegrationTest
class StatisticalProjectionIntegrationTests {

	static final String MY_CONSENT = "{ myStatisticsConsent { contributing categories since offeredCategories } }";

	static final String SET_CONSENT = """
			mutation Set($categories: [Category!]!) {
			  setStatisticsConsent(categories: $categories) { contributing categories since }
			}""";

	static final String ERASE = "mutation Erase($id: ID!) { erasePerson(id: $id) { erasedBy } }";

	static final List<String> COLUMNS = List.of("pseudonym", "home_jurisdiction", "age_band", "sex", "nationality",
			"reception_quarter", "categories", "infectious_screenings", "vaccine_antigens", "condition_chapters",
			"mental_health_screening", "blood_group", "generation");

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	DataDirectory dataDirectory;

	@Autowired
	StatementCounter statements;

	GraphQlRequests graphql;

	TestUsers users;

	SignedIn clinician;

	@BeforeEach
	void signIn() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		clinician = users.clinician("GR");
	}

	/** A registered person (Amal Darwish, born 1990-05-17, female, Syrian, record in Greece) with one entry per kind. */
	record Registered(String id, String phrNumber, SignedIn self, List<String> texts, List<String> dates) {
	}

	Registered registerWithEntries() {
		JsonNode registered = ok(graphql.execute(clinician.token(), RecordGraphQlTests.REGISTER,
				Map.of("input", RecordGraphQlTests.registration("GR"))));
		String id = registered.at("/data/registerPerson/personId").asString();
		String lot = "LOT-" + UUID.randomUUID().toString().substring(0, 8);
		String notes = "Sputum sent to the lab " + UUID.randomUUID();
		String summary = "Sleeps badly since the crossing " + UUID.randomUUID();
		for (String mutation : List.of(
				"addInfectiousDiseaseScreening(personId: $p, input: {disease: TUBERCULOSIS, method: \"IGRA\", result: NEGATIVE, date: \"2025-01-10\", notes: \"" + notes + "\"}) { id }",
				"addInfectiousDiseaseScreening(personId: $p, input: {disease: TUBERCULOSIS, result: POSITIVE, date: \"2024-03-02\"}) { id }",
				"addVaccination(personId: $p, input: {vaccine: \"MMR\", doseNumber: 2, date: \"2001-09-03\", country: \"SY\", lotNumber: \"" + lot + "\"}) { id }",
				"addCondition(personId: $p, input: {description: \"Type 2 diabetes\", icd10Code: \"E11\", onsetDate: \"2019-02-11\"}) { id }",
				"addMentalHealthAssessment(personId: $p, input: {instrument: \"RHS-15\", score: 16, followUpNeeded: true, summary: \"" + summary + "\", date: \"2025-01-12\"}) { id }",
				"recordBloodGroup(personId: $p, input: {group: O_NEGATIVE, determinedOn: \"2025-01-11\"}) { id }")) {
			ok(graphql.execute(clinician.token(), "mutation($p: ID!) { " + mutation + " }", Map.of("p", id)));
		}
		SignedIn self = users.migrant(PersonId.parse(id, "id"), Jurisdiction.of("GR"));
		return new Registered(id, registered.at("/data/registerPerson/phrNumber").asString(), self,
				List.of("Amal", "Darwish", lot, notes, summary, "IGRA", "RHS-15", "Type 2 diabetes", "diabetes",
						"MMR", "E11", self.username()),
				List.of("1990-05-17", "2025-01-10", "2024-03-02", "2001-09-03", "2019-02-11", "2025-01-12",
						"2025-01-11", LocalDate.now(ZoneOffset.UTC).toString()));
	}

	@Test
	void optingInPerCategoryWritesOneRowWithOnlyThoseIndicatorsThatFollowsTheRecordUntilWithdrawn() {
		Registered amal = registerWithEntries();
		Registered other = registerWithEntries();

		JsonNode off = ok(graphql.execute(amal.self().token(), MY_CONSENT));
		assertThat(off.at("/data/myStatisticsConsent/contributing").asBoolean()).isFalse();
		assertThat(off.at("/data/myStatisticsConsent/categories").size()).isZero();
		assertThat(off.at("/data/myStatisticsConsent/since").isNull()).isTrue();
		assertThat(texts(off.at("/data/myStatisticsConsent/offeredCategories")))
			.containsExactly("CONDITIONS", "VACCINATIONS", "INFECTIOUS_DISEASES", "MENTAL_HEALTH", "VITALS");
		Map<String, Map<String, Object>> before = table();

		JsonNode on = ok(graphql.execute(amal.self().token(), SET_CONSENT,
				Map.of("categories", List.of("INFECTIOUS_DISEASES", "VACCINATIONS"))));
		assertThat(on.at("/data/setStatisticsConsent/contributing").asBoolean()).isTrue();
		assertThat(texts(on.at("/data/setStatisticsConsent/categories")))
			.containsExactly("VACCINATIONS", "INFECTIOUS_DISEASES");

		Map<String, Object> row = theOneNewRow(before, table());
		assertThat(row).containsEntry("home_jurisdiction", "GR")
			.containsEntry("age_band", "35-39")
			.containsEntry("sex", "FEMALE")
			.containsEntry("nationality", "SY")
			.containsEntry("reception_quarter", Coarsening.quarter(LocalDate.now(ZoneOffset.UTC)))
			.containsEntry("categories", List.of("INFECTIOUS_DISEASES", "VACCINATIONS"))
			.containsEntry("infectious_screenings", List.of("TUBERCULOSIS:NEGATIVE"))
			.containsEntry("vaccine_antigens", List.of("MEASLES", "MUMPS", "RUBELLA"))
			.containsEntry("condition_chapters", null)
			.containsEntry("mental_health_screening", null)
			.containsEntry("blood_group", null);
		assertThat(events(amal.id(), "Set"))
			.containsExactly("CONSENT_GRANTED SUCCESS PUBLIC_HEALTH statistics:PUBLIC_HEALTH " + amal.self().username());

		// a new entry of a category that counts changes the row; one that does not count, and another person's, do not
		ok(graphql.execute(clinician.token(), "mutation($p: ID!) { addVaccination(personId: $p, input: {vaccine: \"BCG\", date: \"2025-02-01\"}) { id } }",
				Map.of("p", amal.id())));
		Map<String, Map<String, Object>> afterBcg = table();
		assertThat(afterBcg.get(row.get("pseudonym")).get("vaccine_antigens"))
			.isEqualTo(List.of("BCG", "MEASLES", "MUMPS", "RUBELLA"));
		ok(graphql.execute(clinician.token(), "mutation($p: ID!) { addCondition(personId: $p, input: {description: \"Asthma\", icd10Code: \"J45\"}) { id } }",
				Map.of("p", amal.id())));
		ok(graphql.execute(clinician.token(), "mutation($p: ID!) { addVaccination(personId: $p, input: {vaccine: \"BCG\", date: \"2025-02-01\"}) { id } }",
				Map.of("p", other.id())));
		assertThat(table()).isEqualTo(afterBcg);

		// all categories off: the row goes with the agreement, in the same request
		JsonNode withdrawn = ok(graphql.execute(amal.self().token(), SET_CONSENT, Map.of("categories", List.of())));
		assertThat(withdrawn.at("/data/setStatisticsConsent/contributing").asBoolean()).isFalse();
		assertThat(table()).isEqualTo(before);
		assertThat(count("statistics_agreements where person_id = '" + amal.id() + "'")).isZero();
		assertThat(events(amal.id(), "Set")).containsExactly(
				"CONSENT_GRANTED SUCCESS PUBLIC_HEALTH statistics:PUBLIC_HEALTH " + amal.self().username(),
				"CONSENT_REVOKED SUCCESS PUBLIC_HEALTH statistics:PUBLIC_HEALTH " + amal.self().username());
		assertThat(ok(graphql.execute(amal.self().token(), MY_CONSENT))
			.at("/data/myStatisticsConsent/contributing").asBoolean()).isFalse();
	}

	/**
	 * What the projection costs a write: for a person who did not opt in, one look-up of the agreement and nothing
	 * else; for one who did, the agreement, the record's current entries of the counted sections and one upsert.
	 */
	@Test
	void aWriteCostsOneAgreementLookUpUnlessThePersonContributes() {
		Registered amal = registerWithEntries();
		String add = "mutation($p: ID!) { addVaccination(personId: $p, input: {vaccine: \"BCG\", date: \"2025-02-01\"}) { id } }";

		statements.clearRecent();
		ok(graphql.execute(clinician.token(), add, Map.of("p", amal.id())));
		assertThat(statistical(statements.recent())).containsExactly("select categories, changed_at from statistics_agreements");

		ok(graphql.execute(amal.self().token(), SET_CONSENT, Map.of("categories", List.of("VACCINATIONS"))));
		statements.clearRecent();
		ok(graphql.execute(clinician.token(), add, Map.of("p", amal.id())));
		assertThat(statistical(statements.recent())).containsExactly(
				"select categories, changed_at from statistics_agreements", "insert into statistical_contributions");
	}

	/** The statements that touch the agreement or the projection, by their first words. */
	private static List<String> statistical(List<String> recent) {
		return recent.stream()
			.map(sql -> sql.replaceAll("\\s+", " ").strip())
			.filter(sql -> sql.contains("statistics_agreements") || sql.contains("statistical_contributions"))
			.map(sql -> sql.startsWith("select") ? "select categories, changed_at from statistics_agreements"
					: "insert into statistical_contributions")
			.toList();
	}

	@Test
	void changingTheCategoriesRecomputesTheRowAndACategoryWithoutCodedFactsIsRefused() {
		Registered amal = registerWithEntries();
		ok(graphql.execute(amal.self().token(), SET_CONSENT, Map.of("categories", List.of("VACCINATIONS"))));
		Map<String, Map<String, Object>> before = table();

		ok(graphql.execute(amal.self().token(), SET_CONSENT,
				Map.of("categories", List.of("CONDITIONS", "MENTAL_HEALTH", "VITALS"))));
		Map<String, Map<String, Object>> after = table();
		assertThat(after.keySet()).isEqualTo(before.keySet());
		Map<String, Object> row = changedRow(before, after);
		assertThat(row).containsEntry("categories", List.of("CONDITIONS", "MENTAL_HEALTH", "VITALS"))
			.containsEntry("vaccine_antigens", null)
			.containsEntry("infectious_screenings", null)
			.containsEntry("condition_chapters", List.of("IV"))
			.containsEntry("mental_health_screening", "POSITIVE")
			.containsEntry("blood_group", "O_NEGATIVE");

		JsonNode refused = graphql.execute(amal.self().token(), SET_CONSENT,
				Map.of("categories", List.of("VACCINATIONS", "REPRODUCTIVE_HEALTH")));
		assertThat(refused.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
		assertThat(refused.at("/errors/0/extensions/field").asString()).isEqualTo("categories");
		assertThat(table()).isEqualTo(after);
	}

	@Test
	void erasingTheRecordRemovesTheContribution() {
		Registered amal = registerWithEntries();
		Map<String, Map<String, Object>> before = table();
		ok(graphql.execute(amal.self().token(), SET_CONSENT, Map.of("categories", List.of("VACCINATIONS"))));
		assertThat(table()).hasSize(before.size() + 1);

		ok(graphql.execute(amal.self().token(), ERASE, Map.of("id", amal.id())));

		assertThat(table()).isEqualTo(before);
		assertThat(count("statistics_agreements where person_id = '" + amal.id() + "'")).isZero();
	}

	@Test
	void noOneButThePersonChangesTheirAgreement() {
		Registered amal = registerWithEntries();
		ok(graphql.execute(amal.self().token(), SET_CONSENT, Map.of("categories", List.of("VACCINATIONS"))));
		Map<String, Map<String, Object>> before = table();
		List<Map<String, Object>> agreements = agreements();

		for (SignedIn other : List.of(clinician, users.staff(Role.MEDIATOR, "GR"), users.admin(),
				users.staff(Role.AUDITOR, "GR"), users.staff(Role.PUBLIC_HEALTH_ANALYST, "GR"))) {
			for (List<String> categories : List.of(List.<String>of(), List.of("VACCINATIONS", "CONDITIONS"))) {
				JsonNode refused = graphql.execute(other.token(), SET_CONSENT, Map.of("categories", categories));
				assertThat(refused.at("/data").isNull()).as(refused.toString()).isTrue();
				assertThat(refused.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");
			}
			JsonNode read = graphql.execute(other.token(), MY_CONSENT);
			assertThat(read.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");
			assertThat(read.at("/data").isNull()).isTrue();
			assertThat(jdbc.sql("select action || ' ' || outcome || ' ' || purpose || ' ' || target from access_events "
					+ "where requester_subject = ? and operation_name = 'Set' order by sequence")
				.param(other.username())
				.query(String.class)
				.list()).containsExactly("CONSENT_REVOKED DENIED PUBLIC_HEALTH statistics:PUBLIC_HEALTH",
						"CONSENT_GRANTED DENIED PUBLIC_HEALTH statistics:PUBLIC_HEALTH");
		}
		assertThat(table()).isEqualTo(before);
		assertThat(agreements()).isEqualTo(agreements);
	}

	/**
	 * The agreement and the projection change in one transaction: while the database refuses every change of the
	 * projection, opting in leaves the person out (no agreement, no event of success), and withdrawing leaves both the
	 * agreement and the row as they were.
	 */
	@Test
	@ExpectedErrorLogs("the database refuses every change of the statistical projection")
	void whenTheProjectionCannotChangeTheAgreementDoesNotChangeEither() {
		Registered amal = registerWithEntries();
		Map<String, Map<String, Object>> before = table();
		try (Superuser superuser = Superuser.of(dataSource, dataDirectory)) {
			superuser.jdbc.execute("""
					create or replace function statistics_test_refuse() returns trigger language plpgsql as $$
					begin raise exception 'the test refuses changes of the projection'; end $$""");
			superuser.jdbc.execute("create trigger statistics_test_refuse before insert or update or delete on "
					+ "statistical_contributions for each row execute function statistics_test_refuse()");
			try {
				JsonNode refused = graphql.execute(amal.self().token(), SET_CONSENT,
						Map.of("categories", List.of("VACCINATIONS")));
				assertThat(refused.has("errors")).isTrue();
				assertThat(refused.at("/data").isNull()).as(refused.toString()).isTrue();
				assertThat(count("statistics_agreements where person_id = '" + amal.id() + "'")).isZero();
				assertThat(table()).isEqualTo(before);
				assertThat(events(amal.id(), "Set")).doesNotContain(
						"CONSENT_GRANTED SUCCESS PUBLIC_HEALTH statistics:PUBLIC_HEALTH " + amal.self().username());

				superuser.jdbc.execute("alter table statistical_contributions disable trigger statistics_test_refuse");
				ok(graphql.execute(amal.self().token(), SET_CONSENT, Map.of("categories", List.of("VACCINATIONS"))));
				Map<String, Map<String, Object>> optedIn = table();
				assertThat(optedIn).hasSize(before.size() + 1);
				superuser.jdbc.execute("alter table statistical_contributions enable trigger statistics_test_refuse");

				JsonNode notWithdrawn = graphql.execute(amal.self().token(), SET_CONSENT,
						Map.of("categories", List.of()));
				assertThat(notWithdrawn.has("errors")).isTrue();
				assertThat(count("statistics_agreements where person_id = '" + amal.id() + "'")).isOne();
				assertThat(table()).isEqualTo(optedIn);
			}
			finally {
				superuser.jdbc.execute("drop trigger if exists statistics_test_refuse on statistical_contributions");
				superuser.jdbc.execute("drop function if exists statistics_test_refuse()");
			}
		}
		ok(graphql.execute(amal.self().token(), SET_CONSENT, Map.of("categories", List.of())));
		assertThat(table()).isEqualTo(before);
	}

	/**
	 * The table read as the database superuser holds no name, person id, PHR number, user name, free text or exact
	 * date of anyone: every column of every row is compared with what is known about the persons, and nothing looks
	 * like an id or a date.
	 */
	@Test
	void theProjectionAsTheSuperuserSeesItNamesNoOne() throws Exception {
		List<Registered> persons = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Registered person = registerWithEntries();
			ok(graphql.execute(person.self().token(), SET_CONSENT, Map.of("categories",
					List.of("CONDITIONS", "VACCINATIONS", "INFECTIOUS_DISEASES", "MENTAL_HEALTH", "VITALS"))));
			persons.add(person);
		}
		Set<String> known = new HashSet<>();
		for (Registered person : persons) {
			known.add(person.id());
			known.add(person.id().replace("-", ""));
			known.add(person.phrNumber());
			known.add(person.phrNumber().replace("-", ""));
			known.addAll(person.texts());
			known.addAll(person.dates());
		}
		known.add(clinician.username());

		try (Superuser superuser = Superuser.of(dataSource, dataDirectory)) {
			List<String> columns = superuser.jdbc.queryForList("select column_name from information_schema.columns "
					+ "where table_name = 'statistical_contributions' order by ordinal_position", String.class);
			assertThat(columns).containsExactlyElementsOf(COLUMNS);
			List<Map<String, Object>> rows = superuser.jdbc.queryForList(
					"select " + String.join(", ", COLUMNS.stream().map(c -> c + "::text").toList())
							+ " from statistical_contributions");
			assertThat(rows).hasSizeGreaterThanOrEqualTo(persons.size());
			for (Map<String, Object> row : rows) {
				for (Map.Entry<String, Object> cell : row.entrySet()) {
					String value = String.valueOf(cell.getValue());
					if (cell.getKey().equals("pseudonym")) {
						// 64 hex digits: short codes (E11) occur in it by chance; ids and numbers must not
						assertThat(value).matches("[0-9a-f]{64}");
						for (String secret : known) {
							if (secret.length() >= 8) {
								assertThat(value).doesNotContain(secret.toLowerCase());
							}
						}
						continue;
					}
					for (String secret : known) {
						assertThat(value.toLowerCase()).as("column %s", cell.getKey())
							.doesNotContain(secret.toLowerCase());
					}
					assertThat(value).as("column %s", cell.getKey())
						.doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}")
						.doesNotContainPattern("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-")
						.doesNotContainPattern("CAR-");
				}
			}
		}
	}

	private Map<String, Map<String, Object>> table() {
		return table(jdbc, Set.of());
	}

	/** Every row of the projection by pseudonym, arrays as lists, without the columns {@code leftOut}. */
	static Map<String, Map<String, Object>> table(JdbcClient jdbc, Set<String> leftOut) {
		Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
		jdbc.sql("select * from statistical_contributions order by pseudonym").query().listOfRows().forEach(row -> {
			Map<String, Object> values = new LinkedHashMap<>();
			row.forEach((column, value) -> {
				if (!leftOut.contains(column)) {
					values.put(column, value instanceof java.sql.Array array ? list(array) : value);
				}
			});
			rows.put((String) row.get("pseudonym"), values);
		});
		return rows;
	}

	private static List<String> list(java.sql.Array array) {
		try {
			return Arrays.asList((String[]) array.getArray());
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private List<Map<String, Object>> agreements() {
		return jdbc.sql("select person_id, categories::text, changed_at, changed_by from statistics_agreements "
				+ "order by person_id").query().listOfRows();
	}

	private static Map<String, Object> theOneNewRow(Map<String, Map<String, Object>> before,
			Map<String, Map<String, Object>> after) {
		assertThat(after).hasSize(before.size() + 1);
		assertThat(after).containsAllEntriesOf(before);
		return after.entrySet().stream().filter(e -> !before.containsKey(e.getKey())).findFirst().orElseThrow()
			.getValue();
	}

	private static Map<String, Object> changedRow(Map<String, Map<String, Object>> before,
			Map<String, Map<String, Object>> after) {
		List<Map<String, Object>> changed = after.entrySet().stream()
			.filter(e -> !e.getValue().equals(before.get(e.getKey())))
			.map(Map.Entry::getValue)
			.toList();
		assertThat(changed).hasSize(1);
		return changed.get(0);
	}

	private List<String> events(String personId, String operation) {
		return jdbc.sql("select action || ' ' || outcome || ' ' || purpose || ' ' || target || ' ' || requester_subject "
				+ "from access_events where person_id = ? and operation_name = ? order by sequence")
			.param(UUID.fromString(personId))
			.param(operation)
			.query(String.class)
			.list();
	}

	private long count(String tableAndCondition) {
		return jdbc.sql("select count(*) from " + tableAndCondition).query(Long.class).single();
	}

	private static List<String> texts(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach(node -> values.add(node.asString()));
		return values;
	}

	private static JsonNode ok(JsonNode response) {
		assertThat(response.has("errors")).as(response.toString()).isFalse();
		return response;
	}
}
