package org.carnet.identity;

/**
 * A clinic system's OAuth2 client (client credentials), as registered. The secret is shown this once: only its hash
 * is stored.
 */
public record ClinicClient(String clientId, String clientSecret, Organisation organisation) {

	@Override
	public String toString() {
		return "ClinicClient[clientId=" + clientId + ", organisation=" + organisation.id() + "]";
	}
}
