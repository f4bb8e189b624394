package org.carnet.security;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser over {@link RawHttp}: keeps cookies, sends chosen extra headers on every request (a forged {@code Host},
 * a language), follows redirects one by one and keeps every answer, so that tests can look at each hop.
 */
final class RawBrowser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private final RawHttp http;

	private final int port;

	private final Map<String, String> extra;

	private final Map<String, String> cookies = new LinkedHashMap<>();

	/** Every answer received, in order. */
	final List<RawHttp.Answer> answers = new ArrayList<>();

	RawBrowser(int port, Map<String, String> extra) {
		this.port = port;
		this.http = new RawHttp(port);
		this.extra = extra;
	}

	RawHttp.Answer get(String path) throws IOException {
		return keep(http.get(path, headers(Map.of())));
	}

	RawHttp.Answer postForm(String path, Map<String, String> fields) throws IOException {
		StringBuilder form = new StringBuilder();
		fields.forEach((name, value) -> form.append(form.isEmpty() ? "" : "&")
			.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
		byte[] body = form.toString().getBytes(StandardCharsets.UTF_8);
		return keep(http.send("POST", path, headers(Map.of("Content-Type", "application/x-www-form-urlencoded")),
				body, body.length));
	}

	/** Follows redirects (within this server) from {@code answer} until a page. */
	RawHttp.Answer follow(RawHttp.Answer answer) throws IOException {
		RawHttp.Answer current = answer;
		for (int hops = 0; hops < 10 && current.status() / 100 == 3; hops++) {
			URI location = URI.create(current.header("Location"));
			if (location.isAbsolute() && location.getPort() != port) {
				throw new IllegalStateException("Redirected away from this server: " + location);
			}
			current = get(location.getRawPath() + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery()));
		}
		return current;
	}

	/** The portal's sign-in, from a page of the portal to that page, through the authorization server. */
	RawHttp.Answer signInToPortal(String path, String username, String password) throws IOException {
		RawHttp.Answer form = follow(get(path));
		if (form.status() != 200 || !form.body().contains("name=\"password\"")) {
			throw new IllegalStateException("Expected the sign-in form, got " + form.status());
		}
		return follow(postForm("/login", Map.of("username", username, "password", password, "_csrf", csrf(form))));
	}

	static String csrf(RawHttp.Answer page) {
		Matcher matcher = CSRF.matcher(page.body());
		if (!matcher.find()) {
			throw new IllegalStateException("No CSRF token on the page");
		}
		return matcher.group(1);
	}

	private Map<String, String> headers(Map<String, String> more) {
		Map<String, String> headers = new LinkedHashMap<>(extra);
		headers.putAll(more);
		headers.putIfAbsent("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
		if (!cookies.isEmpty()) {
			StringBuilder cookie = new StringBuilder();
			cookies.forEach((name, value) -> cookie.append(cookie.isEmpty() ? "" : "; ").append(name).append('=')
				.append(value));
			headers.put("Cookie", cookie.toString());
		}
		return headers;
	}

	private RawHttp.Answer keep(RawHttp.Answer answer) {
		answers.add(answer);
		String setCookie = answer.header("Set-Cookie");
		if (setCookie != null) {
			setCookie.lines().forEach(line -> {
				String pair = line.split(";", 2)[0];
				int equals = pair.indexOf('=');
				String name = pair.substring(0, equals).trim();
				String value = pair.substring(equals + 1).trim();
				if (value.isEmpty() || line.toLowerCase().contains("max-age=0")) {
					cookies.remove(name);
				}
				else {
					cookies.put(name, value);
				}
			});
		}
		return answer;
	}
}
