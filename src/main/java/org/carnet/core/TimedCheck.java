package org.carnet.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A health check with a deadline, for readiness probes: the check runs on a thread of its own and the probe waits at
 * most {@code deadline} for it; one that hangs (a database holding a lock, a key service that does not answer) makes
 * the probe answer "not ready" in time instead of holding it. At most one check runs at a time: while a timed-out
 * check is still running, later probes are answered at once without starting another one.
 */
public final class TimedCheck<T> {

	private final String name;

	private final Duration deadline;

	private final Supplier<T> check;

	private final AtomicReference<CompletableFuture<T>> running = new AtomicReference<>();

	private final Executor executor;

	public TimedCheck(String name, Duration deadline, Supplier<T> check) {
		this.name = name;
		this.deadline = deadline;
		this.check = check;
		this.executor = task -> {
			Thread thread = new Thread(task, "health-" + name);
			thread.setDaemon(true);
			thread.start();
		};
	}

	/**
	 * The check's answer, or {@link Unavailable} when it failed, did not answer within the deadline, or an earlier
	 * check is still running.
	 */
	public T run() {
		CompletableFuture<T> started = new CompletableFuture<>();
		CompletableFuture<T> earlier = running.get();
		if (earlier != null && !earlier.isDone()) {
			throw new Unavailable("The " + name + " check started earlier has not answered yet");
		}
		if (!running.compareAndSet(earlier, started)) {
			throw new Unavailable("Another " + name + " check is running");
		}
		executor.execute(() -> {
			try {
				started.complete(check.get());
			}
			catch (RuntimeException | Error ex) {
				started.completeExceptionally(ex);
			}
		});
		try {
			return started.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new Unavailable("The " + name + " check did not answer within " + deadline);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			throw cause instanceof Unavailable unavailable ? unavailable
					: new Unavailable("The " + name + " check failed: " + cause.getClass().getSimpleName(), cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Unavailable("Interrupted while waiting for the " + name + " check");
		}
	}
}
