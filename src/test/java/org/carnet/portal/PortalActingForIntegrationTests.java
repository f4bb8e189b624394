package org.carnet.portal;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acting for someone in the portal, as the two people involved would check it: Amina lets the health mediator see
 * her record; the mediator chooses to act for her, sees her record under a banner naming her record number, cannot
 * erase it, and Amina's log names the mediator as the helper she chose; once Amina stops it, the mediator's very next
 * page shows nothing of her record.
 */
@CarnetIntegrationTest
class PortalActingForIntegrationTests extends PortalTestBase {

	private static final Pattern REPRESENTATION = Pattern.compile("data-representation=\"([0-9a-f-]{36})\"");

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void createCast() {
		newCast();
	}

	/** The page's text without the isolation marks around names and dates. */
	private static String plain(String html) {
		return html.replace("\u2068", "").replace("\u2069", "");
	}

	@Test
	void aHelperChosenByThePersonSeesHerRecordUnderABannerUntilSheStopsIt() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/proxies");
		HttpResponse<String> authorised = amina.post("/portal/my/proxies", List.of(Map.entry("proxy", data.mediator),
				Map.entry("rights", "READ_RECORD"), Map.entry("days", "30")));
		assertThat(authorised.statusCode()).isEqualTo(302);
		String proxies = plain(amina.follow(authorised).body());
		assertThat(proxies).contains("Sara Mansour can now act for you until").doesNotContain("class=\"problem\"");
		Matcher id = REPRESENTATION.matcher(proxies);
		assertThat(id.find()).isTrue();

		PortalSession mediator = new PortalSession(port);
		mediator.signIn(data.mediator, PortalTestData.PASSWORD, "/portal/acting-for");
		String choices = plain(mediator.get("/portal/acting-for").body());
		assertThat(choices).contains(data.aminaPhrNumber()).contains("data-person=\"" + data.aminaId() + "\"");
		HttpResponse<String> started = mediator.post("/portal/acting-for", Map.of("personId", data.aminaId().toString()));
		assertThat(PortalSession.location(started)).endsWith("/portal/my");
		String record = plain(mediator.get("/portal/my/record").body());
		assertThat(record).contains("id=\"acting-for\"")
			.contains("You are acting for the person with record number " + data.aminaPhrNumber())
			.contains(PortalTestData.ALLERGY);
		for (String language : List.of("en", "ar", "fa", "fr", "uk")) {
			for (String path : List.of("/portal/my/record", "/portal/my/consents", "/portal/my/access-log",
					"/portal/my/proxies", "/portal/acting-for")) {
				HttpResponse<String> page = mediator.get(path + "?lang=" + language);
				assertThat(page.statusCode()).as(path).isEqualTo(200);
				assertThat(page.body()).as(path + " " + language).doesNotContain("??").contains("id=\"acting-for\"");
			}
			HttpResponse<String> own = amina.get("/portal/my/proxies?lang=" + language);
			assertThat(own.body()).as(language).doesNotContain("??").doesNotContain("class=\"problem\"");
		}

		// reading only: erasing is refused and nothing is erased
		mediator.get("/portal/my/erase");
		HttpResponse<String> erase = mediator.post("/portal/my/erase", Map.of("understood", "true"));
		assertThat(erase.statusCode()).isNotEqualTo(302);
		assertThat(erase.body()).contains("class=\"problem\"");
		assertThat(jdbc.sql("select count(*) from persons where id = ?").param(data.aminaId().value())
			.query(Long.class).single()).isEqualTo(1);

		// Amina's log names the mediator as the helper she chose
		String log = plain(amina.get("/portal/my/access-log?lang=en").body());
		assertThat(log).contains("Sara Mansour").contains("(whom you chose to act for you)");

		// stopped by Amina: the very next page of the mediator shows nothing of her record
		amina.get("/portal/my/proxies?lang=en");
		HttpResponse<String> revoked = amina.post("/portal/my/proxies/" + id.group(1) + "/revoke", Map.of());
		assertThat(plain(amina.follow(revoked).body())).contains("Sara Mansour can no longer act for you.");
		String after = mediator.get("/portal/my/record?lang=en").body();
		assertThat(after).doesNotContain(PortalTestData.ALLERGY).contains("class=\"problem\"");

		HttpResponse<String> stopped = mediator.post("/portal/acting-for/stop", Map.of());
		assertThat(mediator.follow(stopped).body()).doesNotContain("id=\"acting-for\"")
			.contains("You no longer act for anyone.");
	}
}
