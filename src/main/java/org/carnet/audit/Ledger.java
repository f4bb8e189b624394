package org.carnet.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.carnet.core.BadInput;
import org.carnet.core.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The access ledger: records access events durably, in hash chains, before the caller goes on.
 * <ul>
 * <li>{@link #append} for reads and anything outside a transaction: the call returns once the event is committed
 * (group commit: a few milliseconds); when it cannot be written the call throws {@link Unavailable} and the caller
 * must refuse the operation (serve no data).</li>
 * <li>{@link #appendInTransaction} for writes and consent changes: the event is written in the caller's database
 * transaction, so it commits or rolls back with the change. Call it as the last step: the event's stream stays
 * locked until the transaction ends.</li>
 * </ul>
 * Never call {@link #append} while holding a database transaction: it waits for another connection.
 */
@Component
public class Ledger implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(Ledger.class);

	private static final int MAX_TEXT = 500;

	private static final int MAX_JUSTIFICATION = 4000;

	private final Chains chains;

	private final AuditSettings settings;

	private final AuditMeters meters;

	private final List<StreamWriter> writers = new ArrayList<>();

	/** Callers waiting for their events: bounded, so that a stalled ledger cannot hold every request thread. */
	private final Semaphore waiting;

	Ledger(Chains chains, PlatformTransactionManager transactionManager, AuditSettings settings, AuditMeters meters) {
		this.chains = chains;
		this.settings = settings;
		this.meters = meters;
		this.waiting = new Semaphore(settings.maxWaiting());
		TransactionTemplate transactions = new TransactionTemplate(transactionManager);
		for (int stream = 0; stream < settings.streams(); stream++) {
			writers.add(new StreamWriter(stream, settings.maxBatch(), chains, transactions));
		}
		writers.forEach(StreamWriter::start);
		meters.waiting(this);
	}

	/**
	 * Appends {@code draft} and waits until it is durable, at most {@code carnet.audit.append-timeout}. An event whose
	 * caller has given up is not written any more unless its batch was already being written: the ledger may then
	 * record an access that was refused, never the other way round.
	 *
	 * @return the appended event, with its sequence, stream position and hashes
	 * @throws Unavailable when the event could not be written in time: refuse the operation
	 */
	public AccessEvent append(AccessEvent draft) {
		CompletableFuture<AccessEvent> appended = appendAsync(draft);
		try {
			// the future has its own deadline; this one only guards against a future never completed at all
			return appended.get(settings.appendTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof Unavailable unavailable) {
				throw unavailable;
			}
			if (ex.getCause() instanceof TimeoutException) {
				throw timedOut();
			}
			throw new Unavailable("The audit ledger could not record this access, so it was refused");
		}
		catch (TimeoutException ex) {
			throw timedOut();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Unavailable("Interrupted while recording this access, so it was refused");
		}
	}

	/**
	 * Appends {@code draft} without waiting: the future completes with the appended event once it is durable, or
	 * exceptionally with {@link Unavailable}, or with a {@link TimeoutException} once
	 * {@code carnet.audit.append-timeout} has passed. For callers that continue on another thread; they must still not
	 * let data leave before the future completes normally. When {@code carnet.audit.max-waiting} callers already wait,
	 * the future fails at once: a stalled ledger then refuses reads without holding their threads.
	 */
	public CompletableFuture<AccessEvent> appendAsync(AccessEvent draft) {
		return appendAllAsync(List.of(draft)).thenApply(events -> events.get(0));
	}

	/**
	 * Appends the drafts of one operation without waiting, as {@link #appendAsync} does for one: the future completes
	 * with the appended events, in the order given, once every one of them is durable, or exceptionally as soon as one
	 * of them cannot be written. The drafts take one place among the {@code carnet.audit.max-waiting} callers, not one
	 * each: the limit counts operations waiting, so that a list of fifty persons is not refused where fifty single reads
	 * would pass.
	 */
	public CompletableFuture<List<AccessEvent>> appendAllAsync(List<AccessEvent> drafts) {
		drafts.forEach(Ledger::check);
		if (drafts.isEmpty()) {
			return CompletableFuture.completedFuture(List.copyOf(drafts));
		}
		if (!waiting.tryAcquire()) {
			return CompletableFuture.failedFuture(new Unavailable("The audit ledger is not keeping up, so this access "
					+ "was refused; try again shortly"));
		}
		List<CompletableFuture<AccessEvent>> each = new ArrayList<>(drafts.size());
		try {
			for (AccessEvent draft : drafts) {
				// the writer skips an event whose future is already done: one whose caller was refused (the deadline
				// passed, or another event of the same operation failed) is not written later
				each.add(writers.get(Chains.streamOf(draft.personId(), writers.size()))
					.submit(draft)
					.orTimeout(settings.appendTimeout().toMillis(), TimeUnit.MILLISECONDS));
			}
		}
		catch (RuntimeException ex) {
			each.forEach(future -> future.cancel(false));
			waiting.release();
			throw ex;
		}
		long submitted = System.nanoTime();
		CompletableFuture<List<AccessEvent>> all = new CompletableFuture<>();
		AtomicInteger left = new AtomicInteger(each.size());
		for (CompletableFuture<AccessEvent> future : each) {
			future.whenComplete((event, failure) -> {
				if (failure != null && all.completeExceptionally(unwrap(failure))) {
					each.forEach(other -> other.cancel(false));
				}
				if (left.decrementAndGet() == 0) {
					waiting.release();
					meters.waited(Duration.ofNanos(System.nanoTime() - submitted), !all.isCompletedExceptionally());
					if (!all.isDone()) {
						all.complete(each.stream().map(CompletableFuture::join).toList());
					}
				}
			});
		}
		return all;
	}

	private static Throwable unwrap(Throwable failure) {
		return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
	}

	private Unavailable timedOut() {
		log.error("An audit event was not confirmed within {}; the operation is refused", settings.appendTimeout());
		return new Unavailable("The audit ledger did not answer in time, so this access was refused");
	}

	/**
	 * Appends {@code draft} in the caller's transaction (which must be active): it commits or rolls back with the
	 * caller's change.
	 *
	 * @throws Unavailable when it cannot be written; the caller's transaction should then roll back
	 */
	public AccessEvent appendInTransaction(AccessEvent draft) {
		return appendAllInTransaction(List.of(draft)).get(0);
	}

	/**
	 * Appends several drafts in the caller's transaction, locking their streams in ascending order so that two
	 * transactions touching the same streams cannot deadlock. Returns the appended events in the order given.
	 */
	public List<AccessEvent> appendAllInTransaction(List<AccessEvent> drafts) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("appendInTransaction needs an active transaction; use append otherwise");
		}
		drafts.forEach(Ledger::check);
		Map<Integer, List<Integer>> byStream = new TreeMap<>();
		for (int i = 0; i < drafts.size(); i++) {
			byStream.computeIfAbsent(Chains.streamOf(drafts.get(i).personId(), writers.size()), s -> new ArrayList<>())
				.add(i);
		}
		Map<Integer, AccessEvent> appended = new LinkedHashMap<>();
		try {
			for (Map.Entry<Integer, List<Integer>> stream : byStream.entrySet()) {
				List<AccessEvent> batch = stream.getValue().stream().map(drafts::get).toList();
				List<AccessEvent> written = chains.append(stream.getKey(), batch);
				for (int i = 0; i < written.size(); i++) {
					appended.put(stream.getValue().get(i), written.get(i));
				}
			}
		}
		catch (DataAccessException | IllegalStateException ex) {
			log.error("Could not append {} audit event(s) in a transaction: {}", drafts.size(),
					StreamWriter.describe(ex));
			throw new Unavailable("The audit ledger could not record this change, so it was refused");
		}
		List<AccessEvent> inOrder = new ArrayList<>(drafts.size());
		for (int i = 0; i < drafts.size(); i++) {
			inOrder.add(appended.get(i));
		}
		return inOrder;
	}

	/** Callers waiting for their events to be durable now; at {@code carnet.audit.max-waiting} appends are refused. */
	int waiting() {
		return settings.maxWaiting() - waiting.availablePermits();
	}

	int maxWaiting() {
		return settings.maxWaiting();
	}

	/** True when as many callers wait as {@code carnet.audit.max-waiting} allows: further appends are refused. */
	boolean saturated() {
		return waiting.availablePermits() == 0;
	}

	int streams() {
		return writers.size();
	}

	/** The streams whose writer is still running: fewer than {@link #streams()} means some events cannot be written. */
	int runningWriters() {
		int running = 0;
		for (StreamWriter writer : writers) {
			if (writer.isRunning()) {
				running++;
			}
		}
		return running;
	}

	private static void check(AccessEvent draft) {
		if (draft.appended()) {
			throw new IllegalArgumentException("Event " + draft.sequence() + " is already in the ledger");
		}
		text("requesterSubject", draft.requesterSubject(), MAX_TEXT);
		text("requesterOrganisation", draft.requesterOrganisation(), MAX_TEXT);
		text("clientId", draft.clientId(), MAX_TEXT);
		text("operationName", draft.operationName(), MAX_TEXT);
		text("requestId", draft.requestId(), MAX_TEXT);
		text("justification", draft.breakGlassJustification(), MAX_JUSTIFICATION);
	}

	/** PostgreSQL refuses NUL characters, and a lone surrogate would not survive UTF-8 unchanged. */
	private static void text(String field, String value, int maxLength) {
		if (value == null) {
			return;
		}
		if (value.length() > maxLength) {
			throw new BadInput(field, "is longer than " + maxLength + " characters");
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == 0) {
				throw new BadInput(field, "contains a NUL character");
			}
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw new BadInput(field, "is not valid text");
			}
		}
	}

	@Override
	public void destroy() {
		for (StreamWriter writer : writers) {
			writer.stop(settings.appendTimeout().toMillis());
		}
	}
}
