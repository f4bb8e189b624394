package org.carnet.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;

import tools.jackson.databind.json.JsonMapper;

/**
 * Posts GraphQL documents to the application on the loopback interface (never elsewhere), over HTTP/1.1 with
 * kept-alive connections, as a clinic system would.
 */
final class GraphQlClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final URI endpoint;

	private final HttpClient client;

	GraphQlClient(int port) {
		this.endpoint = URI.create("http://127.0.0.1:" + port + "/graphql");
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.executor(Executors.newCachedThreadPool(runnable -> {
				Thread thread = new Thread(runnable, "bench-http");
				thread.setDaemon(true);
				return thread;
			}))
			.build();
	}

	/** The answer to a document: HTTP status and body. Throws on a connection failure. */
	Answer post(String token, String document, Map<String, Object> variables) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("query", document);
		body.put("variables", variables);
		HttpRequest request = HttpRequest.newBuilder(endpoint)
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Accept", "application/graphql-response+json, application/json")
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build();
		try {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("POST /graphql failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	/** An HTTP answer. */
	record Answer(int status, String body) {

		/** How many times {@code text} occurs in the body. */
		int count(String text) {
			int count = 0;
			for (int at = body.indexOf(text); at >= 0; at = body.indexOf(text, at + text.length())) {
				count++;
			}
			return count;
		}

		/**
		 * A GraphQL answer with data and exactly {@code consentErrors} CONSENT_REQUIRED errors and no other error.
		 */
		boolean ok(int consentErrors) {
			return status == 200 && body.startsWith("{") && !body.contains("\"data\":null")
					&& count("\"classification\"") == consentErrors && count("\"CONSENT_REQUIRED\"") == consentErrors;
		}
	}
}
