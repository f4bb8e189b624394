package org.carnet.identity;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What makes a token acceptable to the Carnet API, and who may ask the authorization server about tokens
 * ({@code carnet.identity.tokens.*}).
 *
 * @param apiAudience the audience every access token is issued for and the API insists on; empty means
 * {@code <carnet.issuer>/api}. An ID token (audience: the client) or a token minted for something else is refused.
 * @param clockSkew how far past {@code exp} (and before {@code nbf}) a token is still accepted: issuer and API are
 * the same process or cluster, synchronised by NTP, so seconds suffice (Spring's default of 60 s kept expired tokens
 * alive for a minute)
 * @param introspectionClients client ids allowed to call {@code /oauth2/introspect}; none by default, since
 * Carnet's own API validates its JWTs locally
 */
@ConfigurationProperties("carnet.identity.tokens")
record TokenRules(String apiAudience, @DefaultValue("5s") Duration clockSkew, List<String> introspectionClients) {

	TokenRules {
		if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofSeconds(60)) > 0) {
			throw new IllegalArgumentException("carnet.identity.tokens.clock-skew must be between 0 and 60 seconds");
		}
		introspectionClients = introspectionClients == null ? List.of() : List.copyOf(introspectionClients);
	}

	/** The API's audience for tokens of {@code issuer}. */
	String audience(String issuer) {
		return apiAudience == null || apiAudience.isBlank() ? issuer + "/api" : apiAudience;
	}

	boolean mayIntrospect(String clientId) {
		return introspectionClients.contains(clientId);
	}
}
