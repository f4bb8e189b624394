package org.carnet.portal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.carnet.core.Jurisdiction;
import org.carnet.core.Role;
import org.carnet.identity.NewUser;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public-health analyst's page from the browser's side: the protected figures as a table with bars and a CSV,
 * withheld groups saying why, in the analyst's language; other roles are sent away and nothing is counted for them.
 * The projection of Luxembourg (no other test registers persons there) holds invented rows of known counts, laid
 * anew before each test.
 */
@CarnetIntegrationTest
class PortalAnalystPagesTests extends PortalTestBase {

	private static final String FIGURES = "/portal/statistics?indicator=VACCINATED&subject=MEASLES&groupBy=AGE_BAND"
			+ "&homeJurisdiction=LU";

	@Autowired
	JdbcClient jdbc;

	String analyst;

	@BeforeEach
	void world() {
		newCast();
		String organisation = "public-health-lu-" + data.suffix;
		accounts.createOrganisationIfAbsent(organisation, "Public health authority", Jurisdiction.of("LU"));
		analyst = "analyst." + data.suffix;
		accounts.createUserIfAbsent(NewUser.staff(analyst, PortalTestData.PASSWORD, "Lena Analyst", organisation,
				Role.PUBLIC_HEALTH_ANALYST));
		// the rows are laid anew for each test, whatever other classes of this context left in the table
		jdbc.sql("delete from statistical_contributions where home_jurisdiction in ('LU', 'LI')").update();
		// persons elsewhere (Liechtenstein), so that a filter on Luxembourg leaves out enough of them not to single
		// anyone out, even when the table holds nothing else (a rebuild of the projection drops invented rows)
		for (int i = 0; i < 20; i++) {
			jdbc.sql("""
					insert into statistical_contributions (pseudonym, home_jurisdiction, age_band, sex, nationality,
					  reception_quarter, categories, vaccine_antigens)
					values (md5(:seed) || md5(:seed || 'x'), 'LI', '20-24', 'X', 'SY', '2026-Q3', array['VACCINATIONS'],
					  '{TETANUS}')""").param("seed", UUID.randomUUID().toString()).update();
		}
		// 20-24: 40 persons, 25 with MEASLES; 25-29: 30 and 15; 30-34: 3 and 2
		int[][] bands = { { 40, 25 }, { 30, 15 }, { 3, 2 } };
		String[] names = { "20-24", "25-29", "30-34" };
		for (int b = 0; b < bands.length; b++) {
			for (int i = 0; i < bands[b][0]; i++) {
				jdbc.sql("""
						insert into statistical_contributions (pseudonym, home_jurisdiction, age_band, sex,
						  nationality, reception_quarter, categories, vaccine_antigens)
						values (md5(:seed) || md5(:seed || 'x'), 'LU', :band, 'X', 'SY', '2026-Q3',
						  array['VACCINATIONS'], :antigens::text[])""")
					.param("seed", UUID.randomUUID().toString())
					.param("band", names[b])
					.param("antigens", i < bands[b][1] ? "{MEASLES}" : "{TETANUS}")
					.update();
			}
		}
	}

	@Test
	void theAnalystSeesProtectedFiguresWithBarsAndWithheldGroupsSayWhy() {
		PortalSession session = new PortalSession(port);
		session.signIn(analyst, PortalTestData.PASSWORD, "/portal");
		HttpResponse<String> home = session.get("/portal");
		assertThat(PortalSession.location(home)).endsWith("/portal/statistics");
		assertThat(session.get("/portal/statistics").body()).contains("Public-health statistics")
			.contains("id=\"statistics-form\"")
			.doesNotContain("statistics-table");

		long before = statisticsEvents();
		String page = session.get(FIGURES).body();
		assertThat(statisticsEvents()).isEqualTo(before + 1);
		assertThat(page).contains("No number here stands for fewer than 11 persons, and counts are rounded to "
				+ "multiples of 5.")
			.contains("<bdi>20-24</bdi>")
			.contains(">40<")
			.contains(">25<")
			.contains("62.5 %")
			.contains("width=\"188\"") // 0.625 of 300
			.contains("Withheld to protect another group")
			.contains("Withheld: too few persons")
			.contains(">75<")
			.contains("statistics/figures.csv?indicator=VACCINATED")
			// no number of a withheld group is on the page
			.doesNotContain(">30<")
			.doesNotContain(">15<")
			.doesNotContain(">3<");

		HttpResponse<String> csv = session.get("/portal/statistics/figures.csv?indicator=VACCINATED&subject=MEASLES"
				+ "&groupBy=AGE_BAND&homeJurisdiction=LU");
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
		assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("statistics.csv");
		assertThat(csv.body()).isEqualTo("value,persons,with_indicator,share,suppressed\r\n"
				+ "20-24,40,25,0.625,\r\n" + "25-29,,,,PROTECTS_ANOTHER\r\n" + "30-34,,,,BELOW_THRESHOLD\r\n"
				+ "TOTAL,75,40,0.533,\r\n");
	}

	@Test
	void thePageSpeaksTheAnalystsLanguageAndSaysWhatIsWrongWithTheQuestion() {
		PortalSession session = new PortalSession(port);
		session.signIn(analyst, PortalTestData.PASSWORD, "/portal");
		String arabic = session.get(FIGURES + "&lang=ar").body();
		assertThat(arabic).contains("إحصاءات الصحة العامة").contains("محجوب لحماية مجموعة أخرى");
		session.get("/portal/statistics?lang=en");

		long before = statisticsEvents();
		String wrong = session.get("/portal/statistics?indicator=VACCINATED&subject=measles").body();
		assertThat(wrong).contains("Write the subject in capitals").doesNotContain("statistics-table");
		String unknown = session.get("/portal/statistics?indicator=NOT_ONE&subject=MEASLES").body();
		assertThat(unknown).doesNotContain("statistics-table");
		assertThat(statisticsEvents()).as("a question refused by the form never reaches the API").isEqualTo(before);
	}

	@Test
	void otherRolesAreSentAwayAndNothingIsCounted() throws Exception {
		long before = statisticsEvents();
		PortalSession clinician = new PortalSession(port);
		clinician.signIn(data.nikolaou, PortalTestData.PASSWORD, "/portal/clinician");
		HttpResponse<String> refused = clinician.get(FIGURES);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).doesNotContain("62.5");
		assertThat(clinician.get("/portal/statistics/figures.csv?indicator=VACCINATED&subject=MEASLES")
			.statusCode()).isEqualTo(403);
		HttpResponse<String> anonymous = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + FIGURES)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(302);
		assertThat(statisticsEvents()).isEqualTo(before);
	}

	private long statisticsEvents() {
		return jdbc.sql("select count(*) from access_events where action = 'STATISTICS'").query(Long.class).single();
	}
}
