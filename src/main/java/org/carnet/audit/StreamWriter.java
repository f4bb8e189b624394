package org.carnet.audit;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.carnet.core.Unavailable;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for one stream: a thread that takes every event waiting for the stream, appends them in one
 * transaction and completes each caller's future once that transaction has committed. While one batch commits, the
 * next one gathers, so a busy stream writes many events per commit instead of one.
 */
final class StreamWriter {

	private static final Logger log = LoggerFactory.getLogger(StreamWriter.class);

	private final int stream;

	private final int maxBatch;

	private final Chains chains;

	private final TransactionTemplate transactions;

	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

	private final Thread thread;

	private volatile boolean accepting = true;

	StreamWriter(int stream, int maxBatch, Chains chains, TransactionTemplate transactions) {
		this.stream = stream;
		this.maxBatch = maxBatch;
		this.chains = chains;
		this.transactions = transactions;
		this.thread = new Thread(this::run, "audit-writer-" + stream);
		this.thread.setDaemon(true);
	}

	void start() {
		thread.start();
	}

	CompletableFuture<AccessEvent> submit(AccessEvent draft) {
		Pending pending = new Pending(draft, new CompletableFuture<>());
		if (!accepting) {
			pending.future().completeExceptionally(new Unavailable("The audit ledger is shutting down"));
			return pending.future();
		}
		queue.add(pending);
		return pending.future();
	}

	/** True while the writer takes events and its thread lives (an Error it could not survive ends the thread). */
	boolean isRunning() {
		return accepting && thread.isAlive();
	}

	/** Stops taking events, writes those already waiting, and fails whatever arrived too late. */
	void stop(long waitMillis) {
		accepting = false;
		try {
			thread.join(waitMillis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		Pending late;
		while ((late = queue.poll()) != null) {
			late.future().completeExceptionally(new Unavailable("The audit ledger is shutting down"));
		}
	}

	private void run() {
		List<Pending> batch = new ArrayList<>(maxBatch);
		while (accepting || !queue.isEmpty()) {
			try {
				Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				queue.drainTo(batch, maxBatch - 1);
				write(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException | Error ex) {
				// never let the writer die silently: fail the batch and keep serving the stream
				fail(batch, ex);
			}
			finally {
				batch.clear();
			}
		}
	}

	private void write(List<Pending> waiting) {
		// an event whose caller has given up (deadline passed) was refused: it is not written afterwards
		List<Pending> batch = waiting.stream().filter(pending -> !pending.future().isDone()).toList();
		if (batch.isEmpty()) {
			return;
		}
		List<AccessEvent> drafts = new ArrayList<>(batch.size());
		for (Pending pending : batch) {
			drafts.add(pending.draft());
		}
		List<AccessEvent> appended;
		try {
			appended = transactions.execute(status -> chains.appendAndCommit(stream, drafts));
		}
		catch (RuntimeException ex) {
			fail(batch, ex);
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			batch.get(i).future().complete(appended.get(i));
		}
	}

	private void fail(List<Pending> batch, Throwable cause) {
		// the cause may carry a failing row (PostgreSQL's "Detail"): log only its kind and first line, never values
		log.error("Could not append {} audit event(s) to stream {}: {}", batch.size(), stream, describe(cause));
		Unavailable refused = new Unavailable("The audit ledger could not record this access, so it was refused");
		for (Pending pending : batch) {
			pending.future().completeExceptionally(refused);
		}
	}

	/**
	 * What went wrong, without values: the SQL state and PostgreSQL's primary message (its "Detail" and pgjdbc's batch
	 * messages repeat the failing row, which may hold a justification); for other failures the type and first line.
	 */
	static String describe(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql) {
				SQLException server = sql;
				while (!(server instanceof PSQLException) && server.getNextException() != null) {
					server = server.getNextException();
				}
				String message = server instanceof PSQLException psql && psql.getServerErrorMessage() != null
						? psql.getServerErrorMessage().getMessage() : sql.getClass().getSimpleName();
				return "SQL state " + server.getSQLState() + ": " + message;
			}
		}
		String message = failure.getMessage();
		if (message == null) {
			return failure.getClass().getSimpleName();
		}
		int end = message.indexOf('\n');
		return failure.getClass().getSimpleName() + ": " + (end < 0 ? message : message.substring(0, end));
	}

	private record Pending(AccessEvent draft, CompletableFuture<AccessEvent> future) {
	}
}
