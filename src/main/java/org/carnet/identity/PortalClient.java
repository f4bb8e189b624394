package org.carnet.identity;

import java.util.List;

/**
 * How the in-process portal signs users in: its client id, the secret it authenticates with at the token endpoint
 * and its registered redirect URIs. A bean; the secret never leaves the process.
 */
public record PortalClient(String clientId, String clientSecret, List<String> redirectUris) {

	public PortalClient {
		redirectUris = List.copyOf(redirectUris);
	}

	@Override
	public String toString() {
		return "PortalClient[clientId=" + clientId + ", redirectUris=" + redirectUris + "]";
	}
}
