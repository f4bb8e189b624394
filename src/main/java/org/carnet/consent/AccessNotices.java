package org.carnet.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.AuditQueries;
import org.carnet.core.Category;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.record.Person;
import org.carnet.record.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns accesses to persons' records into {@link NotificationKind#RECORD_ACCESSED} notifications, as each person
 * chose ({@link NotificationPreferences}), by following the access ledger behind the read path (which does no work
 * for notifications), and has new notifications delivered ({@link NotificationDelivery}).
 * <p>
 * Told: a read or an addition by someone other than the person that served or wrote at least one category. The
 * opening of emergency access is told when it happens ({@link NotificationKind#BREAK_GLASS}); the reads under it
 * (purpose EMERGENCY) are told here, whatever the person chose. Accesses by one requester, from one country, for one
 * purpose, within one hour make one notification that counts them.
 * <p>
 * The place reached in each ledger stream is a row of {@code notification_ledger_cursors}, moved in the transaction
 * that writes the stream's notifications: after a crash (even {@code kill -9}) the follower resumes where the last
 * commit left it, and no access is told twice. Every {@code carnet.notifications.follow-interval}, each replica
 * takes the streams that no other replica holds at that moment ({@code for update skip locked}) and handles them
 * {@code follow-batch} events at a time until it has caught up or the interval has passed.
 */
@Component
public class AccessNotices implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(AccessNotices.class);

	/** Most batches of one stream {@link #catchUp()} handles, so that even it ends. */
	private static final int MAX_CATCH_UP_BATCHES = 1_000;

	/** How long {@link #destroy()} waits for a run under way to end. */
	private static final Duration STOP_WAIT = Duration.ofSeconds(5);

	private static final Set<AccessAction> ACCESSES = EnumSet.of(AccessAction.READ, AccessAction.WRITE);

	private static final Set<AccessOutcome> SERVED = EnumSet.of(AccessOutcome.SUCCESS, AccessOutcome.PARTIAL);

	private final AuditQueries ledger;

	private final Records records;

	private final NotificationPreferenceStore preferences;

	private final NotificationStore notifications;

	private final NotificationDelivery delivery;

	private final NotificationSettings settings;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ScheduledExecutorService schedule;

	AccessNotices(AuditQueries ledger, Records records, NotificationPreferenceStore preferences,
			NotificationStore notifications, NotificationDelivery delivery, NotificationSettings settings,
			JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock) {
		this.ledger = ledger;
		this.records = records;
		this.preferences = preferences;
		this.notifications = notifications;
		this.delivery = delivery;
		this.settings = settings;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
		this.schedule = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "access-notifications");
			thread.setDaemon(true);
			return thread;
		});
		long every = settings.followInterval().toMillis();
		if (every > 0) {
			schedule.scheduleWithFixedDelay(this::scheduled, every, every, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Follows every stream of the ledger to its end now, waiting (at most the database's lock timeout) for a replica
	 * that holds one, then delivers what is due: what the schedule does over several runs. For operators and tests.
	 *
	 * @return the number of ledger events read
	 */
	public int catchUp() {
		int read = 0;
		for (int stream : ledger.streams()) {
			for (int batch = 0; batch < MAX_CATCH_UP_BATCHES; batch++) {
				int events = follow(stream, true);
				read += events;
				if (events < settings.followBatch()) {
					break;
				}
			}
		}
		for (int batch = 0; batch < MAX_CATCH_UP_BATCHES && delivery.deliverDue() > 0; batch++) {
			// until nothing due is left (failures wait for their retry)
		}
		return read;
	}

	/**
	 * One scheduled run: the streams that no other replica holds now (never waiting for one), a batch of each in
	 * turn, again and again while some stream still has a full batch waiting, for at most
	 * {@code carnet.notifications.follow-interval} (10 s when there is no schedule); then one delivery batch. A
	 * ledger that grows faster than one batch per stream and interval is so caught up instead of falling behind
	 * for ever.
	 *
	 * @return the number of ledger events read
	 */
	int followOnce() {
		Duration budget = settings.followInterval().isZero() ? Duration.ofSeconds(10) : settings.followInterval();
		long deadline = System.nanoTime() + budget.toNanos();
		Set<Integer> behind = new LinkedHashSet<>(ledger.streams());
		int read = 0;
		do {
			for (Iterator<Integer> streams = behind.iterator(); streams.hasNext();) {
				int events = follow(streams.next(), false);
				read += events;
				if (events < settings.followBatch()) {
					streams.remove();
				}
			}
		}
		while (!behind.isEmpty() && System.nanoTime() - deadline < 0);
		delivery.deliverDue();
		return read;
	}

	private void scheduled() {
		try {
			followOnce();
		}
		catch (RuntimeException ex) {
			if (schedule.isShutdown()) {
				// the application is stopping and interrupted the run: its transaction rolled back, nothing was lost
				log.info("Stopped following the access ledger for shutdown ({}); the next start goes on from the "
						+ "last batch committed", ex.getClass().getSimpleName());
			}
			else {
				log.error("Could not follow the access ledger into notifications: {}", ex.getClass().getSimpleName());
			}
		}
	}

	/** Handles one batch of one stream in one transaction; returns the number of events read (0 when held). */
	private int follow(int stream, boolean wait) {
		Integer read = transactions.execute(status -> {
			Optional<Long> position = lockCursor(stream, wait);
			if (position.isEmpty()) {
				jdbc.sql("""
						insert into notification_ledger_cursors (stream, stream_sequence, followed_at)
						values (:stream, 0, :at) on conflict do nothing""")
					.param("stream", stream)
					.param("at", Columns.time(now()))
					.update();
				position = lockCursor(stream, wait);
			}
			if (position.isEmpty()) {
				return 0;
			}
			List<AccessEvent> events = ledger.streamAfter(stream, position.get(), settings.followBatch());
			if (events.isEmpty()) {
				return 0;
			}
			tell(events);
			jdbc.sql("""
					update notification_ledger_cursors set stream_sequence = :position, followed_at = :at
					where stream = :stream""")
				.param("position", events.get(events.size() - 1).streamSequence())
				.param("at", Columns.time(now()))
				.param("stream", stream)
				.update();
			return events.size();
		});
		return read == null ? 0 : read;
	}

	/** The stream's place, locked; empty when there is none yet, or (not waiting) another replica holds it. */
	private Optional<Long> lockCursor(int stream, boolean wait) {
		return jdbc.sql("select stream_sequence from notification_ledger_cursors where stream = :stream for update"
				+ (wait ? "" : " skip locked"))
			.param("stream", stream)
			.query(Long.class)
			.optional();
	}

	/** Writes the notifications a batch of events calls for: one statement for every group of accesses in it. */
	private void tell(List<AccessEvent> events) {
		Instant oldest = now().minus(settings.maxAge());
		List<AccessEvent> accesses = events.stream()
			.filter(AccessNotices::toldAccess)
			.filter(event -> !event.time().isBefore(oldest))
			.toList();
		if (accesses.isEmpty()) {
			return;
		}
		Set<PersonId> persons = accesses.stream().map(AccessEvent::personId).collect(Collectors.toSet());
		// an erased person is told nothing any more
		Set<PersonId> existing = records.findAll(persons).stream().map(Person::id).collect(Collectors.toSet());
		Map<PersonId, NotificationPreference> chosen = preferences.find(existing);
		Map<String, Group> groups = new LinkedHashMap<>();
		for (AccessEvent event : accesses) {
			if (!existing.contains(event.personId())) {
				continue;
			}
			NotificationPreference preference = chosen.getOrDefault(event.personId(),
					NotificationPreference.DEFAULT);
			if (!preference.tells(event.crossBorder(), event.emergency())) {
				continue;
			}
			groups.computeIfAbsent(key(event), k -> new Group(event)).add(event);
		}
		Map<String, Notification> told = new LinkedHashMap<>();
		groups.forEach((key, group) -> told.put(key, group.notification()));
		notifications.tellAccesses(told);
	}

	/** A read or an addition by someone other than the person, that served or wrote at least one category. */
	private static boolean toldAccess(AccessEvent event) {
		return event.personId() != null && ACCESSES.contains(event.action()) && SERVED.contains(event.outcome())
				&& !event.categoriesServed().isEmpty() && event.requesterSubject() != null
				&& event.purpose() != null
				// the person themself is not told of their own reads; a guardian or proxy acting for them is
				&& (event.actingFor() != null || !event.requesterRoles().contains(Role.MIGRANT));
	}

	/** Accesses told together: one person, kind, requester, country, purpose and hour. */
	private static String key(AccessEvent event) {
		return NotificationKind.RECORD_ACCESSED + "|" + event.personId() + "|"
				+ event.time().truncatedTo(ChronoUnit.HOURS) + "|" + event.purpose() + "|"
				+ (event.requesterJurisdiction() == null ? "" : event.requesterJurisdiction().code()) + "|"
				+ event.requesterSubject();
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * Stops the schedule and interrupts a run under way, then waits a little for it to end, so that it does not go on
	 * while the connection pool and the notification sender it uses are being closed.
	 */
	@Override
	public void destroy() {
		schedule.shutdownNow();
		try {
			if (!schedule.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("The access ledger's follower did not stop within {}", STOP_WAIT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The accesses of one group in a batch, summed up. */
	private static final class Group {

		private final AccessEvent first;

		private final Set<Category> categories = EnumSet.noneOf(Category.class);

		private Instant last;

		private int count;

		Group(AccessEvent first) {
			this.first = first;
			this.last = first.time();
		}

		void add(AccessEvent event) {
			categories.addAll(event.categoriesServed());
			if (event.time().isAfter(last)) {
				last = event.time();
			}
			count++;
		}

		Notification notification() {
			return new Notification(NotificationId.random(), first.personId(), NotificationKind.RECORD_ACCESSED,
					first.requesterSubject(), Optional.ofNullable(first.requesterJurisdiction()), Optional.empty(),
					first.time(), Optional.empty(),
					Optional.of(new Notification.Accesses(Optional.ofNullable(first.requesterOrganisation()),
							first.purpose(), first.crossBorder(), first.emergency(), categories, count, last)));
		}
	}
}
