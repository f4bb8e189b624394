package org.carnet.graphql.read;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.Ledger;
import org.carnet.consent.ConsentDecision;
import org.carnet.consent.GrantId;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.core.Unavailable;
import org.carnet.graphql.RequestScope;
import org.carnet.record.Person;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * When a request's READ events are written: started once consent is decided for what is about to load, awaited
 * before the response, and followed by a second event when the read then fails.
 */
class ReadAuditTests {

	private static final Requester CLINICIAN = new Requester("dr.weber", Set.of(Role.CLINICIAN),
			Optional.of("org-berlin"), Optional.of(Jurisdiction.of("DE")), Optional.empty(), "clinic-system");

	private static final Person AMAL = new Person(PersonId.random(), PhrNumber.random(), Jurisdiction.of("GR"),
			Instant.parse("2026-01-05T10:00:00Z"), "dr.nikolaou");

	private static final ConsentDecision GRANTED = new ConsentDecision(true,
			Optional.of(ConsentDecision.Basis.GRANT), List.of(new GrantId(UUID.randomUUID())), Optional.empty(),
			Optional.empty());

	private final List<AccessEvent> appended = new ArrayList<>();

	private final List<CompletableFuture<List<AccessEvent>>> pending = new ArrayList<>();

	/** How many events each call to the ledger carried: one call per moment of the request, not one per person. */
	private final List<Integer> batches = new ArrayList<>();

	private Ledger ledger;

	/** Whether the ledger double commits an event as soon as it is given, or leaves it pending. */
	private boolean committedAtOnce;

	private ReadAudit audit;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@BeforeEach
	void setUp() {
		ledger = mock(Ledger.class);
		when(ledger.appendAllAsync(any())).thenAnswer(call -> {
			List<AccessEvent> drafts = call.getArgument(0);
			appended.addAll(drafts);
			batches.add(drafts.size());
			if (committedAtOnce) {
				return CompletableFuture.completedFuture(drafts);
			}
			CompletableFuture<List<AccessEvent>> future = new CompletableFuture<>();
			pending.add(future);
			return future;
		});
		audit = new ReadAudit(ledger, new RequestScope(CLINICIAN, "request-1", "ReadRecord"),
				new HeldResponses(meters));
	}

	@Test
	void theEventIsStartedWhenConsentIsDecidedAndNotWrittenAgainAtTheEnd() {
		audit.lookedUp(AMAL, Purpose.TREATMENT);
		audit.served(AMAL, Purpose.TREATMENT, Category.ALLERGIES, GRANTED);
		audit.withheld(AMAL, Purpose.TREATMENT, Category.MENTAL_HEALTH);

		audit.start();

		assertThat(appended).hasSize(1);
		AccessEvent event = appended.get(0);
		assertThat(event.outcome()).isEqualTo(AccessOutcome.PARTIAL);
		assertThat(event.categoriesServed()).containsExactly(Category.ALLERGIES);
		assertThat(event.categoriesWithheld()).containsExactly(Category.MENTAL_HEALTH);
		assertThat(event.grantIds()).containsExactly(GRANTED.grants().get(0).value());
		assertThat(event.requestId()).isEqualTo("request-1");

		pending.forEach(future -> future.complete(null));
		audit.finish(true);

		assertThat(appended).as("no second event for an unchanged read").hasSize(1);
	}

	@Test
	void aLookUpWhoseFieldsHaveNotMetTheGateYetIsWrittenAtTheEndWithWhatTheyGot() {
		audit.served(AMAL, Purpose.EMERGENCY, Category.ALLERGIES, GRANTED);
		audit.lookedUp(AMAL, Purpose.TREATMENT);

		audit.start();
		audit.withheld(AMAL, Purpose.TREATMENT, Category.ALLERGIES);
		pending.forEach(future -> future.complete(null));
		committedAtOnce = true;
		audit.finish(true);

		assertThat(appended).extracting(event -> event.purpose() + " " + event.outcome())
			.containsExactly("EMERGENCY SUCCESS", "TREATMENT DENIED");
	}

	@Test
	void theResponseWaitsForTheStartedEventAndIsRefusedWhenItFails() {
		audit.served(AMAL, Purpose.TREATMENT, Category.ALLERGIES, GRANTED);
		audit.start();

		pending.get(0).completeExceptionally(new Unavailable("ledger down"));

		assertThatThrownBy(() -> audit.finish(true)).isInstanceOf(Unavailable.class);
	}

	@Test
	void theTimeTheResponseWaitedAfterExecutionIsMeteredAsReleased() throws Exception {
		audit.served(AMAL, Purpose.TREATMENT, Category.ALLERGIES, GRANTED);
		audit.start();
		Thread ledgerCommits = new Thread(() -> {
			sleep(150);
			pending.get(0).complete(List.of());
		});

		ledgerCommits.start();
		audit.finish(true);
		ledgerCommits.join();

		assertThat(held("released").count()).isEqualTo(1);
		assertThat(held("released").totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(100);
		assertThat(held("withheld").count()).isZero();
	}

	@Test
	void aResponseWithheldBecauseItsEventFailedIsMeteredAsWithheld() {
		audit.served(AMAL, Purpose.TREATMENT, Category.ALLERGIES, GRANTED);
		audit.start();
		pending.get(0).completeExceptionally(new Unavailable("ledger down"));

		assertThatThrownBy(() -> audit.finish(true)).isInstanceOf(Unavailable.class);

		assertThat(held("withheld").count()).isEqualTo(1);
		assertThat(held("released").count()).isZero();
	}

	@Test
	void aRequestThatLeftNoAccessEventIsNotTimed() {
		audit.finish(true);

		assertThat(appended).isEmpty();
		assertThat(held("released").count()).isZero();
		assertThat(held("withheld").count()).isZero();
	}

	@Test
	void aReadWhoseEventWasDurableBeforeTheEndIsTimedToo() {
		committedAtOnce = true;
		audit.served(AMAL, Purpose.TREATMENT, Category.ALLERGIES, GRANTED);
		audit.start();

		audit.finish(true);

		assertThat(held("released").count()).isEqualTo(1);
	}

	private Timer held(String outcome) {
		return meters.get("carnet.reads.held").tag("outcome", outcome).timer();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void aReadThatFailsAfterItsEventWasStartedGetsASecondEventSayingSo() {
		audit.served(AMAL, Purpose.TREATMENT, Category.ALLERGIES, GRANTED);
		audit.start();

		audit.failed(List.of(AMAL.id()));
		pending.forEach(future -> future.complete(null));
		committedAtOnce = true;
		audit.finish(true);

		assertThat(appended).extracting(AccessEvent::outcome)
			.containsExactly(AccessOutcome.SUCCESS, AccessOutcome.ERROR);
		assertThat(appended.get(1).categoriesServed()).containsExactly(Category.ALLERGIES);
	}

	@Test
	void aRequestStoppedWithoutDataAfterTheStartIsRecordedAsFailed() {
		audit.served(AMAL, Purpose.TREATMENT, Category.ALLERGIES, GRANTED);
		audit.start();
		pending.forEach(future -> future.complete(null));
		committedAtOnce = true;

		audit.finish(false);

		assertThat(appended).extracting(AccessEvent::outcome)
			.containsExactly(AccessOutcome.SUCCESS, AccessOutcome.ERROR);
	}

	@Test
	void aReadNeverStartedIsWrittenOnceAtTheEndWithWhatItWithheld() {
		audit.withheld(AMAL, Purpose.EMERGENCY, Category.MENTAL_HEALTH);
		committedAtOnce = true;

		audit.finish(true);

		assertThat(appended).hasSize(1);
		assertThat(appended.get(0).outcome()).isEqualTo(AccessOutcome.DENIED);
		assertThat(appended.get(0).purpose()).isEqualTo(Purpose.EMERGENCY);
	}

	@Test
	void theReadsOfAListGoToTheLedgerAsOneOperationNotOnePerPerson() {
		List<Person> persons = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			persons.add(new Person(PersonId.random(), PhrNumber.random(), Jurisdiction.of("GR"),
					Instant.parse("2026-01-05T10:00:00Z"), "dr.nikolaou"));
		}
		persons.forEach(person -> audit.served(person, Purpose.TREATMENT, Category.ALLERGIES, GRANTED));
		audit.missed(3);

		audit.start();
		pending.forEach(future -> future.complete(null));
		committedAtOnce = true;
		audit.finish(true);

		assertThat(appended).hasSize(51);
		assertThat(appended).extracting(AccessEvent::personId).containsAll(
				persons.stream().map(Person::id).toList());
		assertThat(batches).as("events per call: the 50 reads at the start, the missed look-ups at the end")
			.containsExactly(50, 1);
	}
}
