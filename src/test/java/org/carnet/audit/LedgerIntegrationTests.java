package org.carnet.audit;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.carnet.core.DataDirectory;
import org.carnet.core.BadInput;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Unavailable;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.ExpectedErrorLogs;
import org.carnet.testing.RoundTrips;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@CarnetIntegrationTest
class LedgerIntegrationTests {

	/** The threads that write the ledger's streams. */
	private static final String WRITERS = "audit-writer-";

	@Autowired
	Ledger ledger;

	@Autowired
	LedgerFaults ledgerFaults;

	@Autowired
	AuditVerifier verifier;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	DataDirectory dataDirectory;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void appendsDurablyAndLinksEachEventToThePreviousOneInItsStream() {
		PersonId amina = PersonId.random();

		AccessEvent first = ledger.append(AccessEvents.read(AccessEvents.nikolaou(), amina, "GR")
			.withCategories(Set.of(Category.ALLERGIES), Set.of(Category.MENTAL_HEALTH))
			.withGrants(Set.of(UUID.randomUUID()))
			.withOperation("PersonQuery", "req-" + UUID.randomUUID()));
		AccessEvent second = ledger.append(AccessEvents.read(AccessEvents.weber(), amina, "GR"));

		assertThat(second.stream()).isEqualTo(first.stream()).isEqualTo(Chains.streamOf(amina, ledger.streams()));
		assertThat(second.streamSequence()).isEqualTo(first.streamSequence() + 1);
		assertThat(second.previousHash()).isEqualTo(first.hash());
		assertThat(second.sequence()).isGreaterThan(first.sequence());
		assertThat(stored(first.sequence())).as("what the caller got is what was committed").isEqualTo(first);
		assertThat(CanonicalEncoding.hash(stored(second.sequence()))).isEqualTo(second.hash());
	}

	@Test
	void anEventAloneTakesOneRoundTripOfItsWriterTheDatabasePlacingHashingAndCommittingIt() {
		PersonId amina = notOnTheStreamOfEventsWithoutAPerson();
		// pgjdbc prepares a statement on the server from its fifth execution on a connection: measured after that
		for (int i = 0; i < 5; i++) {
			ledger.append(AccessEvents.read(AccessEvents.weber(), amina, "GR"));
		}
		AccessEvent first;
		AccessEvent second;
		long firstTrips;
		long betweenTrips;
		long secondTrips;
		try (RoundTrips.Recording recording = RoundTrips.record()) {
			first = ledger.append(AccessEvents.read(AccessEvents.nikolaou(), amina, "GR"));
			firstTrips = recording.of(WRITERS);
			ledger.append(AccessEvent.bySubject("admin.1", "carnet-portal", AccessAction.USER_CREATED,
					AccessOutcome.SUCCESS).withTarget(AccessEvent.userTarget("nurse.1")));
			betweenTrips = recording.of(WRITERS) - firstTrips;
			second = ledger.append(AccessEvents.read(AccessEvents.weber(), amina, "GR"));
			secondTrips = recording.of(WRITERS) - firstTrips - betweenTrips;
		}

		assertThat(firstTrips).as("lock, number, hash, insert and commit in one").isEqualTo(1);
		assertThat(betweenTrips).as("an event without a person binds its parameters with the same types: the "
				+ "prepared statement is not described anew").isEqualTo(1);
		assertThat(secondTrips).as("the writer's connection is left idle, with nothing to commit or roll back")
			.isEqualTo(1);
		assertThat(stored(first.sequence())).as("committed: another connection reads it").isEqualTo(first);
		assertThat(second.previousHash()).isEqualTo(first.hash());
		assertThat(second.streamSequence()).isEqualTo(first.streamSequence() + 1);
		assertThat(jdbc.queryForObject("select stream_sequence from access_stream_heads where stream = ?", Long.class,
				second.stream()))
			.as("the head moved with the insert").isEqualTo(second.streamSequence());
		// an append in a caller's transaction on the same stream still links to them, and commits with its caller
		AccessEvent third = transactions.execute(status -> ledger.appendInTransaction(
				AccessEvents.read(AccessEvents.weber(), amina, "GR")));
		assertThat(third.previousHash()).isEqualTo(second.hash());
		assertThat(stored(third.sequence())).isEqualTo(third);
		assertThat(verifier.verify(null, null).ok()).isTrue();
	}

	@Test
	void theDatabaseHashesEveryKindOfEventItPlacesExactlyAsTheCanonicalEncodingDoes() {
		PersonId amina = PersonId.random();
		// texts that need escaping, bytes beyond ASCII and characters beyond the basic plane; versions 1, 2 and 3
		List<AccessEvent> drafts = new java.util.ArrayList<>(List.of(
				AccessEvents.read(AccessEvents.nikolaou(), amina, "GR")
					.withCategories(Set.of(Category.ALLERGIES, Category.VACCINATIONS), Set.of(Category.MENTAL_HEALTH))
					.withGrants(Set.of(UUID.randomUUID(), UUID.randomUUID()))
					.withBreakGlassJustification("say \"stop\" \\ now\ttab\nline\u0001 طوارئ 🚑 é")
					.withOperation("Ärztin", "req-" + UUID.randomUUID()),
				AccessEvent.bySubject("admin.\u0627", "carnet-portal", AccessAction.USER_CREATED, AccessOutcome.SUCCESS)
					.withTarget(AccessEvent.userTarget("nurse \"x\""))
					.withCount(3),
				AccessEvents.read(AccessEvents.weber(), amina, "GR").withReason("NO_GRANT")));
		java.util.Random random = new java.util.Random(20261206);
		for (int i = 0; i < 40; i++) {
			StringBuilder text = new StringBuilder();
			for (int length = random.nextInt(12); length > 0; length--) {
				int codePoint = switch (random.nextInt(4)) {
					case 0 -> 1 + random.nextInt(0x7f);
					case 1 -> 0x80 + random.nextInt(0x780);
					case 2 -> 0x800 + random.nextInt(0xd000);
					default -> 0x10000 + random.nextInt(0x10000);
				};
				text.appendCodePoint(codePoint);
			}
			drafts.add(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "DE")
				.withBreakGlassJustification(text.toString())
				.withOperation(text.reverse().toString(), null));
		}

		for (AccessEvent draft : drafts) {
			AccessEvent appended = ledger.append(draft);
			AccessEvent stored = stored(appended.sequence());
			assertThat(stored).as("what the caller got is what was committed").isEqualTo(appended);
			assertThat(CanonicalEncoding.hash(stored)).as("the stored event's hash, recomputed in Java")
				.isEqualTo(stored.hash());
		}
		assertThat(verifier.verify(null, null).ok()).isTrue();
	}

	@Test
	void theApplicationRoleCanNeitherUpdateNorDeleteNorTruncateTheLedger() {
		AccessEvent event = ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR"));
		assertThat(jdbc.queryForObject("select current_user", String.class)).isEqualTo("carnet_app");

		assertThatThrownBy(
				() -> jdbc.update("update access_events set outcome = 'DENIED' where sequence = ?", event.sequence()))
			.isInstanceOf(DataAccessException.class)
			.rootCause()
			.hasMessageContaining("permission denied for table access_events");
		assertThatThrownBy(() -> jdbc.update("delete from access_events where sequence = ?", event.sequence()))
			.isInstanceOf(DataAccessException.class)
			.rootCause()
			.hasMessageContaining("permission denied for table access_events");
		assertThatThrownBy(() -> jdbc.execute("truncate access_events"))
			.isInstanceOf(DataAccessException.class)
			.rootCause()
			.hasMessageContaining("permission denied for table access_events");

		assertThat(stored(event.sequence())).isEqualTo(event);
	}

	@Test
	void theTriggerRefusesChangesEvenToRolesWithAllPrivileges() {
		AccessEvent event = ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR"));

		try (Superuser superuser = Superuser.of(dataSource, dataDirectory)) {
			assertThatThrownBy(() -> superuser.jdbc.update("update access_events set outcome = 'DENIED' where sequence = ?",
					event.sequence()))
				.rootCause()
				.hasMessageContaining("the audit table access_events is append-only: UPDATE is not allowed");
			assertThatThrownBy(
					() -> superuser.jdbc.update("delete from access_events where sequence = ?", event.sequence()))
				.rootCause()
				.hasMessageContaining("append-only: DELETE is not allowed");
			assertThatThrownBy(() -> superuser.jdbc.execute("truncate access_events"))
				.rootCause()
				.hasMessageContaining("append-only: TRUNCATE is not allowed");
			assertThatThrownBy(() -> superuser.jdbc.execute("truncate audit_checkpoints"))
				.rootCause()
				.hasMessageContaining("the audit table audit_checkpoints is append-only");
		}
		assertThat(stored(event.sequence())).isEqualTo(event);
	}

	@Test
	void theEventsOfOneOperationTakeOnePlaceAmongTheWaitingHoweverManyTheyAre() throws Exception {
		String requestId = "req-" + UUID.randomUUID();
		int events = ledger.maxWaiting() * 3;
		List<AccessEvent> drafts = new java.util.ArrayList<>();
		for (int i = 0; i < events; i++) {
			drafts.add(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR")
				.withOperation("PersonsQuery", requestId));
		}

		List<AccessEvent> appended = ledger.appendAllAsync(drafts).get(10, java.util.concurrent.TimeUnit.SECONDS);

		assertThat(appended).extracting(AccessEvent::personId)
			.as("every event durable, in the order given")
			.containsExactlyElementsOf(drafts.stream().map(AccessEvent::personId).toList());
		assertThat(appended).allMatch(AccessEvent::appended);
		assertThat(countByRequestId(requestId)).isEqualTo(events);
		assertThat(ledger.waiting()).as("its place is given back").isZero();
	}

	@Test
	@ExpectedErrorLogs("the ledger refuses every append")
	void anOperationWhoseEventsCannotAllBeWrittenIsRefusedAsAWhole() throws InterruptedException {
		String requestId = "req-" + UUID.randomUUID();
		ledgerFaults.failAppends(true);
		try {
			assertThatThrownBy(() -> ledger.appendAllAsync(List.of(
					AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR").withOperation("Q", requestId),
					AccessEvents.read(AccessEvents.weber(), PersonId.random(), "DE").withOperation("Q", requestId)))
				.get(10, java.util.concurrent.TimeUnit.SECONDS))
				.isInstanceOf(java.util.concurrent.ExecutionException.class);
		}
		finally {
			ledgerFaults.failAppends(false);
		}
		assertThat(countByRequestId(requestId)).isZero();
		// the caller is answered at the first failure; the place is given back once the other event is settled too
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
		while (ledger.waiting() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(ledger.waiting()).isZero();
		assertThat(verifier.verify(null, null).ok()).isTrue();
	}

	@Test
	@ExpectedErrorLogs("the ledger refuses every append")
	void whenTheLedgerCannotWriteTheCallerIsRefusedAndNothingIsRecorded() {
		String requestId = "req-" + UUID.randomUUID();
		ledgerFaults.failAppends(true);
		try {
			assertThatThrownBy(() -> ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR")
				.withOperation("PersonQuery", requestId)))
				.isInstanceOf(Unavailable.class)
				.hasMessage("The audit ledger could not record this access, so it was refused");
		}
		finally {
			ledgerFaults.failAppends(false);
		}
		assertThat(countByRequestId(requestId)).isZero();
		assertThat(ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR")).appended())
			.isTrue();
		assertThat(verifier.verify(null, null).ok()).isTrue();
	}

	@Test
	@ExpectedErrorLogs("the database refuses the ledger's insert")
	void aDatabaseThatRefusesTheInsertMakesTheAppendFailClosed() {
		String requestId = "req-" + UUID.randomUUID();
		PersonId amina = PersonId.random();
		AccessEvent before = ledger.append(AccessEvents.read(AccessEvents.weber(), amina, "GR"));
		try (Superuser operator = Superuser.of(dataSource, dataDirectory)) {
			operator.jdbc.execute("revoke insert on access_events from carnet_app");
			try {
				assertThatThrownBy(() -> ledger.append(AccessEvents.read(AccessEvents.nikolaou(), amina, "GR")
					.withOperation("PersonQuery", requestId))).isInstanceOf(Unavailable.class);
			}
			finally {
				operator.jdbc.execute("grant insert on access_events to carnet_app");
			}
		}
		assertThat(countByRequestId(requestId)).isZero();
		// the insert carries the commit: PostgreSQL skipped it, and the head's move rolled back with the insert
		Long head = jdbc.queryForObject("select stream_sequence from access_stream_heads where stream = ?", Long.class,
				before.stream());
		assertThat(head).as("the stream's head did not move").isEqualTo(before.streamSequence());
		AccessEvent after = ledger.append(AccessEvents.read(AccessEvents.weber(), amina, "GR"));
		assertThat(after.previousHash()).as("the next event links to the last one committed").isEqualTo(before.hash());
		assertThat(after.streamSequence()).isEqualTo(head + 1);
		assertThat(verifier.verify(null, null).ok()).isTrue();
	}

	@Test
	void anEventAppendedInATransactionRollsBackWithItAndLeavesNoGap() {
		PersonId amina = PersonId.random();
		String requestId = "req-" + UUID.randomUUID();

		AccessEvent rolledBack = transactions.execute(status -> {
			AccessEvent inside = ledger.appendInTransaction(
					AccessEvent.of(AccessEvents.nikolaou(), AccessAction.WRITE, AccessOutcome.SUCCESS)
						.about(amina, Jurisdiction.of("GR"))
						.withOperation("AddAllergy", requestId));
			status.setRollbackOnly();
			return inside;
		});
		AccessEvent after = ledger.append(AccessEvents.read(AccessEvents.nikolaou(), amina, "GR"));

		assertThat(rolledBack.appended()).isTrue();
		assertThat(countByRequestId(requestId)).isZero();
		assertThat(after.streamSequence()).as("the position rolled back with the transaction")
			.isEqualTo(rolledBack.streamSequence());
		assertThat(after.previousHash()).isEqualTo(rolledBack.previousHash());
		assertThat(verifier.verify(null, null).ok()).isTrue();
	}

	@Test
	void anEventAppendedInATransactionCommitsWithIt() {
		PersonId amina = PersonId.random();
		List<AccessEvent> written = transactions.execute(status -> ledger.appendAllInTransaction(List.of(
				AccessEvent.of(AccessEvents.nikolaou(), AccessAction.REGISTER, AccessOutcome.SUCCESS)
					.about(amina, Jurisdiction.of("GR")),
				AccessEvent.of(AccessEvents.nikolaou(), AccessAction.CONSENT_GRANTED, AccessOutcome.SUCCESS)
					.about(amina, Jurisdiction.of("GR")),
				AccessEvent.bySubject("someone", "carnet-portal", AccessAction.LOGIN_FAILED, AccessOutcome.DENIED))));

		assertThat(written).extracting(AccessEvent::action)
			.containsExactly(AccessAction.REGISTER, AccessAction.CONSENT_GRANTED, AccessAction.LOGIN_FAILED);
		assertThat(written.get(1).previousHash()).isEqualTo(written.get(0).hash());
		assertThat(written.get(2).stream()).as("events without a person go to stream 0").isZero();
		for (AccessEvent event : written) {
			assertThat(stored(event.sequence())).isEqualTo(event);
		}
	}

	@Test
	void appendingInATransactionNeedsOne() {
		assertThatThrownBy(() -> ledger.appendInTransaction(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR")))
			.isInstanceOf(IllegalStateException.class);
	}

	@Test
	void refusesTextPostgreSqlCannotStoreBeforeItReachesABatch() {
		assertThatThrownBy(() -> ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR")
			.withBreakGlassJustification("unconscious\u0000")))
			.isInstanceOf(BadInput.class)
			.hasMessageContaining("justification");
	}

	@Test
	void theRetentionPolicyInEffectIsRecordedAndAChangeIsWrittenIntoTheLedger(@Autowired AuditRetention retention) {
		int shipped = retention.policy().keepForYears();
		assertThat(jdbc.queryForObject("select keep_for_years from audit_retention_history order by id desc limit 1",
				Integer.class)).isEqualTo(shipped);

		retention.record(new RetentionPolicy(shipped - 1, "test"));
		retention.record(retention.policy());

		List<String> changes = jdbc.queryForList("select operation_name from access_events where action = "
				+ "'POLICY_CHANGED' order by sequence desc limit 2", String.class);
		assertThat(changes).containsExactly(
				"audit retention changed from " + (shipped - 1) + " to " + shipped + " years ("
						+ retention.policy().source() + ")",
				"audit retention changed from " + shipped + " to " + (shipped - 1) + " years (test)");
	}

	/** A person whose events go to another stream than the events without a person. */
	private PersonId notOnTheStreamOfEventsWithoutAPerson() {
		PersonId person = PersonId.random();
		while (Chains.streamOf(person, ledger.streams()) == Chains.streamOf(null, ledger.streams())) {
			person = PersonId.random();
		}
		return person;
	}

	private AccessEvent stored(long sequence) {
		return jdbc.queryForObject("select " + AccessEventRows.COLUMNS + " from access_events where sequence = ?",
				AccessEventRows.MAPPER, sequence);
	}

	private int countByRequestId(String requestId) {
		return jdbc.queryForObject("select count(*) from access_events where request_id = ?", Integer.class,
				requestId);
	}
}
