package org.carnet.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Refuses a request whose body is larger than its endpoint's limit with 413, before authentication, parsing or any
 * other work: on its declared {@code Content-Length}, or, for a body sent without one (chunked), by reading at most
 * the limit and refusing past it. A body under the limit is kept in memory and handed on unchanged (form fields
 * included). API clients get JSON {@code {"error": ...}}; browsers get the error page in their language.
 */
final class RequestSizeLimit extends OncePerRequestFilter {

	private static final MediaType HTML = MediaType.TEXT_HTML;

	private final WebSettings.MaxBody limits;

	private final MessageSource messages;

	private final ObjectProvider<LocaleResolver> locales;

	RequestSizeLimit(WebSettings settings, MessageSource messages, ObjectProvider<LocaleResolver> locales) {
		this.limits = settings.maxBody();
		this.messages = messages;
		this.locales = locales;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		DataSize limit = limitFor(pathOf(request));
		long declared = request.getContentLengthLong();
		if (declared > limit.toBytes()) {
			refuse(request, response, limit);
			return;
		}
		if (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
			byte[] body = readAtMost(request.getInputStream(), limit.toBytes());
			if (body == null) {
				refuse(request, response, limit);
				return;
			}
			chain.doFilter(new BufferedBodyRequest(request, body), response);
			return;
		}
		chain.doFilter(request, response);
	}

	/** The limit of the endpoint kind a path belongs to. */
	DataSize limitFor(String path) {
		if (path.equals("/graphql") || path.startsWith("/graphql/")) {
			return limits.api();
		}
		// the raw path: "$" may come percent-encoded
		if (path.startsWith("/fhir/Patient/") && (path.endsWith("/$import") || path.endsWith("/%24import"))) {
			return limits.fhirImport();
		}
		if (path.equals("/login") || path.equals("/accounts/claim")) {
			return limits.signIn();
		}
		if (path.startsWith("/oauth2/") || path.startsWith("/connect/") || path.equals("/userinfo")
				|| path.startsWith("/.well-known/")) {
			return limits.oauth();
		}
		if (path.equals("/portal") || path.startsWith("/portal/") || path.startsWith("/login/oauth2/")) {
			return limits.portal();
		}
		return limits.other();
	}

	private static String pathOf(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String context = request.getContextPath();
		String path = context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length())
				: uri;
		int parameters = path.indexOf(';');
		return parameters < 0 ? path : path.substring(0, parameters);
	}

	/** The whole body if it has at most {@code limit} bytes, else {@code null} (having read at most one byte more). */
	private static byte[] readAtMost(InputStream in, long limit) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		int read;
		while ((read = in.read(buffer, 0, (int) Math.min(buffer.length, limit + 1 - body.size()))) > 0) {
			body.write(buffer, 0, read);
			if (body.size() > limit) {
				return null;
			}
		}
		return body.toByteArray();
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, DataSize limit) throws IOException {
		// The rest of the body is never read: Tomcat drains at most server.tomcat.max-swallow-size of it after the
		// answer, then closes the connection.
		if (wantsHtml(request)) {
			response.sendError(HttpStatus.CONTENT_TOO_LARGE.value());
			return;
		}
		LocaleResolver resolver = locales.getIfAvailable();
		Locale locale = resolver == null ? Locale.ENGLISH : resolver.resolveLocale(request);
		String message = messages.getMessage("error.tooLarge", new Object[] { limit.toKilobytes() },
				"The request is too large: send at most " + limit.toKilobytes() + " KB.", locale);
		response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write("{\"error\":\"" + jsonEscaped(message) + "\"}");
	}

	/** A browser that asks for HTML gets a page; an API client (JSON, {@code *}{@code /*}) gets JSON. */
	static boolean wantsHtml(HttpServletRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		if (accept == null || accept.isBlank()) {
			return false;
		}
		try {
			List<MediaType> types = MediaType.parseMediaTypes(accept);
			return types.stream().anyMatch(type -> HTML.equalsTypeAndSubtype(type) && type.getQualityValue() > 0);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private static String jsonEscaped(String text) {
		StringBuilder escaped = new StringBuilder(text.length() + 8);
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> escaped.append("\\\"");
				case '\\' -> escaped.append("\\\\");
				default -> {
					if (c < 0x20) {
						escaped.append(String.format("\\u%04x", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}
}
