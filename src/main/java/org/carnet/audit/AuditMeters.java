package org.carnet.audit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The ledger's meters, counted where each fact is decided once: an event counts when the transaction that appended it
 * has committed, so reads, denials and emergency accesses are counted exactly as the ledger holds them. Tags come from
 * closed enums only (action, outcome, purpose, problem): never a person, a requester, a name or a value.
 * <ul>
 * <li>{@code carnet.audit.events} (action, outcome, purpose): every appended event</li>
 * <li>{@code carnet.reads} (outcome, purpose): reads of records, served, partly served or refused</li>
 * <li>{@code carnet.break.glass} (outcome): emergency accesses opened (or refused)</li>
 * <li>{@code carnet.audit.append} timer (outcome): how long a caller waited for its event to be durable</li>
 * <li>{@code carnet.audit.waiting} gauge: callers waiting for their events now (bounded by
 * {@code carnet.audit.max-waiting}; at the bound further reads are refused)</li>
 * <li>{@code carnet.audit.verifications} (result, problem) and {@code carnet.audit.verification.intact} gauge (1
 * intact, 0 broken, absent before the first verification since start)</li>
 * </ul>
 */
@Component
class AuditMeters {

	static final String NONE = "none";

	private final MeterRegistry registry;

	private final Timer appendedInTime;

	private final Timer appendFailed;

	/** 1 intact, 0 broken, -1 not verified since start (the gauge then reports nothing). */
	private final AtomicInteger lastVerification = new AtomicInteger(-1);

	AuditMeters(MeterRegistry registry) {
		this.registry = registry;
		this.appendedInTime = appendTimer("success");
		this.appendFailed = appendTimer("failure");
		Gauge.builder("carnet.audit.verification.intact", lastVerification,
				last -> last.get() < 0 ? Double.NaN : last.get())
			.description("1 when the latest verification since start found the ledger intact, 0 when broken")
			.register(registry);
	}

	/** The ledger's waiting callers as a gauge. */
	void waiting(Ledger ledger) {
		Gauge.builder("carnet.audit.waiting", ledger, Ledger::waiting)
			.description("Callers waiting for their access events to be durable")
			.register(registry);
	}

	/** Counts {@code events} once the caller's transaction commits (at once outside a transaction). */
	void appending(List<AccessEvent> events) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					appended(events);
				}
			});
		}
		else {
			appended(events);
		}
	}

	private void appended(List<AccessEvent> events) {
		for (AccessEvent event : events) {
			String outcome = event.outcome().name();
			String purpose = event.purpose() == null ? NONE : event.purpose().name();
			Counter.builder("carnet.audit.events")
				.description("Access events appended to the ledger")
				.tag("action", event.action().name())
				.tag("outcome", outcome)
				.tag("purpose", purpose)
				.register(registry)
				.increment();
			if (event.action() == AccessAction.READ) {
				Counter.builder("carnet.reads")
					.description("Reads of persons' records, by outcome (PARTIAL: some categories withheld)")
					.tag("outcome", outcome)
					.tag("purpose", purpose)
					.register(registry)
					.increment();
			}
			else if (event.action() == AccessAction.BREAK_GLASS) {
				Counter.builder("carnet.break.glass")
					.description("Emergency accesses opened (outcome SUCCESS) or refused")
					.tag("outcome", outcome)
					.register(registry)
					.increment();
			}
		}
	}

	/** How long a caller waited for its event, and whether it was written. */
	void waited(Duration waited, boolean written) {
		(written ? appendedInTime : appendFailed).record(waited);
	}

	void verified(AuditVerification result) {
		Counter.builder("carnet.audit.verifications")
			.description("Verifications of the ledger's hash chains, by result")
			.tag("result", result.ok() ? "intact" : "broken")
			.tag("problem", result.problem() == null ? NONE : result.problem().name())
			.register(registry)
			.increment();
		lastVerification.set(result.ok() ? 1 : 0);
	}

	private Timer appendTimer(String outcome) {
		return Timer.builder("carnet.audit.append")
			.description("Time from handing an access event to the ledger until it is durable (or refused)")
			.tag("outcome", outcome)
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(5))
			.register(registry);
	}
}
