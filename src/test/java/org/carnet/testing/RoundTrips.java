package org.carnet.testing;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.net.SocketFactory;

/**
 * Counts network round trips to PostgreSQL: each time a connection's socket is read after something was written to
 * it, the client sent messages and waits for the answer, whatever they were (a statement, {@code BEGIN} with it, a
 * {@code COMMIT}, a {@code SET}, the pool's check that a connection is still alive). The PostgreSQL driver takes it as
 * the socket factory of every connection the tests open ({@code org/postgresql/driverconfig.properties} in the test
 * resources), so that what the pool and the driver send below the data source counts too, which
 * {@link StatementCounter} does not see. While a {@link Recording} runs, each round trip is noted with the thread
 * that waited for it and whether it was the pool's validity check ({@code Connection.isValid}, which Hikari sends
 * when it hands out a connection unused for more than 500 ms).
 */
public final class RoundTrips extends SocketFactory {

	private static volatile Recording recording;

	/** Starts noting each round trip (one recording at a time: tests that record do not run in parallel). */
	public static Recording record() {
		Recording started = new Recording();
		recording = started;
		return started;
	}

	/** One round trip: the thread that waited for it, and whether it was the pool's check of a connection. */
	public record Exchange(String thread, boolean validityCheck) {
	}

	/** The round trips noted since {@link #record()}, until closed. */
	public static final class Recording implements AutoCloseable {

		private final ConcurrentLinkedQueue<Exchange> exchanges = new ConcurrentLinkedQueue<>();

		/** Round trips of threads whose names start with this, the pool's validity checks left out. */
		public long of(String threadPrefix) {
			return exchanges.stream().filter(e -> e.thread().startsWith(threadPrefix) && !e.validityCheck()).count();
		}

		/** The pool's validity checks of threads whose names start with this. */
		public long validityChecksOf(String threadPrefix) {
			return exchanges.stream().filter(e -> e.thread().startsWith(threadPrefix) && e.validityCheck()).count();
		}

		@Override
		public void close() {
			if (recording == this) {
				recording = null;
			}
		}
	}

	private static void exchanged() {
		Recording current = recording;
		if (current != null) {
			boolean check = StackWalker.getInstance()
				.walk(frames -> frames.anyMatch(frame -> frame.getMethodName().equals("isValid")
						&& frame.getClassName().startsWith("org.postgresql.")));
			current.exchanges.add(new Exchange(Thread.currentThread().getName(), check));
		}
	}

	@Override
	public Socket createSocket() {
		return new CountingSocket();
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		Socket socket = createSocket();
		socket.connect(new InetSocketAddress(host, port));
		return socket;
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return createSocket(host, port);
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		Socket socket = createSocket();
		socket.connect(new InetSocketAddress(host, port));
		return socket;
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return createSocket(address, port);
	}

	/** A socket that notes a round trip at the first read after a write. */
	private static final class CountingSocket extends Socket {

		private volatile boolean written;

		private InputStream in;

		private OutputStream out;

		@Override
		public synchronized InputStream getInputStream() throws IOException {
			if (in == null) {
				in = new FilterInputStream(super.getInputStream()) {
					@Override
					public int read() throws IOException {
						answered();
						return super.read();
					}

					@Override
					public int read(byte[] bytes, int offset, int length) throws IOException {
						answered();
						return super.read(bytes, offset, length);
					}
				};
			}
			return in;
		}

		@Override
		public synchronized OutputStream getOutputStream() throws IOException {
			if (out == null) {
				out = new FilterOutputStream(super.getOutputStream()) {
					@Override
					public void write(int b) throws IOException {
						written = true;
						out.write(b);
					}

					@Override
					public void write(byte[] bytes, int offset, int length) throws IOException {
						written = true;
						out.write(bytes, offset, length);
					}
				};
			}
			return out;
		}

		private void answered() {
			if (written) {
				written = false;
				exchanged();
			}
		}
	}
}
