package org.carnet.consent;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.AuditQueries;
import org.carnet.audit.Ledger;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.record.Records;
import org.carnet.graphql.RecordGraphQlTests;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.ConnectionWaitUntilStopped;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The follower of the ledger as two replicas, a crash and a backlog meet it: a stream another replica holds is passed
 * over without waiting; a backlog of several batches is told in one run; replicas following at once tell each access exactly once; a run that cannot take its stream in
 * time fails within the lock deadline, moves nothing, and the next run tells what it could not; the application
 * stopping during a run ends it before the pool closes, without an error.
 */
@CarnetIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class AccessNoticesIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	AccessNotices notices;

	@Autowired
	NotificationPreferences preferences;

	@Autowired
	Notifications notifications;

	@Autowired
	DataSource dataSource;

	@Autowired
	Ledger ledger;

	@Autowired
	NotificationSettings settings;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AuditQueries queries;

	@Autowired
	Records records;

	@Autowired
	NotificationPreferenceStore preferenceStore;

	@Autowired
	NotificationStore notificationStore;

	@Autowired
	NotificationDelivery delivery;

	@Autowired
	Clock clock;

	GraphQlRequests graphql;

	SignedIn registrar;

	PersonId personId;

	@BeforeEach
	void aPersonWhoWantsToKnowEveryAccess() {
		graphql = new GraphQlRequests(port);
		TestUsers users = new TestUsers(accounts, port);
		registrar = users.clinician("GR");
		personId = PersonId.parse(graphql.execute(registrar.token(), RecordGraphQlTests.REGISTER,
				Map.of("input", RecordGraphQlTests.registration("GR")))
			.at("/data/registerPerson/personId")
			.asString(), "id");
		SignedIn person = users.migrant(personId, Jurisdiction.of("GR"));
		// the registration's own read is behind us, told (or not) as the default says
		notices.catchUp();
		JsonNode set = graphql.execute(person.token(), AccessNotificationsGraphQlTests.SET,
				Map.of("preference", "EVERY_ACCESS"));
		assertThat(set.has("errors")).as(set.toString()).isFalse();
	}

	@Test
	void aStreamAnotherReplicaHoldsIsPassedOverWithoutWaiting() throws Exception {
		read(1);
		try (Connection other = dataSource.getConnection()) {
			holdCursor(other);
			long started = System.nanoTime();
			notices.followOnce();
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1_500);
			assertThat(accesses()).isEmpty();
			other.rollback();
		}
		notices.followOnce();
		assertThat(accesses()).containsExactly(1);
	}

	@Test
	void aBacklogOfSeveralBatchesIsToldInOneRunAndOnlyOnce() {
		// more accesses than one run used to take from a stream: a ledger that grows faster than a batch per interval
		int backlog = 2 * settings.followBatch() + 7;
		Requester clinician = new Requester("dr.backlog", Set.of(Role.CLINICIAN), Optional.of("org-athens-reception"),
				Optional.of(Jurisdiction.of("GR")), Optional.empty(), "clinic-system");
		List<AccessEvent> reads = new ArrayList<>();
		for (int i = 0; i < backlog; i++) {
			reads.add(AccessEvent.of(clinician, AccessAction.READ, AccessOutcome.SUCCESS)
				.about(personId, Jurisdiction.of("GR"))
				.withPurpose(Purpose.TREATMENT)
				.withCategories(Set.of(i % 2 == 0 ? Category.ALLERGIES : Category.VACCINATIONS), Set.of()));
		}
		ledger.appendAllAsync(reads).join();

		assertThat(notices.followOnce()).isGreaterThanOrEqualTo(backlog);

		// one notification per hour the accesses fell in (one, unless the test crossed an hour), counting every access
		assertThat(accesses().stream().mapToInt(Integer::intValue).sum()).isEqualTo(backlog);
		assertThat(notifications.notifications(personId)
			.stream()
			.filter(n -> n.kind() == NotificationKind.RECORD_ACCESSED)
			.flatMap(n -> n.accesses().orElseThrow().categories().stream())
			.distinct()).containsExactlyInAnyOrder(Category.ALLERGIES, Category.VACCINATIONS);
		notices.catchUp();
		assertThat(accesses().stream().mapToInt(Integer::intValue).sum()).as("told once").isEqualTo(backlog);
	}

	@Test
	void replicasFollowingAtOnceTellEachAccessOnce() throws Exception {
		read(5);
		ExecutorService replicas = Executors.newFixedThreadPool(4);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> runs = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				boolean waits = i % 2 == 0;
				runs.add(replicas.submit(() -> {
					start.await();
					return waits ? notices.catchUp() : notices.followOnce();
				}));
			}
			start.countDown();
			for (Future<Integer> run : runs) {
				run.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			replicas.shutdownNow();
		}
		notices.catchUp();
		assertThat(accesses()).containsExactly(5);
	}

	@Test
	void aRunThatCannotTakeItsStreamInTimeFailsMovesNothingAndTheNextRunTellsOnce() throws Exception {
		read(2);
		try (Connection other = dataSource.getConnection()) {
			holdCursor(other);
			long started = System.nanoTime();
			assertThatThrownBy(notices::catchUp).isInstanceOf(RuntimeException.class);
			// the database's lock deadline (carnet.database.lock-timeout, 2 s), not for ever
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(10_000);
			other.rollback();
		}
		assertThat(accesses()).isEmpty();
		notices.catchUp();
		notices.catchUp();
		assertThat(accesses()).containsExactly(2);
	}

	private void read(int times) {
		for (int i = 0; i < times; i++) {
			JsonNode read = graphql.execute(registrar.token(), AccessNotificationsGraphQlTests.READ,
					Map.of("id", personId.toString(), "purpose", "TREATMENT"));
			assertThat(read.has("errors")).as(read.toString()).isFalse();
		}
	}

	/** Another replica in the middle of a run: the person's stream's place locked in its open transaction. */
	private void holdCursor(Connection other) throws Exception {
		int stream = jdbc.sql("select stream from access_events where person_id = ? order by sequence desc limit 1")
			.param(personId.value())
			.query(Integer.class)
			.single();
		other.setAutoCommit(false);
		try (PreparedStatement lock = other
			.prepareStatement("select stream_sequence from notification_ledger_cursors where stream = ? for update")) {
			lock.setInt(1, stream);
			assertThat(lock.executeQuery().next()).as("the stream has a place").isTrue();
		}
	}

	/** The access counts of the person's RECORD_ACCESSED notifications. */
	private List<Integer> accesses() {
		return notifications.notifications(personId)
			.stream()
			.filter(n -> n.kind() == NotificationKind.RECORD_ACCESSED)
			.map(n -> n.accesses().orElseThrow().count())
			.toList();
	}

	@Test
	void stoppingTheApplicationDuringARunEndsItBeforeThePoolClosesAndLogsNoError(CapturedOutput output)
			throws Exception {
		// a run that waits for a connection when the application stops
		ConnectionWaitUntilStopped waitingForAConnection = new ConnectionWaitUntilStopped();
		NotificationSettings every20ms = new NotificationSettings(Duration.ofMillis(20), settings.followBatch(),
				settings.maxAge(), settings.deliveryBatch(), settings.sendTimeout(), settings.maxAttempts(),
				settings.retryAfter(), settings.logSender());
		AccessNotices follower = new AccessNotices(queries, records, preferenceStore, notificationStore, delivery,
				every20ms, jdbc, waitingForAConnection, clock);
		assertThat(waitingForAConnection.awaitWaiting()).as("the follower's run started").isTrue();

		long stopping = System.nanoTime();
		follower.destroy();

		assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(5));
		assertThat(waitingForAConnection.interrupted()).as("the run under way was interrupted").isTrue();
		// destroy() returned after the run had ended and said why it stopped, without an error
		assertThat(output.getOut())
			.contains("Stopped following the access ledger for shutdown (CannotCreateTransactionException)")
			.doesNotContain("Could not follow the access ledger into notifications");
	}
}
