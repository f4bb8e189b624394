package org.carnet.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real access tokens from the running application, obtained the way a user's tools obtain them: the authorization
 * code flow with PKCE for {@code carnet-cli} driven over HTTP (authorize, sign-in form with its CSRF token, back to
 * authorize, code captured from the loopback redirect, code exchanged), or client credentials for clinic systems.
 * Tokens are cached per application port and user.
 *
 * <pre>
 * Tokens tokens = new Tokens(port);
 * String jwt = tokens.login("dr.weber", "a-long-password");
 * </pre>
 */
public final class Tokens {

	public static final String CLI_CLIENT = "carnet-cli";

	private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final int port;

	public Tokens(int port) {
		this.port = port;
	}

	/** An access token for the user, from the cache or through the full sign-in flow. */
	public String login(String username, String password) {
		return CACHE.computeIfAbsent(port + "|user|" + username + "|" + password,
				key -> authorizationCodeFlow(username, password, 40000 + RANDOM.nextInt(20000)).accessToken());
	}

	/** An access token for a clinic system's client, from the cache or from the token endpoint. */
	public String clientCredentials(String clientId, String clientSecret) {
		return CACHE.computeIfAbsent(port + "|client|" + clientId + "|" + clientSecret, key -> {
			HttpResponse<String> response = post("/oauth2/token",
					form(Map.of("grant_type", "client_credentials")),
					basic(clientId, clientSecret), newClient());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("client_credentials for " + clientId + " answered "
						+ response.statusCode() + ": " + response.body());
			}
			return JSON.readTree(response.body()).get("access_token").asString();
		});
	}

	/** What the browser part of the sign-in saw: every hop and the loopback callback, with the PKCE verifier. */
	public record Authorization(List<URI> hops, URI callback, String redirectUri, String verifier) {

		public Optional<String> code() {
			return query(callback).map(q -> q.get("code"));
		}
	}

	/** The token endpoint's answer to a code exchange. */
	public record Exchange(int status, JsonNode body) {

		public String accessToken() {
			if (status != 200) {
				throw new IllegalStateException("The token endpoint answered " + status + ": " + body);
			}
			return body.get("access_token").asString();
		}
	}

	/** The whole flow for {@code carnet-cli}: sign in, then exchange the code with the right verifier. */
	public Exchange authorizationCodeFlow(String username, String password, int loopbackPort) {
		Authorization authorization = authorize(username, password, loopbackPort);
		if (authorization.code().isEmpty()) {
			throw new IllegalStateException("No code in the callback " + authorization.callback());
		}
		return exchange(authorization, authorization.verifier());
	}

	/**
	 * The browser part of the flow for {@code carnet-cli} with PKCE: authorize (not signed in), sign-in page with
	 * its CSRF token, sign-in, authorize again, and the redirect to {@code http://127.0.0.1:<loopbackPort>/callback}
	 * captured without following it. Fails on any other hop.
	 */
	public Authorization authorize(String username, String password, int loopbackPort) {
		String verifier = randomUrlSafe(48);
		String redirectUri = "http://127.0.0.1:" + loopbackPort + "/callback";
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", CLI_CLIENT);
		parameters.put("redirect_uri", redirectUri);
		parameters.put("code_challenge", challenge(verifier));
		parameters.put("code_challenge_method", "S256");
		return authorize(parameters, username, password, verifier);
	}

	/**
	 * The browser part of the flow for any client: {@code parameters} of the authorization request (a
	 * {@code state} is added), then sign-in, until the redirect to the request's {@code redirect_uri}.
	 */
	public Authorization authorize(Map<String, String> parameters, String username, String password,
			String verifier) {
		HttpClient browser = newClient();
		String state = randomUrlSafe(16);
		String redirectUri = parameters.get("redirect_uri");
		Map<String, String> authorize = new LinkedHashMap<>(parameters);
		authorize.put("state", state);
		List<URI> hops = new ArrayList<>();

		URI authorizeUri = uri("/oauth2/authorize?" + form(authorize));
		hops.add(authorizeUri);
		URI login = redirectTarget(authorizeUri, get(browser, authorizeUri), "authorize (not signed in)");
		hops.add(login);
		if (login.toString().startsWith(redirectUri)) {
			// Refused before sign-in (e.g. no PKCE): the error is in the callback.
			return new Authorization(hops, login, redirectUri, verifier);
		}
		HttpResponse<String> loginPage = get(browser, login);
		if (loginPage.statusCode() != 200) {
			throw new IllegalStateException("The sign-in page answered " + loginPage.statusCode());
		}
		Matcher csrf = CSRF.matcher(loginPage.body());
		if (!csrf.find()) {
			throw new IllegalStateException("No CSRF token on the sign-in page");
		}
		Map<String, String> credentials = new LinkedHashMap<>();
		credentials.put("username", username);
		credentials.put("password", password);
		credentials.put("_csrf", csrf.group(1));
		HttpResponse<String> signedIn = send(browser, HttpRequest.newBuilder(login)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(form(credentials)))
			.build());
		URI next = redirectTarget(login, signedIn, "sign-in");
		if ("/login".equals(next.getPath())) {
			throw new IllegalStateException("Sign-in refused for " + username);
		}
		hops.add(next);
		// Back at /oauth2/authorize, which answers with the redirect to the client's callback.
		while (!next.toString().startsWith(redirectUri)) {
			if (hops.size() > 6) {
				throw new IllegalStateException("Too many redirects: " + hops);
			}
			next = redirectTarget(next, get(browser, next), "authorize (signed in)");
			hops.add(next);
		}
		if (!state.equals(query(next).orElse(Map.of()).get("state"))) {
			throw new IllegalStateException("The callback did not carry our state: " + next);
		}
		return new Authorization(hops, next, redirectUri, verifier);
	}

	/** Exchanges the authorization's code at the token endpoint, with the given PKCE verifier. */
	public Exchange exchange(Authorization authorization, String verifier) {
		Map<String, String> exchange = new LinkedHashMap<>();
		exchange.put("grant_type", "authorization_code");
		exchange.put("code", authorization.code().orElseThrow());
		exchange.put("redirect_uri", authorization.redirectUri());
		exchange.put("client_id", CLI_CLIENT);
		exchange.put("code_verifier", verifier);
		HttpResponse<String> token = post("/oauth2/token", form(exchange), null, newClient());
		return new Exchange(token.statusCode(), JSON.readTree(token.body()));
	}

	/** The claims of a token, decoded without checking anything (the server checks; tests only read). */
	public static JsonNode claims(String jwt) {
		String[] parts = jwt.split("\\.");
		return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
	}

	public URI uri(String pathAndQuery) {
		return URI.create("http://localhost:" + port + pathAndQuery);
	}

	/** A cookie-keeping client that never follows redirects: every hop is looked at. */
	public static HttpClient newClient() {
		return HttpClient.newBuilder()
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	public static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String randomUrlSafe(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	public static String form(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	public static Optional<Map<String, String>> query(URI uri) {
		if (uri == null || uri.getRawQuery() == null) {
			return Optional.empty();
		}
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : uri.getRawQuery().split("&")) {
			int eq = pair.indexOf('=');
			String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			values.put(key, value);
		}
		return Optional.of(values);
	}

	private HttpResponse<String> post(String path, String body, String authorization, HttpClient client) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return send(client, request.build());
	}

	private static HttpResponse<String> get(HttpClient browser, URI uri) {
		return send(browser, HttpRequest.newBuilder(uri).header("Accept", "text/html").GET().build());
	}

	private static URI redirectTarget(URI from, HttpResponse<String> response, String step) {
		if (response.statusCode() != 302 && response.statusCode() != 303) {
			throw new IllegalStateException(step + " answered " + response.statusCode() + " instead of a redirect: "
					+ response.body());
		}
		String location = response.headers()
			.firstValue("Location")
			.orElseThrow(() -> new IllegalStateException(step + " redirected without a Location"));
		return from.resolve(location);
	}

	private static String basic(String user, String secret) {
		String pair = URLEncoder.encode(user, StandardCharsets.UTF_8) + ":"
				+ URLEncoder.encode(secret, StandardCharsets.UTF_8);
		return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
	}

	static HttpResponse<String> send(HttpClient client, HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request to " + request.uri() + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}
}
