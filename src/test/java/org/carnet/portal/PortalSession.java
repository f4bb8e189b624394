package org.carnet.portal;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carnet.testing.Tokens;

/**
 * One browser's session with the portal, over plain HTTP (no JavaScript): cookies kept, redirects looked at one by
 * one, CSRF tokens taken from the last page like a form would. Signs in through the real authorization-code flow.
 */
public final class PortalSession {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private final String base;

	private final CookieManager cookies;

	private final HttpClient client;

	private final List<String> setCookies = new ArrayList<>();

	private String lastPage = "";

	public PortalSession(int port) {
		this(port, new CookieManager(null, CookiePolicy.ACCEPT_ALL));
	}

	private PortalSession(int port, CookieManager cookies) {
		this.base = "http://127.0.0.1:" + port;
		this.cookies = cookies;
		this.client = HttpClient.newBuilder()
			.cookieHandler(cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	/**
	 * The same browser (its cookies and the page it shows) sending its next requests to another server on this host,
	 * as a load balancer would to another replica.
	 */
	public PortalSession on(int otherPort) {
		PortalSession other = new PortalSession(otherPort, cookies);
		other.lastPage = lastPage;
		return other;
	}

	/** The hops from a page asked for without a session to the sign-in form, then signs in and lands on a page. */
	public List<URI> signIn(String username, String password, String path) {
		List<URI> hops = new ArrayList<>();
		URI uri = URI.create(base + path);
		HttpResponse<String> response = get(uri);
		hops.add(uri);
		while (isRedirect(response)) {
			uri = uri.resolve(location(response));
			hops.add(uri);
			response = get(uri);
		}
		if (!uri.getPath().equals("/login")) {
			throw new IllegalStateException("Expected the sign-in form, got " + uri + ": " + response.statusCode());
		}
		Map<String, String> form = new LinkedHashMap<>();
		form.put("username", username);
		form.put("password", password);
		form.put("_csrf", csrf(response.body()));
		response = send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(Tokens.form(form))));
		while (isRedirect(response)) {
			uri = uri.resolve(location(response));
			hops.add(uri);
			if (uri.getPath().equals("/login")) {
				throw new IllegalStateException("Sign-in refused for " + username);
			}
			response = get(uri);
		}
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Signed in, but " + uri + " answered " + response.statusCode());
		}
		return hops;
	}

	public HttpResponse<String> get(String path) {
		return get(URI.create(base + path));
	}

	/** Follows redirects (GET) to the final page. */
	HttpResponse<String> follow(HttpResponse<String> response) {
		URI uri = response.uri();
		while (isRedirect(response)) {
			uri = uri.resolve(location(response));
			response = get(uri);
		}
		return response;
	}

	/** A form post with the CSRF token of the last page, as a browser would send it. */
	HttpResponse<String> post(String path, Map<String, String> fields) {
		Map<String, String> form = new LinkedHashMap<>(fields);
		form.put("_csrf", csrf(lastPage));
		return postWithout(path, form);
	}

	/** A form post with fields that may repeat (checkbox groups). */
	HttpResponse<String> post(String path, List<Map.Entry<String, String>> fields) {
		StringBuilder body = new StringBuilder();
		List<Map.Entry<String, String>> all = new ArrayList<>(fields);
		all.add(Map.entry("_csrf", csrf(lastPage)));
		for (Map.Entry<String, String> field : all) {
			if (body.length() > 0) {
				body.append('&');
			}
			body.append(Tokens.form(Map.of(field.getKey(), field.getValue())));
		}
		return send(HttpRequest.newBuilder(URI.create(base + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body.toString())));
	}

	/** A form post exactly as given: no CSRF token unless the fields carry one. */
	HttpResponse<String> postWithout(String path, Map<String, String> fields) {
		return send(HttpRequest.newBuilder(URI.create(base + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(Tokens.form(fields))));
	}

	/** Every Set-Cookie header this session received. */
	List<String> setCookies() {
		return setCookies;
	}

	Optional<HttpCookie> cookie(String name) {
		return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst();
	}

	static String location(HttpResponse<String> response) {
		return response.headers().firstValue("Location").orElseThrow();
	}

	static boolean isRedirect(HttpResponse<String> response) {
		return response.statusCode() == 302 || response.statusCode() == 303;
	}

	private HttpResponse<String> get(URI uri) {
		return send(HttpRequest.newBuilder(uri).header("Accept", "text/html").GET());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = client.send(request.header("Accept-Language", "en").build(),
					HttpResponse.BodyHandlers.ofString());
			setCookies.addAll(response.headers().allValues("Set-Cookie"));
			if (response.statusCode() == 200) {
				lastPage = response.body();
			}
			return response;
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String csrf(String page) {
		Matcher matcher = CSRF.matcher(page);
		if (!matcher.find()) {
			throw new IllegalStateException("No CSRF token on the page");
		}
		return matcher.group(1);
	}
}
