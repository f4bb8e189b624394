package org.carnet.statistics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.Ledger;
import org.carnet.consent.StatisticsAgreement;
import org.carnet.consent.StatisticsAgreements;
import org.carnet.core.BadInput;
import org.carnet.core.CarnetException;
import org.carnet.core.Forbidden;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.core.Unavailable;
import org.carnet.keyring.PersonCipher;
import org.carnet.keyring.PersonKeys;
import org.carnet.record.Entry;
import org.carnet.record.Person;
import org.carnet.record.Records;
import org.carnet.record.Section;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Derives every consenting person's projection row again from their record (after a change of the derivation rules,
 * or a restore), for administrators only, one rebuild at a time across replicas.
 * <p>
 * Not a truncate and refill, which would publish wrong figures until it finished: the rebuild opens a new generation,
 * rewrites the rows batch by batch (one transaction each, the batch's agreements share-locked so that no one opts out
 * or changes categories under it), and the rows not yet rewritten keep answering meanwhile. Only when every
 * consenting person is done are the rows left in older generations deleted: rows of nobody who consents now (altered
 * by hand, or left behind). A crash or a stop part way leaves a table of valid rows, old and new; running the rebuild
 * again finishes the work (in a newer generation). Changes of persons during the rebuild keep writing their row as
 * always, in the new generation, and the rebuild leaves such a row as it is.
 * <p>
 * Recorded in the ledger ({@code STATISTICS_REBUILT}): who, and how many persons, or the refusal.
 */
@Service
public class ProjectionRebuild {

	private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);

	/** Persons per transaction: bounds memory and lock time. */
	static final int BATCH = 500;

	/** A progress line every so many persons. */
	static final int LOG_EVERY = 5_000;

	/** The first key of the rebuild's advisory lock ("STAT"); the second is 1. */
	private static final int LOCKS = 0x53544154;

	static final String TARGET = "statistics:projection";

	private final StatisticsAgreements agreements;

	private final Records records;

	private final PersonKeys keys;

	private final ContributionStore store;

	private final Ledger ledger;

	private final DataSource dataSource;

	private final TransactionTemplate transactions;

	private final Clock clock;

	ProjectionRebuild(StatisticsAgreements agreements, Records records, PersonKeys keys, ContributionStore store,
			Ledger ledger, DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
		this.agreements = agreements;
		this.records = records;
		this.keys = keys;
		this.store = store;
		this.ledger = ledger;
		this.dataSource = dataSource;
		this.transactions = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	/**
	 * Rebuilds the projection, blocking until done, and records it.
	 *
	 * @param operation how the entry point names it (for the event)
	 * @param requestId the request, to correlate with logs
	 * @throws Forbidden for anyone but an administrator (nothing is changed)
	 * @throws BadInput while a rebuild runs here or on another replica
	 */
	public StatisticsRebuilt rebuild(Requester by, String operation, String requestId) {
		if (!by.has(Role.ADMIN)) {
			refuse(by, operation, requestId, null);
			throw new Forbidden("Only administrators rebuild the statistics projection");
		}
		try (Claim claim = Claim.take(dataSource)) {
			if (claim == null) {
				refuse(by, operation, requestId, "ALREADY_RUNNING");
				throw new BadInput("rebuildStatistics", "a rebuild of the statistics projection is already running");
			}
			Run run = new Run(clock.instant());
			StatisticsRebuilt rebuilt;
			try {
				rebuilt = run(run, by.subject());
			}
			catch (RuntimeException ex) {
				log.error("The rebuild of the statistics projection stopped after {} persons (generation {}): {}. "
						+ "The rows are all valid; run it again to finish.", run.persons, run.generation,
						// the kind only: a message of a parser or the database may quote what it read
						ex.getClass().getSimpleName());
				record(by, AccessOutcome.ERROR, run.persons, operation, requestId);
				throw ex;
			}
			record(by, AccessOutcome.SUCCESS, rebuilt.persons(), operation, requestId);
			return rebuilt;
		}
	}

	private StatisticsRebuilt run(Run run, String by) {
		run.generation = transactions.execute(tx -> store.nextGeneration());
		log.info("Rebuilding the statistics projection in generation {}, {} persons per batch", run.generation, BATCH);
		PersonId after = null;
		while (true) {
			PersonId from = after;
			PersonId last = transactions.execute(tx -> batch(from, run));
			if (last == null) {
				break;
			}
			after = last;
		}
		long removed = 0;
		int deleted;
		do {
			deleted = transactions.execute(tx -> store.deleteOlderThan(run.generation, BATCH));
			removed += deleted;
		}
		while (deleted > 0);
		Instant finished = clock.instant();
		long persons = run.persons;
		transactions.executeWithoutResult(tx -> store.rebuilt(run.generation, persons, by, finished));
		log.info("Rebuilt the statistics projection in generation {}: {} persons, {} rows rewritten, {} rows of "
				+ "older generations removed, in {} ms", run.generation, run.persons, run.rewritten, removed,
				finished.toEpochMilli() - run.started.toEpochMilli());
		return new StatisticsRebuilt(run.generation, run.persons, run.rewritten, removed, run.started, finished);
	}

	/** One batch in the caller's transaction; the last person of it, or null when there was none. */
	private PersonId batch(PersonId after, Run run) {
		List<StatisticsAgreement> page = agreements.lockedAfter(after, BATCH);
		if (page.isEmpty()) {
			return null;
		}
		List<PersonId> ids = page.stream().map(StatisticsAgreement::person).toList();
		Map<PersonId, Person> persons = records.findAll(ids)
			.stream()
			.collect(Collectors.toMap(Person::id, Function.identity()));
		Map<PersonId, Set<Section>> wanted = new LinkedHashMap<>();
		for (StatisticsAgreement agreement : page) {
			if (persons.containsKey(agreement.person())) {
				wanted.put(agreement.person(), Coarsening.sections(agreement.categories()));
			}
			else {
				log.warn("Person {} consents to statistics but has no record; left out of the projection",
						agreement.person());
			}
		}
		Map<PersonId, Map<Section, List<Entry>>> entries = records.current(wanted);
		Map<PersonId, PersonCipher> ciphers = keys.ciphers(wanted.keySet());
		for (StatisticsAgreement agreement : page) {
			PersonId id = agreement.person();
			if (!wanted.containsKey(id)) {
				continue;
			}
			Contribution row = Coarsening.of(ciphers.get(id).pseudonym(StatisticalProjection.PSEUDONYM_LABEL),
					persons.get(id), agreement.categories(), entries.get(id));
			if (store.rebuild(row, run.generation)) {
				run.rewritten++;
			}
			run.persons++;
			if (run.persons % LOG_EVERY == 0) {
				long millis = Math.max(1, clock.millis() - run.started.toEpochMilli());
				log.info("Statistics rebuild, generation {}: {} persons so far ({} persons/s)", run.generation,
						run.persons, run.persons * 1000 / millis);
			}
		}
		return ids.get(ids.size() - 1);
	}

	private void record(Requester by, AccessOutcome outcome, long persons, String operation, String requestId) {
		ledger.append(AccessEvent.of(by, AccessAction.STATISTICS_REBUILT, outcome)
			.withTarget(TARGET)
			.withCount((int) Math.min(Integer.MAX_VALUE, persons))
			.withOperation(operation == null ? "rebuildStatistics" : operation, requestId));
	}

	private void refuse(Requester by, String operation, String requestId, String reason) {
		try {
			AccessEvent event = AccessEvent.of(by, AccessAction.STATISTICS_REBUILT, AccessOutcome.DENIED)
				.withTarget(TARGET)
				.withOperation(operation == null ? "rebuildStatistics" : operation, requestId);
			ledger.append(reason == null ? event : event.withReason(reason));
		}
		catch (CarnetException ex) {
			// the refusal stands; the ledger's own log says why it could not record it
		}
	}

	/** The counters of one rebuild. */
	private static final class Run {

		final Instant started;

		long generation;

		long persons;

		long rewritten;

		Run(Instant started) {
			this.started = started;
		}
	}

	/**
	 * The claim that only this process rebuilds: a PostgreSQL session lock on a connection of its own, released on
	 * close or with the session (a replica killed mid-way leaves no claim behind).
	 */
	private static final class Claim implements AutoCloseable {

		private final Connection connection;

		private Claim(Connection connection) {
			this.connection = connection;
		}

		/** The claim, or null when another process (or another call here) holds it. */
		static Claim take(DataSource dataSource) {
			Connection connection = null;
			try {
				connection = dataSource.getConnection();
				connection.setAutoCommit(true);
				try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?, 1)")) {
					lock.setInt(1, LOCKS);
					try (ResultSet rs = lock.executeQuery()) {
						if (rs.next() && rs.getBoolean(1)) {
							return new Claim(connection);
						}
					}
				}
				connection.close();
				return null;
			}
			catch (SQLException ex) {
				closeQuietly(connection);
				throw new Unavailable("Cannot claim the statistics rebuild in the database", ex);
			}
		}

		@Override
		public void close() {
			try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?, 1)")) {
				unlock.setInt(1, LOCKS);
				unlock.execute();
			}
			catch (SQLException ex) {
				// the session is gone and its lock with it; a pooled connection still holding it must not be reused
				log.warn("Could not release the statistics rebuild claim ({}); dropping its connection",
						ex.getMessage());
				try {
					connection.abort(Runnable::run);
				}
				catch (SQLException ignored) {
					// closed below all the same
				}
			}
			closeQuietly(connection);
		}

		private static void closeQuietly(Connection connection) {
			if (connection == null) {
				return;
			}
			try {
				connection.close();
			}
			catch (SQLException ignored) {
				// a connection that fails to close is dropped by the pool
			}
		}
	}
}
