package org.carnet.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop finds the same token, or refuses the same header with the same error, as Spring's resolver. */
class BearerTokensTests {

	private final BearerTokenResolver spring = new DefaultBearerTokenResolver();

	private final BearerTokenResolver carnet = new BearerTokens();

	/** What a resolver answers: the token, "none", or the error's code and description. */
	private static String outcome(BearerTokenResolver resolver, String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/graphql");
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		// Spring's resolver would also look at these, were it allowed to: it is not, and neither is ours
		request.setQueryString("access_token=from-the-query");
		request.addParameter("access_token", "from-the-query");
		try {
			String token = resolver.resolve(request);
			return token == null ? "none" : "token " + token;
		}
		catch (OAuth2AuthenticationException ex) {
			return "refused " + ex.getError().getErrorCode() + ": " + ex.getError().getDescription();
		}
	}

	@Test
	void headersOfEveryShapeGetSpringsAnswer() {
		String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjbGluaWNpYW4ifQ." + "Ab9-_".repeat(200);
		List<String> headers = new ArrayList<>(List.of("", "Bearer", "Bearer ", "bearer abc", "BEARER abc==",
				"Bearer abc=d", "Bearer  abc", "Bearer\tabc", "Bearer abc\n", "Bearer abc ", "Basic dXNlcjpwdw==",
				"Bearerabc", "Bear", "Bearer ~+/._-", "Bearer ===", "Bearer a=", "Bearer \u00e9", "B\u0130arer abc",
				"bearer\u0131 abc", "bEaReR " + jwt, "Bearer " + jwt, "Bearer " + jwt + "%", "Bearer " + jwt + ",x",
				"Bearer\u00a0abc", "Bearer abc\u0000", "bearer"));
		headers.add(null);
		for (String header : headers) {
			assertThat(outcome(carnet, header)).as("Authorization: %s", header).isEqualTo(outcome(spring, header));
		}
		assertThat(outcome(carnet, "Bearer " + jwt)).isEqualTo("token " + jwt);
		assertThat(outcome(carnet, "Bearer abc=d")).startsWith("refused invalid_token");
		assertThat(outcome(carnet, null)).isEqualTo("none");
	}

	@Test
	void randomHeadersGetSpringsAnswer() {
		String alphabet = "BEARbearBearer =\t\n\r x9Z-._~+/%,;\u00e9\u0130\u0131\u212a\u017f";
		String[] starts = { "", "Bearer ", "bearer ", "BEARER ", "Bearer", "Bear", "bearer  " };
		Random random = new Random(20261205);
		for (int i = 0; i < 50_000; i++) {
			StringBuilder header = new StringBuilder(starts[random.nextInt(starts.length)]);
			int length = random.nextInt(12);
			for (int k = 0; k < length; k++) {
				header.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			if (random.nextInt(4) == 0) {
				header.append("=".repeat(random.nextInt(3)));
			}
			String text = header.toString();
			assertThat(outcome(carnet, text)).as("Authorization: %s", text).isEqualTo(outcome(spring, text));
		}
	}
}
