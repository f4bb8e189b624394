package org.carnet.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives an operation: closed loop at saturation (a fixed number of clients, each sending its next request as soon
 * as the previous one is answered), or open loop at a fixed offered rate (requests start on a schedule whether or
 * not earlier ones are answered; latency counts from the scheduled start, so a stalled server shows as latency
 * instead of hiding as fewer requests). Each run has a warm-up, then a measured window bracketed by callbacks that
 * take the counters.
 */
final class Load {

	/** One operation of a scenario; {@code index} counts operations from 0. */
	@FunctionalInterface
	interface Operation {

		/** Null when the operation succeeded, else what went wrong. */
		String run(int index) throws Exception;
	}

	/** What the harness does when the measured window opens and closes. */
	interface Window {

		void open();

		void close();
	}

	private Load() {
	}

	/** {@code clients} closed-loop clients for {@code warmup}, then measured for {@code duration}. */
	static Samples saturate(Operation operation, int clients, Duration warmup, Duration duration, Window window)
			throws InterruptedException {
		return saturate(operation, clients, warmup, duration, Integer.MAX_VALUE, window);
	}

	/**
	 * Closed loop as above, ending after {@code duration} or once {@code limit} operations were measured (whichever
	 * comes first); with a limit, operation {@code i} of the window gets index {@code i}.
	 */
	static Samples saturate(Operation operation, int clients, Duration warmup, Duration duration, int limit,
			Window window) throws InterruptedException {
		Samples samples = new Samples();
		AtomicInteger warmIndex = new AtomicInteger(limit == Integer.MAX_VALUE ? 0 : limit);
		AtomicInteger index = new AtomicInteger();
		long warmEnd = System.nanoTime() + warmup.toNanos();
		long[] measureStart = { Long.MAX_VALUE };
		long measureEnd = warmEnd + duration.toNanos();
		Object gate = new Object();
		List<Thread> threads = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			Thread thread = new Thread(() -> {
				while (true) {
					long now = System.nanoTime();
					boolean measuring;
					synchronized (gate) {
						measuring = measureStart[0] != Long.MAX_VALUE;
					}
					int i;
					if (!measuring) {
						if (now >= warmEnd) {
							// wait for the coordinator to open the window
							LockSupport.parkNanos(1_000_000);
							continue;
						}
						i = warmIndex.getAndIncrement();
					}
					else {
						if (now >= measureEnd) {
							return;
						}
						i = index.getAndIncrement();
						if (i >= limit) {
							return;
						}
					}
					long start = System.nanoTime();
					String failure = call(operation, i);
					long end = System.nanoTime();
					if (measuring) {
						samples.record(start - measureStart[0], end - start, failure == null, failure);
					}
				}
			}, "bench-client-" + c);
			thread.setDaemon(true);
			threads.add(thread);
		}
		threads.forEach(Thread::start);
		sleepUntil(warmEnd);
		window.open();
		synchronized (gate) {
			measureStart[0] = System.nanoTime();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		long ended = System.nanoTime();
		window.close();
		samples.window(ended - measureStart[0]);
		return samples;
	}

	/** Requests started at {@code rate} per second for {@code warmup}, then measured for {@code duration}. */
	static Samples fixedRate(Operation operation, int rate, Duration warmup, Duration duration, Window window)
			throws InterruptedException {
		Samples samples = new Samples();
		// A client's connection pool: a request goes to the client thread (and its kept-alive connection) that became
		// idle last, and a new one opens only when every one is busy, so that a slow answer delays no later start
		// (until the server is truly saturated: past that many, the scheduler sends the request itself). Handing
		// requests round the threads in turn instead (a fixed pool's queue) kept about rate/2 connections each idle
		// for half a second, and woke a cold thread for every request: CPU of the load generator, counted in the JVM's.
		ThreadPoolExecutor pool = new ThreadPoolExecutor(1, Math.max(16, rate / 2), 60, TimeUnit.SECONDS,
				new SynchronousQueue<>(), runnable -> {
					Thread thread = new Thread(runnable, "bench-open-loop");
					thread.setDaemon(true);
					return thread;
				}, new ThreadPoolExecutor.CallerRunsPolicy());
		long period = 1_000_000_000L / rate;
		long begin = System.nanoTime();
		long warmEnd = begin + warmup.toNanos();
		long measureEnd = warmEnd + duration.toNanos();
		boolean opened = false;
		AtomicInteger index = new AtomicInteger();
		for (long k = 0;; k++) {
			long intended = begin + k * period;
			if (intended >= measureEnd) {
				break;
			}
			if (!opened && intended >= warmEnd) {
				sleepUntil(intended);
				window.open();
				opened = true;
			}
			sleepUntil(intended);
			boolean measured = intended >= warmEnd;
			pool.execute(() -> {
				String failure = call(operation, index.getAndIncrement());
				long end = System.nanoTime();
				if (measured) {
					samples.record(intended - warmEnd, end - intended, failure == null, failure);
				}
			});
		}
		pool.shutdown();
		if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
			pool.shutdownNow();
		}
		window.close();
		samples.window(measureEnd - warmEnd);
		return samples;
	}

	private static String call(Operation operation, int index) {
		try {
			return operation.run(index);
		}
		catch (Exception | Error ex) {
			return ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
	}

	private static void sleepUntil(long deadline) {
		long left;
		while ((left = deadline - System.nanoTime()) > 0) {
			LockSupport.parkNanos(left);
		}
	}
}
