package org.carnet.portal;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carnet.consent.AccessNotices;
import org.carnet.consent.NotificationPreference;
import org.carnet.consent.NotificationPreferences;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The person chooses on their access-log page which accesses they are told about, in their language, each time
 * confirmed from what the server stored; the accesses they chose to hear about then appear on their home page.
 */
@CarnetIntegrationTest
class PortalNotificationsIntegrationTests extends PortalTestBase {

	/** The section's heading and the default's sentence, per language. */
	static final Map<String, List<String>> DEFAULT = Map.of(
			"en", List.of("What you are told", "You are told when someone in another country looks at your record"),
			"fr", List.of("Ce qui vous est signalé", "Vous êtes prévenu quand quelqu’un dans un autre pays"),
			"ar", List.of("ما يُبلَّغ لك", "تُبلَّغ عندما يطّلع شخص في بلد آخر على سجلك"),
			"fa", List.of("آنچه به شما اطلاع داده می‌شود", "وقتی کسی در کشوری دیگر پرونده شما را ببیند"),
			"uk", List.of("Про що вас сповіщають", "Вас сповіщають, коли хтось в іншій країні"));

	@Autowired
	NotificationPreferences preferences;

	@Autowired
	AccessNotices notices;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void createCast() {
		newCast();
	}

	@Test
	void theAccessLogPageOffersTheChoiceInEveryLanguageWithTheDefaultChosen() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/access-log");
		DEFAULT.forEach((language, words) -> {
			HttpResponse<String> page = amina.get("/portal/my/access-log?lang=" + language);
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.body()).as(language)
				.contains("id=\"notify\"", words.get(0), words.get(1), "id=\"notify-EVERY_ACCESS\"",
						"id=\"notify-EMERGENCY_ONLY\"")
				.containsPattern("id=\"notify-CROSS_BORDER_AND_EMERGENCY\"[^>]*checked")
				.doesNotContainPattern("id=\"notify-EVERY_ACCESS\"[^>]*checked")
				.doesNotContain("??");
		});
	}

	@Test
	void thePersonChoosesEveryAccessAndThenSeesAHomeCliniciansReadsOnTheirHomePage() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/access-log");
		String shown = rendering(amina.get("/portal/my/access-log").body());

		// a choice the page does not offer changes nothing
		HttpResponse<String> refused = amina.follow(amina.post("/portal/my/notification-preference",
				Map.of("preference", "NEVER", "rendering", shown)));
		assertThat(refused.body()).contains("Please choose one from the list.");
		assertThat(stored()).isZero();

		HttpResponse<String> saved = amina.follow(amina.post("/portal/my/notification-preference",
				Map.of("preference", "EVERY_ACCESS", "rendering", rendering(refused.body()))));
		assertThat(saved.body()).contains(
				"Saved. You are told every time someone else looks at or adds to your record.")
			.containsPattern("id=\"notify-EVERY_ACCESS\"[^>]*checked")
			.doesNotContainPattern("id=\"notify-CROSS_BORDER_AND_EMERGENCY\"[^>]*checked")
			.contains("You chose which accesses to your record you are told about.");
		assertThat(preferences.of(data.aminaId())).isEqualTo(NotificationPreference.EVERY_ACCESS);
		assertThat(stored()).isOne();

		notices.catchUp();
		String token = new Tokens(port).login(data.nikolaou, PortalTestData.PASSWORD);
		for (int i = 0; i < 2; i++) {
			assertThat(new GraphQlRequests(port).execute(token,
					"query($p: ID!) { person(id: $p, purpose: TREATMENT) { allergies { substance } } }",
					Map.of("p", data.aminaId().toString())).toString()).contains(PortalTestData.ALLERGY);
		}
		notices.catchUp();

		String home = amina.get("/portal/my").body();
		assertThat(home).contains("Dr Eleni Nikolaou\u2069 (Greece) looked at your record on", "for treatment: allergies.",
				"Times within that hour: 2.").doesNotContain(PortalTestData.ALLERGY, "Hives");
		assertThat(amina.get("/portal/my?lang=fr").body()).contains("Dr Eleni Nikolaou\u2069 (Grèce) a consulté votre dossier",
				"pour les soins : allergies.");
	}

	@Test
	void theSameChoiceSentTwiceFromOnePageActsOnce() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/access-log");
		String shown = amina.get("/portal/my/access-log").body();
		String form = formToken(shown);
		Map<String, String> fields = Map.of("preference", "EMERGENCY_ONLY", "rendering", rendering(shown),
				FormSubmissions.FIELD, form);
		amina.follow(amina.post("/portal/my/notification-preference", fields));
		long events = changes();
		HttpResponse<String> twice = amina.follow(amina.post("/portal/my/notification-preference", fields));
		assertThat(twice.body()).contains("Saved. You are told only about emergency accesses to your record.");
		assertThat(changes()).isEqualTo(events);
		assertThat(preferences.of(data.aminaId())).isEqualTo(NotificationPreference.EMERGENCY_ONLY);
	}

	private static String rendering(String page) {
		Matcher matcher = Pattern.compile("name=\"rendering\" value=\"([0-9a-f-]{36})\"").matcher(page);
		assertThat(matcher.find()).as("the notification form's rendering").isTrue();
		return matcher.group(1);
	}

	private static String formToken(String page) {
		Matcher matcher = Pattern.compile("id=\"notify-form\".*?name=\"" + FormSubmissions.FIELD + "\" value=\"([^\"]+)\"",
				Pattern.DOTALL).matcher(page);
		assertThat(matcher.find()).as("the notification form's token").isTrue();
		return matcher.group(1);
	}

	private long stored() {
		return jdbc.sql("select count(*) from notification_preferences where person_id = ?")
			.param(data.aminaId().value())
			.query(Long.class)
			.single();
	}

	private long changes() {
		return jdbc.sql("select count(*) from access_events where action = 'NOTIFICATION_PREFERENCE_CHANGED' "
				+ "and person_id = ?")
			.param(data.aminaId().value())
			.query(Long.class)
			.single();
	}
}
