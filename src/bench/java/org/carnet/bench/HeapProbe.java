package org.carnet.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Watches the heap of this JVM (application and load generator together): the highest heap in use, sampled every
 * 100 ms, and the heap still in use after each garbage collection (the live set, whose trend over a long run shows a
 * leak). Also reads the machine's load average, since the figures depend on what else runs.
 */
final class HeapProbe implements AutoCloseable {

	private final long started = System.nanoTime();

	private final Thread sampler;

	private final List<long[]> afterGc = new ArrayList<>();

	private volatile long peakUsed;

	private volatile boolean running = true;

	private final NotificationListener listener;

	HeapProbe() {
		listener = (notification, handback) -> {
			if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
				.equals(notification.getType())) {
				GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
					.from((CompositeData) notification.getUserData());
				long used = 0;
				for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
					if (isHeapPool(pool.getKey())) {
						used += pool.getValue().getUsed();
					}
				}
				synchronized (afterGc) {
					afterGc.add(new long[] { System.nanoTime() - started, used });
				}
			}
		};
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (gc instanceof NotificationEmitter emitter) {
				emitter.addNotificationListener(listener, null, null);
			}
		}
		sampler = new Thread(() -> {
			while (running) {
				long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
				if (used > peakUsed) {
					peakUsed = used;
				}
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "bench-heap-sampler");
		sampler.setDaemon(true);
		sampler.start();
	}

	private static boolean isHeapPool(String name) {
		return name.contains("Eden") || name.contains("Survivor") || name.contains("Old") || name.contains("Tenured");
	}

	/** Starts a new measurement window: the peak is forgotten. */
	Window window() {
		peakUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		return new Window(System.nanoTime() - started, afterGcCount());
	}

	private int afterGcCount() {
		synchronized (afterGc) {
			return afterGc.size();
		}
	}

	/** Highest heap in use since the window opened, in bytes. */
	long peakUsed() {
		return peakUsed;
	}

	/** Heap in use after each collection since the window opened: {nanos since window start, bytes}. */
	List<long[]> afterGcSince(Window window) {
		List<long[]> result = new ArrayList<>();
		synchronized (afterGc) {
			for (long[] point : afterGc.subList(window.afterGcIndex(), afterGc.size())) {
				result.add(new long[] { point[0] - window.nanos(), point[1] });
			}
		}
		return result;
	}

	/** Time all garbage collectors of this JVM have spent since it started, in seconds. */
	static double gcSeconds() {
		long millis = 0;
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			millis += Math.max(0, gc.getCollectionTime());
		}
		return millis / 1000.0;
	}

	/**
	 * Heap in use right after a full collection, in bytes: what is really reachable (the live set after a young
	 * collection also counts old garbage not collected yet). Call it only while no load runs.
	 */
	static long liveAfterFullGc() {
		System.gc();
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	static long maxHeap() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
	}

	/** The 1-minute load average, or -1 where the system does not tell. */
	static double loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return Double.parseDouble(fields[0]);
		}
		catch (Exception ex) {
			return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		}
	}

	@Override
	public void close() {
		running = false;
		sampler.interrupt();
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (gc instanceof NotificationEmitter emitter) {
				try {
					emitter.removeNotificationListener(listener);
				}
				catch (ListenerNotFoundException ex) {
					// not registered with this collector
				}
			}
		}
	}

	record Window(long nanos, int afterGcIndex) {
	}
}
