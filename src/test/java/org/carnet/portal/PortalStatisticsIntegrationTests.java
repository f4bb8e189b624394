package org.carnet.portal;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carnet.consent.StatisticsAgreements;
import org.carnet.core.Category;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The person's choice about anonymous statistics on their consents page: explained in their language, off until they
 * tick a part and save, and stopped from the same page, each time confirmed from what the server stored.
 */
@CarnetIntegrationTest
class PortalStatisticsIntegrationTests extends PortalTestBase {

	/** The section's heading and the "not taking part" sentence, per language. */
	static final Map<String, List<String>> OFF = Map.of(
			"en", List.of("Anonymous statistics", "You do not take part in anonymous statistics."),
			"fr", List.of("Statistiques anonymes", "Vous ne participez pas aux statistiques anonymes."),
			"ar", List.of("إحصاءات مجهولة الهوية", "أنت لا تشارك في الإحصاءات مجهولة الهوية."),
			"fa", List.of("آمار بی‌نام", "شما در آمار بی‌نام شرکت نمی‌کنید."),
			"uk", List.of("Анонімна статистика", "Ви не берете участі в анонімній статистиці."));

	@Autowired
	StatisticsAgreements agreements;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void createCast() {
		newCast();
	}

	@Test
	void theConsentsPageExplainsStatisticsInEveryLanguageWithOneBoxPerPartAndNothingTicked() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/consents");
		OFF.forEach((language, words) -> {
			HttpResponse<String> page = amina.get("/portal/my/consents?lang=" + language);
			assertThat(page.statusCode()).isEqualTo(200);
			String html = page.body();
			assertThat(html).as(language)
				.contains("id=\"statistics\"", words.get(0), words.get(1))
				.doesNotContain("??")
				.doesNotContainPattern("id=\"statistics-[A-Z_]+\"[^>]*checked");
			for (Category category : StatisticsAgreements.OFFERED) {
				assertThat(html).as(language).contains("id=\"statistics-" + category + "\"");
			}
			assertThat(html).as(language).doesNotContain("id=\"statistics-stop\"");
		});
	}

	@Test
	void thePersonOptsInAndOutThroughThePage() {
		long rows = contributions();
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/consents");
		String shown = rendering(amina.get("/portal/my/consents").body());

		HttpResponse<String> saved = amina.post("/portal/my/statistics",
				List.of(Map.entry("categories", "VACCINATIONS"), Map.entry("categories", "INFECTIOUS_DISEASES"),
						Map.entry("rendering", shown)));
		HttpResponse<String> page = amina.follow(saved);
		assertThat(page.body()).contains("Saved. You now help with anonymous statistics about:",
				"You help with anonymous statistics about:", "id=\"statistics-stop\"");
		assertThat(page.body()).containsPattern("id=\"statistics-VACCINATIONS\"[^>]*checked")
			.doesNotContainPattern("id=\"statistics-CONDITIONS\"[^>]*checked");
		assertThat(agreements.of(data.aminaId()).categories())
			.isEqualTo(Set.of(Category.VACCINATIONS, Category.INFECTIOUS_DISEASES));
		assertThat(contributions()).isEqualTo(rows + 1);

		HttpResponse<String> stopped = amina.follow(amina.post("/portal/my/statistics",
				Map.of("rendering", rendering(page.body()))));
		assertThat(stopped.body()).contains("You no longer take part in anonymous statistics. What you gave has been removed.",
				"You do not take part in anonymous statistics.");
		assertThat(agreements.of(data.aminaId()).contributing()).isFalse();
		assertThat(contributions()).isEqualTo(rows);

		// the same choice again, from the page shown now: a setting changed back acts, it is not a resubmission
		HttpResponse<String> again = amina.follow(amina.post("/portal/my/statistics",
				List.of(Map.entry("categories", "VACCINATIONS"), Map.entry("categories", "INFECTIOUS_DISEASES"),
						Map.entry("rendering", rendering(stopped.body())))));
		assertThat(again.body()).contains("You help with anonymous statistics about:");
		assertThat(agreements.of(data.aminaId()).categories())
			.isEqualTo(Set.of(Category.VACCINATIONS, Category.INFECTIOUS_DISEASES));
		assertThat(contributions()).isEqualTo(rows + 1);

		// the person's own log tells their choices as theirs, not as a share with someone
		assertThat(amina.get("/portal/my/access-log").body())
			.contains("You chose what may be counted in anonymous statistics.",
					"You stopped taking part in anonymous statistics.");
	}

	private static String rendering(String page) {
		Matcher matcher = Pattern.compile("name=\"rendering\" value=\"([0-9a-f-]{36})\"").matcher(page);
		assertThat(matcher.find()).as("the statistics form's rendering").isTrue();
		return matcher.group(1);
	}

	private long contributions() {
		return jdbc.sql("select count(*) from statistical_contributions").query(Long.class).single();
	}
}
