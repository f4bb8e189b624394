package org.carnet.audit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.carnet.core.PersonId;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 16 writers append 500 events each at the same time, half through group commit and half in their own
 * transactions, about 40 persons spread over every stream plus events without a person: every stream stays one
 * unbroken chain, with no gap and no fork, and every event is there exactly once.
 */
@CarnetIntegrationTest
class LedgerConcurrencyIntegrationTests {

	private static final int WRITERS = 16;

	private static final int EVENTS_PER_WRITER = 500;

	@Autowired
	Ledger ledger;

	@Autowired
	AuditVerifier verifier;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void sixteenConcurrentWritersLeaveUnbrokenChainsWithoutGapOrFork() throws Exception {
		List<PersonId> persons = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			persons.add(PersonId.random());
		}
		String run = UUID.randomUUID().toString();
		ConcurrentLinkedQueue<AccessEvent> appended = new ConcurrentLinkedQueue<>();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
		List<Future<?>> writers = new ArrayList<>();
		for (int w = 0; w < WRITERS; w++) {
			int writer = w;
			writers.add(pool.submit(() -> {
				start.await();
				for (int i = 0; i < EVENTS_PER_WRITER; i++) {
					AccessEvent draft = draft(persons, writer, i, run);
					if (writer % 2 == 0) {
						appended.add(ledger.append(draft));
					}
					else {
						appended.add(transactions.execute(status -> ledger.appendInTransaction(draft)));
					}
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> writer : writers) {
			writer.get(5, TimeUnit.MINUTES);
		}
		pool.shutdown();

		assertThat(appended).hasSize(WRITERS * EVENTS_PER_WRITER);
		assertThat(appended.stream().map(AccessEvent::sequence).distinct()).hasSize(WRITERS * EVENTS_PER_WRITER);
		assertThat(jdbc.queryForObject("select count(distinct request_id) from access_events where request_id like ?",
				Long.class, run + "%")).isEqualTo(WRITERS * EVENTS_PER_WRITER);
		Set<Integer> streamsUsed = new HashSet<>();
		appended.forEach(event -> streamsUsed.add(event.stream()));
		assertThat(streamsUsed).hasSize(ledger.streams());
		for (Map<String, Object> stream : jdbc.queryForList("select stream, count(*) as events, "
				+ "count(distinct stream_sequence) as positions, min(stream_sequence) as first, "
				+ "max(stream_sequence) as last from access_events group by stream")) {
			assertThat(stream.get("first")).as("stream %s starts at 1", stream.get("stream")).isEqualTo(1L);
			assertThat(stream.get("last")).as("stream %s has no gap", stream.get("stream"))
				.isEqualTo(stream.get("events"));
			assertThat(stream.get("positions")).as("stream %s has no fork", stream.get("stream"))
				.isEqualTo(stream.get("events"));
		}
		// numbers are taken once the stream is locked: within a stream they grow with the position, which is what
		// verifying a range of sequences relies on
		assertThat(jdbc.queryForObject("select count(*) from (select sequence, lag(sequence) over (partition by stream "
				+ "order by stream_sequence) as before from access_events) events where before >= sequence", Long.class))
			.isZero();
		AuditVerification verification = verifier.verify(null, null);
		assertThat(verification.ok()).as(verification.reason()).isTrue();
		assertThat(verification.eventsChecked()).isGreaterThanOrEqualTo(WRITERS * EVENTS_PER_WRITER);
	}

	private static AccessEvent draft(List<PersonId> persons, int writer, int i, String run) {
		String requestId = run + "-" + writer + "-" + i;
		if (i % 10 == 0) {
			return AccessEvent.bySubject("user-" + writer, "carnet-portal", AccessAction.LOGIN_SUCCEEDED,
					AccessOutcome.SUCCESS).withOperation("login", requestId);
		}
		return AccessEvents.read(writer % 3 == 0 ? AccessEvents.weber() : AccessEvents.nikolaou(),
				persons.get((writer * 7 + i) % persons.size()), "GR")
			.withOperation("PersonQuery", requestId);
	}
}
