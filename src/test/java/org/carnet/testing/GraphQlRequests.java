package org.carnet.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Sends GraphQL documents to the running application over HTTP, as a client system would. */
public final class GraphQlRequests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final URI endpoint;

	private final HttpClient client = HttpClient.newHttpClient();

	public GraphQlRequests(int port) {
		this.endpoint = URI.create("http://localhost:" + port + "/graphql");
	}

	/** The HTTP answer to a document, with an optional bearer token (null: none). */
	public HttpResponse<String> post(String bearerToken, String document, Map<String, Object> variables) {
		return post(bearerToken, document, variables, Map.of());
	}

	/** As {@link #post(String, String, Map)}, with more request headers (e.g. {@code Carnet-Acting-For}). */
	public HttpResponse<String> post(String bearerToken, String document, Map<String, Object> variables,
			Map<String, String> headers) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("query", document);
		body.put("variables", variables == null ? Map.of() : variables);
		HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
			.header("Content-Type", "application/json")
			.header("Accept", "application/graphql-response+json, application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
		if (bearerToken != null) {
			request.header("Authorization", "Bearer " + bearerToken);
		}
		headers.forEach(request::header);
		return Tokens.send(client, request.build());
	}

	/** The JSON answer of a request that must reach GraphQL (HTTP 200). */
	public JsonNode execute(String bearerToken, String document, Map<String, Object> variables) {
		return execute(bearerToken, document, variables, Map.of());
	}

	/** The JSON answer of a request with more headers that must reach GraphQL (HTTP 200). */
	public JsonNode execute(String bearerToken, String document, Map<String, Object> variables,
			Map<String, String> headers) {
		HttpResponse<String> response = post(bearerToken, document, variables, headers);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("POST /graphql answered " + response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body());
	}

	public JsonNode execute(String bearerToken, String document) {
		return execute(bearerToken, document, Map.of());
	}
}
