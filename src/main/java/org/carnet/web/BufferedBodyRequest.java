package org.carnet.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.http.MediaType;

/**
 * A request whose body (sent without a length) was read within its limit: the body is served from memory, and a
 * form's fields are parsed from it, since the container can no longer read them itself.
 */
final class BufferedBodyRequest extends HttpServletRequestWrapper {

	private final byte[] body;

	private Map<String, String[]> parameters;

	BufferedBodyRequest(HttpServletRequest request, byte[] body) {
		super(request);
		this.body = body;
	}

	@Override
	public ServletInputStream getInputStream() {
		ByteArrayInputStream in = new ByteArrayInputStream(body);
		return new ServletInputStream() {

			@Override
			public int read() {
				return in.read();
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				return in.read(buffer, offset, length);
			}

			@Override
			public boolean isFinished() {
				return in.available() == 0;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setReadListener(ReadListener listener) {
				throw new IllegalStateException("The body was already read");
			}
		};
	}

	@Override
	public BufferedReader getReader() {
		return new BufferedReader(new InputStreamReader(getInputStream(), charset()));
	}

	@Override
	public int getContentLength() {
		return body.length;
	}

	@Override
	public long getContentLengthLong() {
		return body.length;
	}

	@Override
	public String getParameter(String name) {
		String[] values = parameters().get(name);
		return values == null ? null : values[0];
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		return parameters();
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(parameters().keySet());
	}

	@Override
	public String[] getParameterValues(String name) {
		String[] values = parameters().get(name);
		return values == null ? null : values.clone();
	}

	private Map<String, String[]> parameters() {
		if (parameters == null) {
			Map<String, List<String>> parsed = new LinkedHashMap<>();
			Charset charset = charset();
			parse(getQueryString(), charset, parsed);
			if (isForm()) {
				parse(new String(body, StandardCharsets.ISO_8859_1), charset, parsed);
			}
			Map<String, String[]> result = new LinkedHashMap<>();
			parsed.forEach((name, values) -> result.put(name, values.toArray(String[]::new)));
			parameters = Collections.unmodifiableMap(result);
		}
		return parameters;
	}

	private boolean isForm() {
		String type = getContentType();
		try {
			return type != null && MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(MediaType.parseMediaType(type));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private Charset charset() {
		String encoding = getCharacterEncoding();
		try {
			return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
		}
		catch (IllegalArgumentException ex) {
			return StandardCharsets.UTF_8;
		}
	}

	/** {@code a=1&b=2}, percent-decoded in the request's charset (the raw text is kept byte for byte). */
	private static void parse(String encoded, Charset charset, Map<String, List<String>> into) {
		if (encoded == null || encoded.isEmpty()) {
			return;
		}
		for (String pair : encoded.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = equals < 0 ? pair : pair.substring(0, equals);
			String value = equals < 0 ? "" : pair.substring(equals + 1);
			try {
				into.computeIfAbsent(decode(name, charset), key -> new ArrayList<>()).add(decode(value, charset));
			}
			catch (IllegalArgumentException ex) {
				// A malformed escape: the field is dropped, as the container does.
			}
		}
	}

	private static String decode(String text, Charset charset) {
		String bytes = URLDecoder.decode(text, StandardCharsets.ISO_8859_1);
		return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), charset);
	}
}
