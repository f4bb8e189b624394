package org.carnet.bench;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.carnet.consent.Access;
import org.carnet.consent.GrantConsent;
import org.carnet.consent.Grantee;
import org.carnet.consent.Grants;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.record.NewEntry;
import org.carnet.record.Person;
import org.carnet.record.Records;
import org.carnet.record.Registration;
import org.carnet.record.Source;
import org.carnet.record.content.EntryContent;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seeds persons through the real services, as the registration and the clinicians' mutations would: the record
 * store registers each person (key, identity entry) and adds about 39 encrypted entries; the person grants every
 * category to the "full" clinician and half of them to the "half" clinician. One transaction per person, several
 * persons in parallel. Persons already seeded by an earlier run are kept (same data directory).
 */
final class Seeding {

	static final Jurisdiction HOME = Jurisdiction.of("GR");

	/** Registers every synthetic person, through the one registration path (initial grant and audit events). */
	private static final Requester REGISTRAR = new Requester(BenchUsers.REGISTRAR, Set.of(Role.CLINICIAN),
			Optional.of(BenchUsers.ORGANISATION), Optional.of(HOME), Optional.empty(), "bench");

	/** What the "half" clinician is granted; the other five categories are withheld from them. */
	static final Set<Category> HALF = EnumSet.of(Category.IDENTITY, Category.ALLERGIES, Category.MEDICATIONS,
			Category.CONDITIONS, Category.VACCINATIONS, Category.VITALS);

	private final Records records;

	private final Grants grants;

	private final TransactionTemplate transactions;

	private final JdbcTemplate jdbc;

	Seeding(ApplicationContext context, JdbcTemplate uncounted) {
		this.records = context.getBean(Records.class);
		this.grants = context.getBean(Grants.class);
		this.transactions = context.getBean(TransactionTemplate.class);
		this.jdbc = uncounted;
	}

	/** The bench persons, oldest first, seeding the missing ones up to {@code wanted}. */
	List<PersonId> persons(int wanted, int threads) throws Exception {
		List<PersonId> existing = existing();
		if (existing.size() >= wanted) {
			System.out.printf("Seeding: %d persons already in the database%n", existing.size());
			return existing.subList(0, wanted);
		}
		int missing = wanted - existing.size();
		System.out.printf("Seeding %d persons (about 40 entries each) with %d threads...%n", missing, threads);
		long started = System.nanoTime();
		AtomicInteger done = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int i = existing.size(); i < wanted; i++) {
				int index = i;
				futures.add(pool.submit(() -> {
					transactions.executeWithoutResult(tx -> seed(index));
					int count = done.incrementAndGet();
					if (count % Math.max(1, missing / 20) == 0) {
						double seconds = (System.nanoTime() - started) / 1e9;
						System.out.printf("  %6d / %d persons, %.0f persons/s, load average %.2f%n", count, missing,
								count / seconds, HeapProbe.loadAverage());
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			pool.shutdown();
		}
		System.out.printf("Seeded %d persons in %.0f s%n", missing, (System.nanoTime() - started) / 1e9);
		return existing().subList(0, wanted);
	}

	private void seed(int index) {
		Person person = records.register(
				Registration.by(REGISTRAR, HOME, SyntheticRecords.identity(index), "bench", null));
		for (EntryContent content : SyntheticRecords.entries(index)) {
			records.add(person.id(), new NewEntry(content, BenchUsers.REGISTRAR, HOME, Source.CLINICIAN,
					Optional.empty()));
		}
		Requester asPerson = new Requester("bench.person." + index, Set.of(Role.MIGRANT), Optional.empty(),
				Optional.of(HOME), Optional.of(person.id()), "bench");
		grants.grant(asPerson, person.id(), HOME, GrantConsent.of(Grantee.user(BenchUsers.FULL),
				EnumSet.allOf(Category.class), Access.READ, Set.of(Purpose.TREATMENT), Set.of(HOME)));
		grants.grant(asPerson, person.id(), HOME, GrantConsent.of(Grantee.user(BenchUsers.HALF), HALF, Access.READ,
				Set.of(Purpose.TREATMENT), Set.of(HOME)));
	}

	private List<PersonId> existing() {
		return jdbc.query("select id from persons where registered_by = ? order by created_at, id",
				(rs, row) -> new PersonId(rs.getObject("id", UUID.class)), BenchUsers.REGISTRAR);
	}
}
