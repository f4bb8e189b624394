package org.carnet.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what an HTTP client library will not send: a {@code Content-Length} larger than
 * the body actually sent, a chunked body of a chosen size, a forged {@code Host} header. Each request uses its own
 * connection ({@code Connection: close}); the answer is read until the server closes or its length is reached.
 */
final class RawHttp {

	/** What came back, and how long after the request began. */
	record Answer(int status, Map<String, String> headers, String body, long millis) {

		String header(String name) {
			return headers.get(name.toLowerCase(Locale.ROOT));
		}
	}

	private final int port;

	RawHttp(int port) {
		this.port = port;
	}

	/**
	 * Sends the request line and headers, then {@code bodyBytesSent} bytes of {@code fill} as the body: with the
	 * declared {@code Content-Length} when {@code declaredLength >= 0}, else chunked. Writing stops quietly if the
	 * server closes early (it may refuse before reading).
	 */
	Answer send(String method, String path, Map<String, String> headers, byte[] body, long declaredLength)
			throws IOException {
		long start = System.nanoTime();
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
			Map<String, String> all = new LinkedHashMap<>();
			all.put("Host", "127.0.0.1:" + port);
			all.put("Connection", "close");
			all.putAll(headers);
			if (body != null) {
				if (declaredLength >= 0) {
					all.put("Content-Length", Long.toString(declaredLength));
				}
				else {
					all.put("Transfer-Encoding", "chunked");
				}
			}
			all.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
			head.append("\r\n");
			out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			try {
				if (body != null && declaredLength >= 0) {
					out.write(body);
				}
				else if (body != null) {
					for (int offset = 0; offset < body.length; offset += 4096) {
						int length = Math.min(4096, body.length - offset);
						out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
						out.write(body, offset, length);
						out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
					}
					out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
				}
				out.flush();
			}
			catch (IOException closedEarly) {
				// The server answered and closed before taking the whole body: read what it said.
			}
			return read(socket.getInputStream(), start);
		}
	}

	Answer get(String path, Map<String, String> headers) throws IOException {
		return send("GET", path, headers, null, -1);
	}

	/** Reads the head, then the body by its length or to its last chunk (the server may keep the connection). */
	private static Answer read(InputStream in, long start) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		int end = -1;
		Map<String, String> headers = new LinkedHashMap<>();
		int status = 0;
		try {
			int read;
			while ((read = in.read(buffer)) > 0) {
				received.write(buffer, 0, read);
				byte[] bytes = received.toByteArray();
				if (end < 0) {
					end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
					if (end >= 0) {
						String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
						status = Integer.parseInt(lines[0].split(" ")[1]);
						for (int i = 1; i < lines.length; i++) {
							int colon = lines[i].indexOf(':');
							headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
									lines[i].substring(colon + 1).trim(), (a, b) -> a + "\n" + b);
						}
					}
				}
				if (end >= 0 && complete(headers, Arrays.copyOfRange(bytes, end + 4, bytes.length))) {
					break;
				}
			}
		}
		catch (SocketTimeoutException | java.net.SocketException ex) {
			// Keep what arrived.
		}
		byte[] bytes = received.toByteArray();
		if (end < 0) {
			throw new IOException("No HTTP answer: " + new String(bytes, StandardCharsets.ISO_8859_1));
		}
		byte[] rest = Arrays.copyOfRange(bytes, end + 4, bytes.length);
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			rest = dechunk(rest);
		}
		return new Answer(status, headers, new String(rest, StandardCharsets.UTF_8),
				(System.nanoTime() - start) / 1_000_000);
	}

	private static boolean complete(Map<String, String> headers, byte[] body) {
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			return indexOf(body, "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)) >= 0
					&& (body.length == 5 || indexOf(body, "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)) >= 0);
		}
		String length = headers.get("content-length");
		return length != null && body.length >= Integer.parseInt(length);
	}

	private static byte[] dechunk(byte[] chunked) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		int at = 0;
		while (at < chunked.length) {
			int lineEnd = indexOf(Arrays.copyOfRange(chunked, at, chunked.length), new byte[] { '\r', '\n' });
			if (lineEnd < 0) {
				break;
			}
			String sizeLine = new String(chunked, at, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].trim();
			int size = Integer.parseInt(sizeLine, 16);
			if (size == 0) {
				break;
			}
			int dataStart = at + lineEnd + 2;
			body.write(chunked, dataStart, Math.min(size, chunked.length - dataStart));
			at = dataStart + size + 2;
		}
		return body.toByteArray();
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}
}
