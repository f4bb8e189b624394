package org.carnet.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.carnet.core.CarnetException;
import org.carnet.core.Purpose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands every new notification to each {@link NotificationSender}, outside any database transaction: due
 * notifications are taken (and held from other replicas for a while) in one short transaction, sent each within
 * {@code send-timeout}, and marked delivered, or retried later with a doubled wait, or given up after
 * {@code max-attempts}. The notification stays in the portal whatever happens here.
 */
@Component
class NotificationDelivery implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(NotificationDelivery.class);

	/** Senders running at once; a sender that hangs past its deadline keeps at most these threads. */
	private static final int SENDING_THREADS = 4;

	private final NotificationStore store;

	private final List<NotificationSender> senders;

	private final Grantees grantees;

	private final NotificationSettings settings;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ThreadPoolExecutor sending;

	NotificationDelivery(NotificationStore store, List<NotificationSender> senders, Grantees grantees,
			NotificationSettings settings, PlatformTransactionManager transactionManager, Clock clock) {
		this.store = store;
		this.senders = List.copyOf(senders);
		this.grantees = grantees;
		this.settings = settings;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
		this.sending = new ThreadPoolExecutor(0, SENDING_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				task -> {
					Thread thread = new Thread(task, "notification-sender");
					thread.setDaemon(true);
					return thread;
				});
	}

	/** Delivers the notifications due now, at most {@code delivery-batch}; returns how many were delivered. */
	int deliverDue() {
		if (senders.isEmpty()) {
			return 0;
		}
		Instant now = now();
		Duration hold = settings.sendTimeout()
			.multipliedBy((long) senders.size() * settings.deliveryBatch())
			.plus(settings.retryAfter());
		List<NotificationStore.Pending> due = transactions
			.execute(status -> store.takeDue(now, now.plus(hold), settings.deliveryBatch()));
		int delivered = 0;
		for (NotificationStore.Pending pending : due) {
			NotificationMessage message = message(pending.notification());
			boolean sent = true;
			for (NotificationSender sender : senders) {
				sent &= send(sender, message, pending.attempt());
			}
			Instant at = now();
			if (sent) {
				store.delivered(message.id(), at);
				delivered++;
			}
			else if (pending.attempt() >= settings.maxAttempts()) {
				log.error("Gave up delivering notification {} ({}) after {} attempts; it stays in the portal",
						message.id(), message.kind(), pending.attempt());
				store.failed(message.id(), at, Optional.empty());
			}
			else {
				store.failed(message.id(), at,
						Optional.of(at.plus(settings.retryAfter().multipliedBy(1L << (pending.attempt() - 1)))));
			}
		}
		return delivered;
	}

	private boolean send(NotificationSender sender, NotificationMessage message, int attempt) {
		Future<?> sent;
		try {
			sent = sending.submit(() -> sender.send(message));
		}
		catch (RejectedExecutionException ex) {
			log.warn("Notification {} not sent (attempt {}): every sending thread is busy", message.id(), attempt);
			return false;
		}
		try {
			sent.get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			sent.cancel(true);
			Thread.currentThread().interrupt();
			return false;
		}
		catch (Exception ex) {
			sent.cancel(true);
			// the exception's class only: a sender's message could carry what it was sending
			log.warn("Notification {} not sent by {} (attempt {}): {}", message.id(), sender.getClass().getSimpleName(),
					attempt, ex.getCause() != null ? ex.getCause().getClass().getSimpleName()
							: ex.getClass().getSimpleName());
			return false;
		}
	}

	/** The message of a notification: its facts, and who the requester is as the directory describes them. */
	NotificationMessage message(Notification notification) {
		Optional<GranteeProfile> requester;
		try {
			requester = grantees.describe(new Grantee(Grantee.Kind.USER, notification.actor()));
		}
		catch (CarnetException ex) {
			requester = Optional.empty();
		}
		Optional<Notification.Accesses> accesses = notification.accesses();
		boolean emergency = notification.kind() == NotificationKind.BREAK_GLASS
				|| accesses.map(Notification.Accesses::emergency).orElse(false);
		Optional<Purpose> purpose = accesses.map(Notification.Accesses::purpose)
			.or(() -> notification.kind() == NotificationKind.BREAK_GLASS ? Optional.of(Purpose.EMERGENCY)
					: Optional.empty());
		return new NotificationMessage(notification.id(), notification.person(), notification.kind(),
				notification.actor(), requester.map(GranteeProfile::displayName),
				requester.flatMap(GranteeProfile::organisationName), notification.actorJurisdiction(),
				notification.createdAt(), purpose, accesses.map(Notification.Accesses::crossBorder).orElse(false),
				emergency, accesses.map(Notification.Accesses::categories).orElse(Set.of()));
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	@Override
	public void destroy() {
		sending.shutdownNow();
	}
}
