package org.carnet.portal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.carnet.identity.PortalClient;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session's tokens over time: an access token about to expire is refreshed on the server before the next page
 * is read; when the refresh token no longer works the person passes through the authorization server again (still
 * signed in there) and lands on the page asked for; signing out revokes the refresh token. The portal's clock is
 * moved ahead for the first two, as if the page were asked for twenty minutes later.
 */
@CarnetIntegrationTest
class PortalTokenRefreshIntegrationTests extends PortalTestBase {

	@Autowired
	DefaultOAuth2AuthorizedClientManager portalClients;

	@Autowired
	PortalClient portal;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void createCast() {
		newCast();
	}

	@AfterEach
	void restoreClock() {
		portalClients.setAuthorizedClientProvider(
				OAuth2AuthorizedClientProviderBuilder.builder().authorizationCode().refreshToken().build());
	}

	@Test
	void anExpiringAccessTokenIsRefreshedOnTheServer() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/record");
		List<String> before = accessTokens(data.amina);
		assertThat(before).hasSize(1);

		twentyMinutesLater();
		var page = amina.get("/portal/my/record");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains(PortalTestData.ALLERGY);
		List<String> after = accessTokens(data.amina);
		assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before);
	}

	@Test
	void whenTheRefreshTokenNoLongerWorksThePersonSignsInAgainAndLandsOnThePage() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		// The authorization server forgets the session's tokens (as after revocation by an administrator).
		jdbc.sql("delete from oauth2_authorization where principal_name = :name")
			.param("name", data.amina)
			.update();

		twentyMinutesLater();
		var page = amina.get("/portal/my/record");
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(PortalSession.location(page)).contains("/oauth2/authorize?").contains("client_id=carnet-portal");
		var landed = amina.follow(page);
		assertThat(landed.uri().getPath()).isEqualTo("/portal/my/record");
		assertThat(landed.body()).contains(PortalTestData.ALLERGY);
		assertThat(accessTokens(data.amina)).hasSize(1);
	}

	@Test
	void signingOutRevokesTheRefreshToken() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		assertThat(refreshTokenMetadata(data.amina)).singleElement()
			.satisfies(metadata -> assertThat(metadata).doesNotContain("\"metadata.token.invalidated\":true"));
		amina.post("/portal/logout", Map.of());
		assertThat(refreshTokenMetadata(data.amina)).singleElement()
			.satisfies(metadata -> assertThat(metadata).contains("\"metadata.token.invalidated\":true"));
	}

	private void twentyMinutesLater() {
		Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20));
		portalClients.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
			.authorizationCode()
			.refreshToken(refresh -> refresh.clock(later))
			.build());
	}

	private List<String> accessTokens(String user) {
		return jdbc.sql("""
				select a.access_token_value from oauth2_authorization a
				join oauth2_registered_client c on c.id = a.registered_client_id
				where a.principal_name = :name and c.client_id = :client""")
			.param("name", user)
			.param("client", portal.clientId())
			.query(String.class)
			.list();
	}

	private List<String> refreshTokenMetadata(String user) {
		return jdbc.sql("""
				select a.refresh_token_metadata from oauth2_authorization a
				join oauth2_registered_client c on c.id = a.registered_client_id
				where a.principal_name = :name and c.client_id = :client""")
			.param("name", user)
			.param("client", portal.clientId())
			.query(String.class)
			.list();
	}
}
