package org.carnet.graphql.admin;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.Ledger;
import org.carnet.consent.Representation;
import org.carnet.consent.Representations;
import org.carnet.record.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Guardianships end by themselves on the person's 18th birthday: from that instant every request of the guardian is
 * refused ({@link org.carnet.graphql.ActingForRequests}). This task tells each such person, once, that their
 * guardian's rights ended and that they now manage their record themself (a notification), and records
 * REPRESENTATION_ENDED (by Carnet, reason GUARDIANSHIP_ENDED_AT_MAJORITY, target the guardianship) in the same
 * transaction. It looks every {@code carnet.consent.coming-of-age-check} (1 hour; 0 turns the schedule off), a
 * bounded batch at a time; replicas skip each other's rows.
 */
@Component
public class ComingOfAge implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ComingOfAge.class);

	private static final int BATCH = 200;

	/** How long {@link #destroy()} waits for a look under way to end. */
	private static final Duration STOP_WAIT = Duration.ofSeconds(5);

	private final Representations representations;

	private final Records records;

	private final Ledger ledger;

	private final TransactionTemplate transactions;

	private final ScheduledExecutorService schedule;

	ComingOfAge(Representations representations, Records records, Ledger ledger,
			PlatformTransactionManager transactionManager,
			@Value("${carnet.consent.coming-of-age-check:PT1H}") Duration every) {
		this.representations = representations;
		this.records = records;
		this.ledger = ledger;
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setTimeout(30);
		this.schedule = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "coming-of-age");
			thread.setDaemon(true);
			return thread;
		});
		if (every.toMillis() > 0) {
			schedule.scheduleWithFixedDelay(this::scheduled, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/** Tells every person whose guardianship has ended and who was not told yet; returns how many were told. */
	public int tellDue() {
		int told = 0;
		while (true) {
			Integer batch = transactions.execute(tx -> {
				List<Representation> ended = representations.tellComingOfAge(BATCH);
				for (Representation each : ended) {
					AccessEvent event = AccessEvent.bySubject("carnet", null, AccessAction.REPRESENTATION_ENDED,
							AccessOutcome.SUCCESS)
						.withTarget(each.capacity().label())
						.withReason("GUARDIANSHIP_ENDED_AT_MAJORITY")
						.withOperation("comingOfAge", null);
					ledger.appendInTransaction(records.find(each.person())
						.map(person -> event.about(person.id(), person.homeJurisdiction()))
						.orElse(event));
				}
				return ended.size();
			});
			told += batch == null ? 0 : batch;
			if (batch == null || batch < BATCH) {
				return told;
			}
		}
	}

	private void scheduled() {
		try {
			int told = tellDue();
			if (told > 0) {
				log.info("Told {} persons that their guardianship ended at 18", told);
			}
		}
		catch (RuntimeException ex) {
			if (schedule.isShutdown()) {
				// the application is stopping and interrupted the look: the batch under way rolled back
				log.info("Stopped ending guardianships at majority for shutdown ({}); the next start tells whoever "
						+ "was not told yet", ex.getClass().getSimpleName());
			}
			else {
				log.warn("Could not end guardianships at majority now; trying again later: {}",
						ex.getClass().getSimpleName());
			}
		}
	}

	/**
	 * Stops the schedule and interrupts a look under way, then waits a little for it to end, so that it does not go on
	 * while the connection pool it uses is being closed.
	 */
	@Override
	public void destroy() {
		schedule.shutdownNow();
		try {
			if (!schedule.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("The coming-of-age check did not stop within {}", STOP_WAIT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
