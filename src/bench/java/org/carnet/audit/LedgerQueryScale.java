package org.carnet.audit;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.carnet.CarnetApplication;
import org.carnet.core.DataDirectory;
import org.carnet.core.PersonId;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How the auditors' queries behave on a large ledger: seeds N events (default 3,000,000) over two years directly
 * with SQL (their hashes are placeholders: this measures indexes, not chains), then times a month's queries and
 * prints the plans. Not a test: run it by hand ({@code mvn -Pbench test -Dbench.jmh.skip=true
 * -Dbench.main=org.carnet.audit.LedgerQueryScale -Dbench.args=3000000}). Arguments: number of events.
 */
public final class LedgerQueryScale {

	private static final Instant JUNE = Instant.parse("2024-06-01T00:00:00Z");

	private static final Instant JULY = Instant.parse("2024-07-01T00:00:00Z");

	private LedgerQueryScale() {
	}

	public static void main(String[] args) throws Exception {
		long events = args.length > 0 ? Long.parseLong(args[0]) : 3_000_000;
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CarnetApplication.class)
			.profiles("test")
			.run("--server.port=0", "--logging.level.root=warn", "--logging.level.org.carnet=warn");
				Superuser operator = Superuser.of(context.getBean(DataSource.class),
						context.getBean(DataDirectory.class))) {
			AuditQueries queries = context.getBean(AuditQueries.class);
			long began = System.nanoTime();
			operator.jdbc.update("""
					insert into access_events (sequence, stream, stream_sequence, previous_hash, hash, occurred_at,
					  action, outcome, requester_subject, requester_roles, requester_organisation,
					  requester_jurisdiction, client_id, person_id, home_jurisdiction, cross_border, purpose,
					  categories_served, categories_withheld, grant_ids, operation_name)
					select 1000000000 + i, 100 + (i % 4), i, repeat('0', 64), repeat('1', 64),
					  timestamptz '2023-01-01' + (i::float8 / ?) * interval '730 days',
					  case when i % 200 = 0 then 'BREAK_GLASS' when i % 100 = 1 then 'DENIED' else 'READ' end,
					  case when i % 100 = 1 then 'DENIED' else 'SUCCESS' end,
					  'clinician-' || (i % 2000), '{CLINICIAN}', 'org-' || (i % 200),
					  case when i % 5 = 0 then 'DE' else 'GR' end, 'clinic-system',
					  md5(((i * 7919) % 100000)::text)::uuid, 'GR', i % 5 = 0,
					  case when i % 200 = 0 then 'EMERGENCY' else 'TREATMENT' end,
					  '{ALLERGIES,MEDICATIONS}', '{MENTAL_HEALTH}', '{}', 'PersonQuery'
					from generate_series(1, ?) as i""", events, events);
			operator.jdbc.execute("vacuum analyze access_events");
			System.out.printf("Seeded %,d events in %d s; table and indexes: %s%n", events,
					(System.nanoTime() - began) / 1_000_000_000,
					operator.jdbc.queryForObject("select pg_size_pretty(pg_total_relation_size('access_events'))",
							String.class));
			PersonId person = new PersonId(UUID.fromString(
					operator.jdbc.queryForObject("select md5('4242')::uuid::text", String.class)));
			time("month, newest 50", () -> queries.search(month(null, null, null, Set.of()), 50, null));
			time("month, page 3 of 50", () -> {
				AccessEventPage page = queries.search(month(null, null, null, Set.of()), 50, null);
				page = queries.search(month(null, null, null, Set.of()), 50, page.pageInfo().endCursor());
				return queries.search(month(null, null, null, Set.of()), 50, page.pageInfo().endCursor());
			});
			time("month, cross-border", () -> queries.search(month(null, null, true, Set.of()), 50, null));
			time("month, organisation", () -> queries.search(month(null, "org-17", null, Set.of()), 50, null));
			time("month, requester", () -> queries.search(
					new AuditFilter(null, "clinician-42", null, null, null, null, null, Set.of(), Set.of(), JUNE, JULY),
					50, null));
			time("month, action DENIED", () -> queries.search(month(null, null, null, Set.of(AccessAction.DENIED)),
					50, null));
			time("person, whole ledger", () -> queries.forPerson(person, 50, null));
			time("cross-border summary, month", () -> queries.crossBorderSummary(JUNE, JULY));
			for (String plan : operator.jdbc.queryForList("""
					explain (analyze, buffers, costs off)
					select requester_jurisdiction, home_jurisdiction, count(*) from access_events
					where cross_border and occurred_at >= '2024-06-01' and occurred_at < '2024-07-01'
					group by 1, 2""", String.class)) {
				System.out.println("  " + plan);
			}
		}
	}

	private static AuditFilter month(PersonId person, String organisation, Boolean crossBorder,
			Set<AccessAction> actions) {
		return new AuditFilter(person, null, organisation, null, null, crossBorder, null, actions, Set.of(), JUNE,
				JULY);
	}

	private static void time(String name, Supplier<Object> query) {
		query.get();
		query.get();
		long best = Long.MAX_VALUE;
		Object result = null;
		for (int i = 0; i < 5; i++) {
			long start = System.nanoTime();
			result = query.get();
			best = Math.min(best, System.nanoTime() - start);
		}
		String size = result instanceof AccessEventPage page ? page.edges().size() + " events"
				: result instanceof CrossBorderSummary summary ? summary.flows().size() + " flows" : "";
		System.out.printf("%-30s best of 5: %7.2f ms  (%s)%n", name, best / 1e6, size);
	}
}
