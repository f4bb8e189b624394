package org.carnet.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free port for a process a test starts itself (a Carnet JVM, HAProxy), chosen outside the range the operating
 * system hands out for port 0 (Linux 32768-60999, macOS and Windows 49152-65535). A port found by binding port 0 and
 * closing it again can be handed out a moment later to a context of the other test JVM, which binds port 0 too: the
 * test would then wait for, and talk to, the wrong application. A port below 32768 is never handed out that way.
 */
public final class FreePorts {

	private static final int FIRST = 20_000;

	private static final int LAST = 32_000;

	private FreePorts() {
	}

	/** A port no process listens on now, on the loopback interface and on every interface. */
	public static int next() throws IOException {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = random.nextInt(FIRST, LAST);
			if (bindable(port)) {
				return port;
			}
		}
		throw new IOException("No free port between " + FIRST + " and " + LAST + " after 200 tries");
	}

	private static boolean bindable(int port) {
		try (ServerSocket any = new ServerSocket()) {
			any.setReuseAddress(false);
			any.bind(new InetSocketAddress(port));
		}
		catch (IOException taken) {
			return false;
		}
		try (ServerSocket loopback = new ServerSocket()) {
			loopback.setReuseAddress(false);
			loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return true;
		}
		catch (IOException taken) {
			return false;
		}
	}
}
