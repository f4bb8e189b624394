package org.carnet;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A stop the operator asks for (SIGTERM from a supervisor, from {@code docker stop} or from Maven's
 * {@code spring-boot:run} when Maven is interrupted; SIGINT from Ctrl-C) runs the orderly shutdown and then ends the
 * process with status 0: a requested stop that completed is not a failure. The JVM's own handlers end with 143 or
 * 130, and {@code spring-boot:run}, which stops its application with SIGTERM when Maven alone is interrupted, reports
 * 143 as "BUILD FAILURE". A shutdown that fails or hangs is unchanged: the same shutdown hooks run.
 * <p>
 * {@code sun.misc.Signal} (module jdk.unsupported, the only way to handle a signal in Java 17) is reached by
 * reflection so that the build does not warn about a proprietary API on every compilation.
 */
final class StopSignals {

	private StopSignals() {
	}

	static void install() {
		try {
			Class<?> signalType = Class.forName("sun.misc.Signal");
			Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
			Method handle = signalType.getMethod("handle", signalType, handlerType);
			Object exitNormally = Proxy.newProxyInstance(StopSignals.class.getClassLoader(),
					new Class<?>[] { handlerType }, (proxy, method, arguments) -> switch (method.getName()) {
						case "handle" -> {
							System.exit(0);
							yield null;
						}
						case "hashCode" -> System.identityHashCode(proxy);
						case "equals" -> proxy == arguments[0];
						default -> "exit normally on a stop signal";
					});
			for (String name : new String[] { "TERM", "INT" }) {
				try {
					handle.invoke(null, signalType.getConstructor(String.class).newInstance(name), exitNormally);
				}
				catch (ReflectiveOperationException | IllegalArgumentException ex) {
					// This signal cannot be handled here (another platform, or a JVM started with -Xrs): the JVM's
					// default stays.
				}
			}
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			// No sun.misc.Signal in this runtime: the JVM's defaults stay.
		}
	}
}
