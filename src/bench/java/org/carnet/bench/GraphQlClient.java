package org.carnet.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Posts GraphQL documents to the application on the loopback interface (never elsewhere), over HTTP/1.1 with one
 * kept-alive connection per client thread, as a clinic system would. A deliberately small client: the load
 * generator shares the two cores with the application and the database, so every microsecond it spends is taken
 * from what is measured (the JDK's HttpClient cost several times more per request).
 */
final class GraphQlClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final int port;

	private final ThreadLocal<Connection> connections = new ThreadLocal<>();

	GraphQlClient(int port) {
		this.port = port;
	}

	/** The answer to a document: HTTP status and body. Throws on a connection failure. */
	Answer post(String token, String document, Map<String, Object> variables) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("query", document);
		body.put("variables", variables);
		return send("POST", "/graphql", "application/json", "application/graphql-response+json, application/json",
				token, JSON.writeValueAsBytes(body));
	}

	/**
	 * Any request on the same kept-alive connection (the FHIR facade's, for instance); {@code contentType} is null
	 * for a request without a body.
	 */
	Answer send(String method, String path, String contentType, String accept, String token, byte[] content) {
		byte[] head = (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
				+ (contentType == null ? "" : "\r\nContent-Type: " + contentType) + "\r\nAccept: " + accept
				+ "\r\nAuthorization: Bearer " + token + "\r\nContent-Length: " + content.length + "\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		for (int attempt = 0;; attempt++) {
			Connection connection = connections.get();
			boolean reused = connection != null;
			try {
				if (connection == null) {
					connection = new Connection(port);
					connections.set(connection);
				}
				return connection.exchange(head, content);
			}
			catch (ClosedAfterAnswer closed) {
				connection.close();
				connections.remove();
				return closed.answer;
			}
			catch (IOException ex) {
				if (connection != null) {
					connection.close();
				}
				connections.remove();
				// the server may close an idle kept-alive connection: one retry on a fresh one
				if (!reused || attempt > 0) {
					throw new IllegalStateException(method + " " + path + " failed: " + ex.getMessage(), ex);
				}
			}
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

	/** One kept-alive HTTP/1.1 connection: Content-Length and chunked answers. */
	private static final class Connection {

		private final Socket socket;

		private final InputStream in;

		private final OutputStream out;

		Connection(int port) throws IOException {
			socket = new Socket();
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(60_000);
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
			in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
			out = socket.getOutputStream();
		}

		Answer exchange(byte[] head, byte[] content) throws IOException {
			out.write(head);
			out.write(content);
			out.flush();
			String statusLine = line();
			if (statusLine == null) {
				throw new IOException("connection closed before an answer");
			}
			int status = Integer.parseInt(statusLine.substring(9, 12));
			int length = -1;
			boolean chunked = false;
			boolean close = false;
			for (String header = line(); header != null && !header.isEmpty(); header = line()) {
				String lower = header.toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					length = Integer.parseInt(lower.substring(15).trim());
				}
				else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
					chunked = true;
				}
				else if (lower.startsWith("connection:") && lower.contains("close")) {
					close = true;
				}
			}
			ByteArrayOutputStream body = new ByteArrayOutputStream(chunked ? 32 * 1024 : Math.max(0, length));
			if (chunked) {
				for (int size = Integer.parseInt(line().trim().split(";")[0], 16); size > 0;
						size = Integer.parseInt(line().trim().split(";")[0], 16)) {
					copy(size, body);
					line();
				}
				while (true) {
					String trailer = line();
					if (trailer == null || trailer.isEmpty()) {
						break;
					}
				}
			}
			else if (length >= 0) {
				copy(length, body);
			}
			else {
				in.transferTo(body);
				close = true;
			}
			if (close) {
				throw new ClosedAfterAnswer(new Answer(status, body.toString(StandardCharsets.UTF_8)));
			}
			return new Answer(status, body.toString(StandardCharsets.UTF_8));
		}

		private void copy(int length, ByteArrayOutputStream body) throws IOException {
			byte[] buffer = new byte[8192];
			int left = length;
			while (left > 0) {
				int read = in.read(buffer, 0, Math.min(buffer.length, left));
				if (read < 0) {
					throw new IOException("connection closed in the middle of an answer");
				}
				body.write(buffer, 0, read);
				left -= read;
			}
		}

		/** A header line without its CRLF, or null at the end of the stream. */
		private String line() throws IOException {
			StringBuilder line = new StringBuilder();
			int c;
			while ((c = in.read()) >= 0) {
				if (c == '\n') {
					int end = line.length();
					return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
				}
				line.append((char) c);
			}
			return line.length() == 0 ? null : line.toString();
		}

		void close() {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
	}

	/** The server answered and closed the connection: the answer stands, the connection is replaced. */
	private static final class ClosedAfterAnswer extends IOException {

		private final transient Answer answer;

		ClosedAfterAnswer(Answer answer) {
			super("closed after the answer");
			this.answer = answer;
		}
	}
}
