package org.carnet.keyring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import javax.net.ssl.SSLContext;

/**
 * What an operator does with a root or admin token before Carnet starts (ops/vault/setup.sh), done over plain HTTP
 * for tests: enable the transit engine, create the KEKs. Deliberately not Carnet's client, so that tests do not set
 * Vault up through the code they test.
 */
final class TransitAdmin {

	private final HttpClient http;

	private final String address;

	private final String token;

	TransitAdmin(String address, String token, SSLContext tls) {
		HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
		if (tls != null) {
			builder.sslContext(tls);
		}
		this.http = builder.build();
		this.address = address;
		this.token = token;
	}

	TransitAdmin(String address, String token) {
		this(address, token, null);
	}

	/** Enables the transit engine at {@code mount} unless it is enabled already. */
	void enableTransit(String mount) {
		HttpResponse<String> response = send("POST", "sys/mounts/" + mount, "{\"type\":\"transit\"}");
		if (response.statusCode() >= 300 && !response.body().contains("already in use")) {
			throw new IllegalStateException("Cannot enable transit at " + mount + ": " + response.statusCode() + " "
					+ response.body());
		}
	}

	/** Creates a derived, non-exportable AES-256-GCM key that may not be deleted, as setup.sh does. */
	void createKek(String mount, String name) {
		expectOk(send("POST", mount + "/keys/" + name,
				"{\"type\":\"aes256-gcm96\",\"derived\":true,\"exportable\":false}"));
		expectOk(send("POST", mount + "/keys/" + name + "/config", "{\"deletion_allowed\":false}"));
	}

	HttpResponse<String> send(String method, String path, String body) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(address + "/v1/" + path))
			.header("X-Vault-Token", token)
			.timeout(Duration.ofSeconds(10))
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Vault at " + address + " cannot be reached: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void expectOk(HttpResponse<String> response) {
		if (response.statusCode() >= 300) {
			throw new IllegalStateException("Vault answered " + response.statusCode() + ": " + response.body());
		}
	}
}
