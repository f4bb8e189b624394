package org.carnet.security;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The firewall's header rule holds on the wire: Tomcat passes bytes 0x80 to 0xFF of a header on as the characters
 * U+0080 to U+00FF, of which U+0080 to U+009F are control characters; a bearer token carrying one is refused as a
 * bad request when the header is read, before the token is looked at. A tab is allowed by the firewall; the token
 * is then refused as malformed (401).
 */
@CarnetIntegrationTest
class HeaderFirewallSecurityTests {

	@LocalServerPort
	int port;

	@Test
	void aControlCharacterInTheBearerTokenIsRefusedAsABadRequest() throws Exception {
		assertThat(statusLine(bearer(new byte[] { 'a', 'b', (byte) 0x85, 'c' }))).contains(" 400 ");
		assertThat(statusLine(bearer(new byte[] { 'a', 'b', (byte) 0xE9, 'c' })))
			.as("a letter of Latin-1 passes the firewall; the token is malformed")
			.contains(" 401 ");
	}

	private static byte[] bearer(byte[] token) {
		ByteArrayOutputStream header = new ByteArrayOutputStream();
		header.writeBytes("Bearer ".getBytes(StandardCharsets.US_ASCII));
		header.writeBytes(token);
		return header.toByteArray();
	}

	/** A raw POST to /graphql with the given Authorization header bytes; the response's status line. */
	private String statusLine(byte[] authorization) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			byte[] body = "{\"query\":\"{ me { subject } }\"}".getBytes(StandardCharsets.US_ASCII);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + body.length + "\r\nConnection: close\r\nAuthorization: ")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(authorization);
			out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
			return response.substring(0, Math.max(0, response.indexOf("\r\n")));
		}
	}
}
