package org.carnet.keyring;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.carnet.core.PersonId;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells every replica on the database which cached data keys to forget, through PostgreSQL's LISTEN/NOTIFY on the
 * channel {@code carnet_person_keys}: {@link #announce} notifies inside the caller's transaction, so the other
 * replicas hear of an erasure only once it is committed, and always then; a connection of its own listens and
 * hands what it hears to the subscribers (the key cache).
 * <p>
 * Fail closed: the key cache is only {@link #trusted() trusted} while the listening connection was confirmed alive
 * within the last {@link #CONFIRMED_WITHIN} (one round trip every {@link #POLL} or so). While it is down, or a fault
 * has gone unnoticed for that long, every look-up goes to the key store, and on listening again the cache is emptied,
 * since notifications sent meanwhile were lost.
 */
@Component
class KeyInvalidations implements SmartLifecycle {

	/** The channel (a plain identifier: LISTEN takes no parameter). */
	static final String CHANNEL = "carnet_person_keys";

	/** How long the cache stays trusted after the last confirmation that the listening connection is alive. */
	static final Duration CONFIRMED_WITHIN = Duration.ofSeconds(5);

	/** How long the listener waits for a notification before confirming its connection. */
	static final Duration POLL = Duration.ofMillis(500);

	/** The pause before connecting again after the listening connection failed. */
	static final Duration RECONNECT_AFTER = Duration.ofSeconds(1);

	private static final Logger log = LoggerFactory.getLogger(KeyInvalidations.class);

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

	/** Counts every invalidation heard and every change of the connection: a key read before a change is not cached. */
	private final AtomicLong generation = new AtomicLong();

	private volatile boolean listening;

	private volatile long confirmedAt;

	private volatile String downSince = "not started";

	private volatile Thread listener;

	KeyInvalidations(DataSource dataSource) {
		this.dataSource = dataSource;
		this.jdbc = JdbcClient.create(dataSource);
	}

	/**
	 * Tells every replica, this one included, to forget {@code person}'s key once the caller's transaction commits
	 * (nothing is sent if it rolls back).
	 */
	void announce(PersonId person) {
		jdbc.sql("select pg_notify(?, ?)").params(CHANNEL, person.value().toString()).query().singleValue();
	}

	/** Whether the cache may answer: the listening connection was confirmed alive within {@link #CONFIRMED_WITHIN}. */
	boolean trusted() {
		return listening && System.nanoTime() - confirmedAt < CONFIRMED_WITHIN.toNanos();
	}

	/** Changes whenever something may have been invalidated; compare before and after a key-store read. */
	long generation() {
		return generation.get();
	}

	/** For the health details: listening, or why not. */
	String state() {
		if (trusted()) {
			return "listening";
		}
		String why = listening ? "not confirmed alive for " + CONFIRMED_WITHIN.toSeconds() + " s" : downSince;
		return "not listening (" + why + "): the key cache is bypassed";
	}

	void subscribe(Subscriber subscriber) {
		subscribers.add(subscriber);
	}

	@Override
	public synchronized void start() {
		if (listener != null) {
			return;
		}
		Thread thread = new Thread(this::listen, "carnet-key-invalidations");
		thread.setDaemon(true);
		listener = thread;
		thread.start();
	}

	@Override
	public synchronized void stop() {
		Thread thread = listener;
		listener = null;
		if (thread == null) {
			return;
		}
		thread.interrupt();
		try {
			// the loop looks at least every POLL whether it should go on, then closes its connection itself
			thread.join(Duration.ofSeconds(5).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		down("stopped");
	}

	@Override
	public boolean isRunning() {
		return listener != null;
	}

	private void listen() {
		while (listener == Thread.currentThread()) {
			Connection connection = null;
			try {
				connection = dataSource.getConnection();
				listenOn(connection);
			}
			catch (SQLException | RuntimeException ex) {
				if (listener != Thread.currentThread()) {
					return;
				}
				down(ex.getClass().getSimpleName());
				log.warn("The key cache invalidations stopped listening ({}); the key cache is bypassed until they "
						+ "listen again", ex.getMessage());
			}
			finally {
				release(connection);
			}
			try {
				Thread.sleep(RECONNECT_AFTER.toMillis());
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private void listenOn(Connection connection) throws SQLException {
		connection.setAutoCommit(true);
		try (Statement statement = connection.createStatement()) {
			statement.execute("set application_name = 'carnet-key-invalidations'");
			statement.execute("listen " + CHANNEL);
		}
		PGConnection postgres = connection.unwrap(PGConnection.class);
		// whatever was announced while nobody listened is unknown: start from an empty cache
		forgetAll();
		confirmed();
		listening = true;
		log.info("The key cache invalidations listen on {}", CHANNEL);
		while (listener == Thread.currentThread()) {
			dispatch(postgres.getNotifications((int) POLL.toMillis()));
			long before = System.nanoTime();
			if (!connection.isValid(2)) {
				throw new SQLException("the listening connection does not answer");
			}
			// what the round trip brought: notifications committed before it was sent are all in now
			dispatch(postgres.getNotifications());
			confirmedAt = before;
		}
	}

	private void dispatch(PGNotification[] notifications) {
		if (notifications == null) {
			return;
		}
		for (PGNotification notification : notifications) {
			if (!CHANNEL.equals(notification.getName())) {
				continue;
			}
			PersonId person;
			try {
				person = new PersonId(UUID.fromString(notification.getParameter()));
			}
			catch (IllegalArgumentException ex) {
				// not ours to decide what it meant: forget everything rather than keep what it may have named
				forgetAll();
				continue;
			}
			generation.incrementAndGet();
			for (Subscriber subscriber : subscribers) {
				subscriber.forget(person);
			}
		}
	}

	private void forgetAll() {
		generation.incrementAndGet();
		for (Subscriber subscriber : subscribers) {
			subscriber.forgetAll();
		}
	}

	private void confirmed() {
		confirmedAt = System.nanoTime();
	}

	private void down(String why) {
		listening = false;
		downSince = why;
		generation.incrementAndGet();
	}

	/** Back to the pool, listening no more (a broken connection is dropped by the pool). */
	private static void release(Connection connection) {
		if (connection == null) {
			return;
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute("unlisten *");
			statement.execute("reset application_name");
		}
		catch (SQLException ignored) {
			// a broken connection: closing it below is all there is to do
		}
		try {
			connection.close();
		}
		catch (SQLException ignored) {
			// already gone
		}
	}

	/** What a cache does with what was heard. */
	interface Subscriber {

		void forget(PersonId person);

		void forgetAll();
	}
}
