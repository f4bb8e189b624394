package org.carnet.audit;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.carnet.core.DataDirectory;
import org.carnet.core.PersonId;
import org.carnet.core.Unavailable;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.ExpectedErrorLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An attacker with superuser rights (triggers switched off) edits, deletes and truncates; verification names the
 * first broken sequence. Every test puts the rows back, because the application context (and its ledger) is shared.
 */
@ExpectedErrorLogs("audit rows are edited, deleted or truncated and a checkpoint altered")
@CarnetIntegrationTest
class AuditVerifierIntegrationTests {

	@Autowired
	Ledger ledger;

	@Autowired
	AuditVerifier verifier;

	@Autowired
	Checkpoints checkpoints;

	@Autowired
	DataSource dataSource;

	@Autowired
	DataDirectory dataDirectory;

	Superuser attacker;

	@BeforeEach
	void connectAsSuperuser() {
		attacker = Superuser.of(dataSource, dataDirectory).withoutTriggers();
	}

	@AfterEach
	void ledgerIsIntactAgain() {
		attacker.close();
		assertThat(verifier.verify(null, null).ok()).as("the test restored the ledger").isTrue();
	}

	@Test
	void anIntactLedgerVerifies() {
		List<AccessEvent> events = appendAbout(PersonId.random(), 3);

		AuditVerification all = verifier.verify(null, null);
		AuditVerification range = verifier.verify(events.get(1).sequence(), events.get(2).sequence());

		assertThat(all.ok()).isTrue();
		assertThat(all.problem()).isNull();
		assertThat(all.firstBrokenSequence()).isNull();
		assertThat(all.eventsChecked()).isGreaterThanOrEqualTo(3);
		assertThat(all.streamsChecked()).isGreaterThanOrEqualTo(ledger.streams());
		assertThat(range.ok()).isTrue();
		assertThat(range.eventsChecked()).as("only the range, in every stream").isBetween(2L,
				events.get(2).sequence() - events.get(1).sequence() + 1);
	}

	@Test
	void anEditedRowIsFoundAndNamed() {
		List<AccessEvent> events = appendAbout(PersonId.random(), 3);
		AccessEvent edited = events.get(1);
		attacker.jdbc.update("update access_events set outcome = 'DENIED' where sequence = ?", edited.sequence());
		try {
			AuditVerification result = verifier.verify(null, null);

			assertThat(result.ok()).isFalse();
			assertThat(result.problem()).isEqualTo(AuditProblem.EDITED);
			assertThat(result.firstBrokenSequence()).isEqualTo(edited.sequence());
			assertThat(result.brokenStream()).isEqualTo(edited.stream());
			assertThat(result.brokenStreamSequence()).isEqualTo(edited.streamSequence());
			assertThat(result.reason()).contains("event " + edited.sequence()).contains("edited");
			assertThatThrownBy(checkpoints::create).as("a broken ledger is never signed")
				.isInstanceOf(Unavailable.class)
				.hasMessageContaining("sequence " + edited.sequence());
		}
		finally {
			attacker.jdbc.update("update access_events set outcome = ? where sequence = ?", edited.outcome().name(),
					edited.sequence());
		}
	}

	@Test
	void anEditedTargetOrCountIsFoundWhileOlderEventsWithoutThemStillVerify() {
		appendAbout(PersonId.random(), 1);
		AccessEvent created = ledger.append(AccessEvent.bySubject("admin", null, AccessAction.USER_CREATED,
				AccessOutcome.SUCCESS).withTarget(AccessEvent.userTarget("dpo.athens")));
		AccessEvent counted = ledger.append(AccessEvent.bySubject("clinician", null, AccessAction.LOOKUP_MISSED,
				AccessOutcome.SUCCESS).withCount(3));
		assertThat(verifier.verify(null, null).ok()).as("v1 and v2 events side by side").isTrue();

		attacker.jdbc.update("update access_events set target = 'user:someone.else' where sequence = ?",
				created.sequence());
		attacker.jdbc.update("update access_events set summarised_count = 1 where sequence = ?", counted.sequence());
		try {
			AuditVerification result = verifier.verify(null, null);

			assertThat(result.ok()).isFalse();
			assertThat(result.problem()).isEqualTo(AuditProblem.EDITED);
			assertThat(result.firstBrokenSequence()).isEqualTo(created.sequence());
		}
		finally {
			attacker.jdbc.update("update access_events set target = ? where sequence = ?", created.target(),
					created.sequence());
			attacker.jdbc.update("update access_events set summarised_count = 3 where sequence = ?",
					counted.sequence());
		}
	}

	@Test
	void anEditWithARecomputedHashBreaksTheNextLink() {
		List<AccessEvent> events = appendAbout(PersonId.random(), 3);
		AccessEvent original = events.get(1);
		AccessEvent forged = original.withOutcome(AccessOutcome.DENIED)
			.appendedAs(original.sequence(), original.stream(), original.streamSequence(), original.previousHash());
		attacker.jdbc.update("update access_events set outcome = 'DENIED', hash = ? where sequence = ?", forged.hash(),
				original.sequence());
		try {
			AuditVerification result = verifier.verify(null, null);

			assertThat(result.problem()).isEqualTo(AuditProblem.BROKEN_LINK);
			assertThat(result.firstBrokenSequence()).isEqualTo(events.get(2).sequence());
		}
		finally {
			attacker.jdbc.update("update access_events set outcome = ?, hash = ? where sequence = ?",
					original.outcome().name(), original.hash(), original.sequence());
		}
	}

	@Test
	void aDeletedRowInTheMiddleIsFound() {
		List<AccessEvent> events = appendAbout(PersonId.random(), 3);
		AccessEvent deleted = events.get(1);
		attacker.jdbc.update("create temporary table saved as select * from access_events where sequence = ?",
				deleted.sequence());
		attacker.jdbc.update("delete from access_events where sequence = ?", deleted.sequence());
		try {
			AuditVerification result = verifier.verify(null, null);

			assertThat(result.ok()).isFalse();
			assertThat(result.problem()).isEqualTo(AuditProblem.DELETED);
			assertThat(result.firstBrokenSequence()).as("the first event whose predecessor is gone")
				.isEqualTo(events.get(2).sequence());
			assertThat(result.reason()).contains("#" + deleted.streamSequence() + " is missing");
			assertThat(verifier.verify(events.get(2).sequence(), null).problem())
				.as("also when the range starts after the gap")
				.isEqualTo(AuditProblem.DELETED);
		}
		finally {
			attacker.jdbc.update("insert into access_events select * from saved");
			attacker.jdbc.execute("drop table saved");
		}
	}

	@Test
	void aTruncatedTailIsFoundAgainstTheLastCheckpoint() {
		PersonId person = PersonId.random();
		List<AccessEvent> events = appendAbout(person, 4);
		Checkpoint checkpoint = checkpoints.create();
		AccessEvent kept = events.get(1);
		AccessEvent last = events.get(3);
		assertThat(checkpoint.streams()).contains(
				new StreamHead(last.stream(), last.streamSequence(), last.sequence(), last.hash()));

		// a careful attacker removes the tail and rewinds the stream head, leaving only the checkpoint to tell
		attacker.jdbc.update("create temporary table saved as select * from access_events "
				+ "where stream = ? and stream_sequence > ?", kept.stream(), kept.streamSequence());
		attacker.jdbc.update("delete from access_events where stream = ? and stream_sequence > ?", kept.stream(),
				kept.streamSequence());
		attacker.jdbc.update("update access_stream_heads set stream_sequence = ?, sequence = ?, hash = ? "
				+ "where stream = ?", kept.streamSequence(), kept.sequence(), kept.hash(), kept.stream());
		try {
			AuditVerification result = verifier.verify(null, null);

			assertThat(result.ok()).isFalse();
			assertThat(result.problem()).isEqualTo(AuditProblem.TRUNCATED);
			assertThat(result.checkpointId()).isEqualTo(checkpoint.id());
			assertThat(result.brokenStream()).isEqualTo(last.stream());
			assertThat(result.firstBrokenSequence()).as("the signed head that is missing").isEqualTo(last.sequence());
			assertThat(result.brokenStreamSequence()).isEqualTo(kept.streamSequence() + 1);
			assertThat(result.reason()).contains("checkpoint " + checkpoint.id());
		}
		finally {
			attacker.jdbc.update("insert into access_events select * from saved");
			attacker.jdbc.update("update access_stream_heads set stream_sequence = ?, sequence = ?, hash = ? "
					+ "where stream = ?", last.streamSequence(), last.sequence(), last.hash(), last.stream());
			attacker.jdbc.execute("drop table saved");
		}
	}

	@Test
	void aTruncatedTailIsFoundFromTheStreamHeadEvenWithoutACheckpoint() {
		List<AccessEvent> events = appendAbout(PersonId.random(), 2);
		AccessEvent last = events.get(1);
		attacker.jdbc.update("create temporary table saved as select * from access_events where sequence = ?",
				last.sequence());
		attacker.jdbc.update("delete from access_events where sequence = ?", last.sequence());
		try {
			AuditVerification result = verifier.verify(null, null);

			assertThat(result.problem()).isEqualTo(AuditProblem.TRUNCATED);
			assertThat(result.firstBrokenSequence()).isEqualTo(last.sequence());
		}
		finally {
			attacker.jdbc.update("insert into access_events select * from saved");
			attacker.jdbc.execute("drop table saved");
		}
	}

	@Test
	void anAlteredCheckpointIsReported() {
		appendAbout(PersonId.random(), 1);
		Checkpoint checkpoint = checkpoints.create();
		String altered = checkpoint.payload().replaceFirst("\"streamSequence\":(\\d)", "\"streamSequence\":9$1");
		attacker.jdbc.update("update audit_checkpoints set payload = ? where id = ?", altered, checkpoint.id());
		try {
			AuditVerification result = verifier.verify(null, null);

			assertThat(result.ok()).isFalse();
			assertThat(result.problem()).isEqualTo(AuditProblem.CHECKPOINT_INVALID);
			assertThat(result.checkpointId()).isEqualTo(checkpoint.id());
		}
		finally {
			attacker.jdbc.update("update audit_checkpoints set payload = ? where id = ?", checkpoint.payload(),
					checkpoint.id());
		}
	}

	private List<AccessEvent> appendAbout(PersonId person, int count) {
		List<AccessEvent> events = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			events.add(ledger.append(AccessEvents.read(i % 2 == 0 ? AccessEvents.nikolaou() : AccessEvents.weber(),
					person, "GR")));
		}
		return events;
	}
}
