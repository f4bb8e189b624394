package org.carnet.statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.carnet.audit.LedgerFaults;
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
 * The analysts' {@code statistics} query from the outside, with real tokens: figures from the projection under
 * disclosure control, the question in the ledger before the answer leaves, nobody else answered, a filter that would
 * single someone out refused, a ledger fault giving no figures, and one person's agreement and withdrawal moving the
 * count recorded for the same question by exactly one.
 * <p>
 * The projection of Malta (a country no other test registers persons in) is filled with invented rows of known
 * counts; one real person, registered in Malta through the API, opts in and out.
 */
@CarnetIntegrationTest
class StatisticsGraphQlTests {

	static final String STATISTICS = """
			query Figures($indicator: StatisticsIndicator!, $subject: String, $groupBy: [StatisticsDimension!],
			             $filter: StatisticsFilter) {
			  statistics(indicator: $indicator, subject: $subject, groupBy: $groupBy, filter: $filter) {
			    indicator subject groupBy threshold rounding noiseEpsilon budgetLeft suppressedCells
			    cells { values persons withIndicator share suppressed }
			    totals { dimension value persons withIndicator share suppressed }
			    overall { persons withIndicator share suppressed }
			  }
			}""";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	LedgerFaults ledgerFaults;

	GraphQlRequests graphql;

	TestUsers users;

	SignedIn analyst;

	@BeforeEach
	void world() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		analyst = users.staff(Role.PUBLIC_HEALTH_ANALYST, "MT");
		if (jdbc.sql("select count(*) from statistical_contributions where home_jurisdiction = 'MT' and sex = 'X'")
			.query(Long.class)
			.single() == 0) {
			invent();
		}
	}

	/**
	 * Invented contributions in Malta, sex X (real persons registered below are FEMALE): per age band 20-24 / 25-29 /
	 * 30-34, 40 / 30 / 3 persons with MEASLES among 25 / 15 / 2 of them; two of nationality ZZ. And fifteen in
	 * Cyprus, so that keeping Malta alone never leaves out fewer than k persons, whatever other tests registered.
	 */
	private void invent() {
		for (int i = 0; i < 15; i++) {
			jdbc.sql("""
					insert into statistical_contributions (pseudonym, home_jurisdiction, age_band, sex, nationality,
					  reception_quarter, categories, vaccine_antigens)
					values (:pseudonym, 'CY', '20-24', 'X', 'SY', '2026-Q3', array['VACCINATIONS'], array['MEASLES'])""")
				.param("pseudonym", sha(UUID.randomUUID().toString()))
				.update();
		}
		int[][] bands = { { 40, 25 }, { 30, 15 }, { 3, 2 } };
		String[] names = { "20-24", "25-29", "30-34" };
		for (int b = 0; b < bands.length; b++) {
			for (int i = 0; i < bands[b][0]; i++) {
				List<String> antigens = i < bands[b][1] ? List.of("MEASLES", "TETANUS") : List.of("TETANUS");
				jdbc.sql("""
						insert into statistical_contributions (pseudonym, home_jurisdiction, age_band, sex, nationality,
						  reception_quarter, categories, vaccine_antigens)
						values (:pseudonym, 'MT', :band, 'X', :nationality, '2026-Q3', array['VACCINATIONS'],
						  :antigens::text[])""")
					.param("pseudonym", sha(UUID.randomUUID().toString()))
					.param("band", names[b])
					.param("nationality", b == 0 && i < 2 ? "ZZ" : "SY")
					.param("antigens", "{" + String.join(",", antigens) + "}")
					.update();
			}
		}
	}

	@Test
	void anAnalystGetsProtectedFiguresAndTheQuestionIsInTheLedgerFirst() {
		long before = statisticsEvents();
		JsonNode answer = ok(graphql.execute(analyst.token(), STATISTICS, Map.of("indicator", "VACCINATED", "subject",
				"MEASLES", "groupBy", List.of("AGE_BAND"), "filter", Map.of("sexes", List.of("X")))));
		JsonNode figures = answer.at("/data/statistics");
		assertThat(figures.at("/threshold").asInt()).isEqualTo(11);
		assertThat(figures.at("/rounding").asInt()).isEqualTo(5);
		assertThat(figures.at("/noiseEpsilon").isNull()).isTrue();
		// 20-24: 40 persons, 25 vaccinated; 25-29: 30 and 15; 30-34: 3 and 2, suppressed with the smaller other band
		assertThat(figures.at("/cells").toString()).isEqualTo("""
				[{"values":["20-24"],"persons":40,"withIndicator":25,"share":0.625,"suppressed":null},\
				{"values":["25-29"],"persons":null,"withIndicator":null,"share":null,"suppressed":"PROTECTS_ANOTHER"},\
				{"values":["30-34"],"persons":null,"withIndicator":null,"share":null,"suppressed":"BELOW_THRESHOLD"}]""");
		assertThat(figures.at("/overall").toString())
			.isEqualTo("{\"persons\":75,\"withIndicator\":40,\"share\":0.533,\"suppressed\":null}");
		assertThat(figures.at("/suppressedCells").asInt()).isEqualTo(2);

		assertThat(statisticsEvents()).isEqualTo(before + 1);
		Map<String, Object> event = lastStatisticsEvent();
		assertThat(event).containsEntry("requester_subject", analyst.username())
			.containsEntry("outcome", "SUCCESS")
			.containsEntry("purpose", "PUBLIC_HEALTH")
			.containsEntry("person_id", null)
			.containsEntry("target", "indicator:VACCINATED:MEASLES")
			.containsEntry("summarised_count", 73);
		assertThat((String) event.get("operation_name")).contains("indicator=VACCINATED:MEASLES")
			.contains("groupBy=[AGE_BAND]")
			.contains("SEX=X")
			.contains("HOME_JURISDICTION=MT")
			.contains("suppressed=2/3");
	}

	@Test
	void nobodyButAnAnalystIsAnsweredAndTheRefusalIsRecorded() {
		SignedIn clinician = users.clinician("MT");
		SignedIn auditor = users.staff(Role.AUDITOR, "MT");
		for (SignedIn other : List.of(clinician, auditor)) {
			long before = statisticsEvents();
			JsonNode refused = graphql.execute(other.token(), STATISTICS, Map.of("indicator", "VACCINATED", "subject",
					"MEASLES"));
			assertThat(refused.at("/data").isNull()).as(refused.toString()).isTrue();
			assertThat(refused.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");
			assertThat(statisticsEvents()).isEqualTo(before + 1);
			assertThat(lastStatisticsEvent()).containsEntry("requester_subject", other.username())
				.containsEntry("outcome", "DENIED");
		}
	}

	@Test
	void aFilterThatWouldSetFewerThanKPersonsApartIsRefused() {
		long before = statisticsEvents();
		// two persons are of nationality ZZ: keeping them, or leaving them out of the others, would single them out
		for (List<String> nationalities : List.of(List.of("ZZ"), List.of("SY"))) {
			JsonNode refused = graphql.execute(analyst.token(), STATISTICS, Map.of("indicator", "VACCINATED", "subject",
					"MEASLES", "filter", Map.of("sexes", List.of("X"), "nationalities", nationalities)));
			assertThat(refused.at("/data").isNull()).as(refused.toString()).isTrue();
			assertThat(refused.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
			assertThat(refused.at("/errors/0/message").asString()).contains("would keep or leave out fewer than 11");
		}
		assertThat(statisticsEvents()).isEqualTo(before + 2);
		assertThat(lastStatisticsEvent()).containsEntry("outcome", "DENIED");
		// both together are everyone: nothing set apart
		ok(graphql.execute(analyst.token(), STATISTICS, Map.of("indicator", "VACCINATED", "subject", "MEASLES",
				"filter", Map.of("sexes", List.of("X"), "nationalities", List.of("ZZ", "SY")))));
	}

	@Test
	void aQuestionThatIsNotOneIsRefusedBeforeCounting() {
		for (Map<String, Object> bad : List.of(Map.<String, Object>of("indicator", "VACCINATED"),
				Map.<String, Object>of("indicator", "SCREENING_POSITIVE", "subject", "NOT_A_DISEASE"),
				Map.<String, Object>of("indicator", "MENTAL_HEALTH_POSITIVE", "subject", "X"),
				Map.<String, Object>of("indicator", "VACCINATED", "subject", "MEASLES", "groupBy",
						List.of("AGE_BAND", "SEX", "NATIONALITY", "RECEPTION_QUARTER")),
				Map.<String, Object>of("indicator", "VACCINATED", "subject", "MEASLES", "filter",
						Map.of("sexes", List.of("X'; drop table statistical_contributions; --"))))) {
			JsonNode refused = graphql.execute(analyst.token(), STATISTICS, bad);
			assertThat(refused.at("/data").isNull()).as(refused.toString()).isTrue();
			assertThat(refused.at("/errors/0/extensions/classification").asString()).as(refused.toString())
				.isEqualTo("BAD_REQUEST");
		}
		assertThat(jdbc.sql("select count(*) from statistical_contributions").query(Long.class).single()).isPositive();
	}

	@Test
	void aLedgerFaultGivesNoFigures() {
		ledgerFaults.failAppends(true);
		try {
			JsonNode failed = graphql.execute(analyst.token(), STATISTICS, Map.of("indicator", "VACCINATED", "subject",
					"MEASLES", "filter", Map.of("sexes", List.of("X"))));
			assertThat(failed.at("/data").isNull()).as(failed.toString()).isTrue();
			assertThat(failed.at("/errors/0/extensions/classification").asString()).isEqualTo("UNAVAILABLE");
			assertThat(failed.toString()).doesNotContain("\"persons\"");
		}
		finally {
			ledgerFaults.failAppends(false);
		}
	}

	@Test
	void onePersonsAgreementAndWithdrawalMoveTheRecordedCountByOne() {
		SignedIn clinician = users.clinician("MT");
		JsonNode registered = ok(graphql.execute(clinician.token(), RecordGraphQlTests.REGISTER,
				Map.of("input", RecordGraphQlTests.registration("MT"))));
		String id = registered.at("/data/registerPerson/personId").asString();
		ok(graphql.execute(clinician.token(), "mutation($p: ID!) { addVaccination(personId: $p, input: {vaccine: "
				+ "\"Measles\", doseNumber: 1, date: \"2001-09-03\"}) { id } }", Map.of("p", id)));
		SignedIn person = users.migrant(PersonId.parse(id, "id"), Jurisdiction.of("MT"));
		Map<String, Object> everyone = Map.of("indicator", "VACCINATED", "subject", "MEASLES");

		long counted = countedFor(everyone);
		ok(graphql.execute(person.token(), StatisticalProjectionIntegrationTests.SET_CONSENT,
				Map.of("categories", List.of("VACCINATIONS"))));
		assertThat(countedFor(everyone)).isEqualTo(counted + 1);
		ok(graphql.execute(person.token(), StatisticalProjectionIntegrationTests.SET_CONSENT,
				Map.of("categories", List.of())));
		assertThat(countedFor(everyone)).isEqualTo(counted);
		// a category the person did not let count does not count them
		ok(graphql.execute(person.token(), StatisticalProjectionIntegrationTests.SET_CONSENT,
				Map.of("categories", List.of("CONDITIONS"))));
		assertThat(countedFor(everyone)).isEqualTo(counted);
	}

	/** The exact number of persons the ledger records for the question (the answer itself is rounded). */
	private long countedFor(Map<String, Object> question) {
		ok(graphql.execute(analyst.token(), STATISTICS, question));
		return ((Number) lastStatisticsEvent().get("summarised_count")).longValue();
	}

	private long statisticsEvents() {
		return jdbc.sql("select count(*) from access_events where action = 'STATISTICS'").query(Long.class).single();
	}

	private Map<String, Object> lastStatisticsEvent() {
		return jdbc.sql("""
				select requester_subject, outcome, purpose, person_id, target, operation_name, summarised_count
				from access_events where action = 'STATISTICS' order by sequence desc limit 1""").query().singleRow();
	}

	private static JsonNode ok(JsonNode answer) {
		assertThat(answer.has("errors")).as(answer.toString()).isFalse();
		return answer;
	}

	private static String sha(String text) {
		try {
			byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
				.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return java.util.HexFormat.of().formatHex(hash);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach(node -> texts.add(node.asString()));
		return texts;
	}
}
