package org.carnet.bench;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.carnet.consent.StatisticsAgreements;
import org.carnet.core.Category;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.identity.NewUser;
import org.carnet.statistics.ProjectionRebuild;
import org.carnet.statistics.StatisticsRebuilt;
import org.carnet.testing.TestUsers;
import org.carnet.testing.Tokens;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The statistics scenarios (issue 16): an analyst's grouped query over 100,000 invented projection rows, what keeping
 * the projection up to date adds to an entry write, and the rebuild of the projection of the bench persons.
 * <p>
 * The 100,000 rows are inserted by SQL straight into the projection (not through the record path: no records, keys
 * or agreements behind them), in jurisdictions where no bench person lives (IT, ES, MT, CY, BG), with a spread of
 * age bands, sexes, nationalities, quarters and indicator values like a reception population's. The bench persons
 * (GR, seeded through the real services) opt in through the agreement service, as themselves.
 */
final class StatisticsBench {

	static final int PROJECTION_ROWS = 100_000;

	/** Where the invented rows live; no bench person is registered there. */
	static final List<String> INVENTED_JURISDICTIONS = List.of("IT", "ES", "MT", "CY", "BG");

	static final String ANALYST = "bench.analyst";

	static final String ANALYSTS = "bench-public-health-it";

	/** indicator x age band x sex x jurisdiction: the vaccinated against measles, over all invented jurisdictions. */
	static final String GROUPED = """
			query Grouped($filter: StatisticsFilter) {
			  statistics(indicator: VACCINATED, subject: "MEASLES", groupBy: [AGE_BAND, SEX, HOME_JURISDICTION],
			             filter: $filter) {
			    threshold rounding noiseEpsilon suppressedCells
			    cells { values persons withIndicator share suppressed }
			    totals { dimension value persons withIndicator share suppressed }
			    overall { persons withIndicator share suppressed }
			  }
			}""";

	static final String ADD_VACCINATION = """
			mutation Vaccinate($p: ID!) {
			  addVaccination(personId: $p, input: {vaccine: "MMR", doseNumber: 1, date: "2025-03-01"}) { id }
			}""";

	private static final Set<Category> ALL_OFFERED = EnumSet.copyOf(StatisticsAgreements.OFFERED);

	private final ApplicationContext context;

	private final JdbcTemplate jdbc;

	private final int port;

	private final int threads;

	StatisticsBench(ApplicationContext context, JdbcTemplate uncounted, int port, int threads) {
		this.context = context;
		this.jdbc = uncounted;
		this.port = port;
		this.threads = threads;
	}

	/** Tops the invented projection rows up to {@link #PROJECTION_ROWS}. */
	void seedProjection() {
		long existing = invented();
		if (existing >= PROJECTION_ROWS) {
			System.out.printf("  projection: %d invented rows already there%n", existing);
			return;
		}
		long started = System.nanoTime();
		for (long left = PROJECTION_ROWS - existing; left > 0; left -= 10_000) {
			jdbc.update(INVENT, (int) Math.min(10_000, left));
		}
		System.out.printf("  projection: inserted %d invented rows by SQL in %.1f s (not through the record path)%n",
				PROJECTION_ROWS - existing, (System.nanoTime() - started) / 1e9);
		jdbc.execute("analyze statistical_contributions");
	}

	private long invented() {
		return jdbc.queryForObject("select count(*) from statistical_contributions where home_jurisdiction in ("
				+ "'IT', 'ES', 'MT', 'CY', 'BG')", Long.class);
	}

	/** The analyst's real token (authorization code with PKCE), the account created once. */
	String analystToken() {
		Accounts accounts = context.getBean(Accounts.class);
		accounts.createOrganisationIfAbsent(ANALYSTS, "Benchmark public-health institute",
				org.carnet.core.Jurisdiction.of("IT"));
		accounts.createUserIfAbsent(NewUser.staff(ANALYST, TestUsers.PASSWORD, ANALYST, ANALYSTS,
				Role.PUBLIC_HEALTH_ANALYST));
		return new Tokens(port).login(ANALYST, TestUsers.PASSWORD);
	}

	/** The grouped query; fails unless it answers cells and no error. */
	Load.Operation groupedQuery(GraphQlClient client, String token) {
		Map<String, Object> variables = Map.of("filter", Map.of("homeJurisdictions", INVENTED_JURISDICTIONS));
		return i -> {
			GraphQlClient.Answer answer = client.post(token, GROUPED, variables);
			if (!answer.ok(0)) {
				return "HTTP " + answer.status() + ": " + answer.body();
			}
			return answer.count("\"values\"") > 0 ? null : "no cells: " + answer.body();
		};
	}

	/** The registrar adds a vaccination to one of {@code persons} (their initial grant lets them write). */
	Load.Operation write(GraphQlClient client, String registrarToken, List<PersonId> persons) {
		return i -> {
			PersonId person = persons.get(ThreadLocalRandom.current().nextInt(persons.size()));
			GraphQlClient.Answer answer = client.post(registrarToken, ADD_VACCINATION,
					Map.of("p", person.toString()));
			return answer.ok(0) ? null : "HTTP " + answer.status() + ": " + answer.body();
		};
	}

	/** Every one of {@code in} contributes every offered category; none of {@code out} contributes. */
	void agreements(List<PersonId> persons, List<PersonId> in, List<PersonId> out) throws Exception {
		StatisticsAgreements agreements = context.getBean(StatisticsAgreements.class);
		long started = System.nanoTime();
		List<PersonId> contributing = jdbc.query("select person_id from statistics_agreements",
				(rs, n) -> new PersonId(rs.getObject(1, java.util.UUID.class)));
		Set<PersonId> already = Set.copyOf(contributing);
		List<Runnable> changes = new ArrayList<>();
		for (PersonId person : in) {
			if (!already.contains(person)) {
				changes.add(() -> agreements.set(as(persons, person), person, Seeding.HOME, ALL_OFFERED));
			}
		}
		for (PersonId person : out) {
			if (already.contains(person)) {
				changes.add(() -> agreements.set(as(persons, person), person, Seeding.HOME, Set.of()));
			}
		}
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (Runnable change : changes) {
				futures.add(pool.submit(change));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			pool.shutdown();
		}
		System.out.printf("  agreements: %d changed through the agreement service in %.1f s; %d persons contribute%n",
				changes.size(), (System.nanoTime() - started) / 1e9,
				jdbc.queryForObject("select count(*) from statistics_agreements", Long.class));
	}

	/** The bench person as themselves (a migrant owning the record), as {@link Seeding} grants. */
	private static Requester as(List<PersonId> persons, PersonId person) {
		return new Requester("bench.person." + persons.indexOf(person), Set.of(Role.MIGRANT), Optional.empty(),
				Optional.of(Seeding.HOME), Optional.of(person), "bench");
	}

	/** Deletes the invented rows (a rebuild would delete them anyway: no consenting person is behind them). */
	void dropInvented() {
		int deleted = jdbc.update("delete from statistical_contributions where home_jurisdiction in ("
				+ "'IT', 'ES', 'MT', 'CY', 'BG')");
		System.out.printf("  projection: %d invented rows deleted before the rebuild (re-inserted by the next stats "
				+ "run)%n", deleted);
	}

	/** One whole rebuild, in process, as an administrator (the same service the admin mutation calls). */
	Load.Operation rebuild() {
		ProjectionRebuild rebuild = context.getBean(ProjectionRebuild.class);
		Requester admin = new Requester("bench.admin", Set.of(Role.ADMIN), Optional.empty(), Optional.empty(),
				Optional.empty(), "bench");
		return i -> {
			StatisticsRebuilt done = rebuild.rebuild(admin, "bench", null);
			System.out.printf("  rebuild %d: generation %d, %d persons, %d rows rewritten, %d removed, %d ms%n", i,
					done.generation(), done.persons(), done.rewritten(), done.removed(),
					done.finishedAt().toEpochMilli() - done.startedAt().toEpochMilli());
			return null;
		};
	}

	/** 10,000 invented rows at a time, with a reception population's spread. */
	private static final String INVENT = """
			insert into statistical_contributions (pseudonym, home_jurisdiction, age_band, sex, nationality,
			  reception_quarter, categories, infectious_screenings, vaccine_antigens, condition_chapters,
			  mental_health_screening, blood_group)
			select md5(random()::text || g) || md5(g::text || random()::text),
			  (array['IT','IT','IT','ES','ES','ES','MT','CY','BG','BG'])[1 + floor(r[1] * 10)::int],
			  (array['0-4','5-9','10-14','15-19','15-19','20-24','20-24','20-24','25-29','25-29','25-29','30-34',
			         '30-34','35-39','35-39','40-44','40-44','45-49','50-54','55-59','60-64','65-69','70-74','75-79',
			         '80-84','85+'])[1 + floor(r[2] * 26)::int],
			  case when r[3] < 0.60 then 'MALE' when r[3] < 0.97 then 'FEMALE' when r[3] < 0.99 then 'OTHER' end,
			  (array['SY','SY','SY','AF','AF','AF','UA','UA','IQ','IQ','ER','SO','SD','PK','BD','NG','ML','GN','CI',
			         'MA','TN','DZ','EG','IR','TR','VE','CO','SN','GM','CM'])[1 + floor(r[4] * 30)::int],
			  (2023 + floor(r[5] * 4)::int) || '-Q' || (1 + floor(r[6] * 4)::int),
			  array['CONDITIONS','INFECTIOUS_DISEASES','MENTAL_HEALTH','VACCINATIONS','VITALS'],
			  case when r[7] < 0.75 then array['TUBERCULOSIS:' || case when r[8] < 0.04 then 'POSITIVE' else 'NEGATIVE' end]
			       || case when r[9] < 0.4 then array['HIV:' || case when r[8] < 0.01 then 'POSITIVE' else 'NEGATIVE' end]
			          else '{}'::text[] end
			       else '{}'::text[] end,
			  array_remove(array[case when r[10] < 0.72 then 'MEASLES' end, case when r[10] < 0.70 then 'MUMPS' end,
			               case when r[10] < 0.70 then 'RUBELLA' end, case when r[11] < 0.65 then 'POLIO' end,
			               case when r[11] < 0.55 then 'TETANUS' end, case when r[12] < 0.2 then 'BCG' end], null),
			  array_remove(array[case when r[13] < 0.08 then 'IV' end, case when r[13] > 0.9 then 'IX' end,
			               case when r[14] < 0.06 then 'V' end, case when r[14] > 0.95 then 'I' end], null),
			  case when r[15] < 0.18 then 'POSITIVE' when r[15] < 0.7 then 'NEGATIVE' end,
			  (array['O_POSITIVE','O_POSITIVE','A_POSITIVE','A_POSITIVE','B_POSITIVE','AB_POSITIVE','O_NEGATIVE',
			         'A_NEGATIVE'])[1 + floor(r[16] * 8)::int]
			from (select g, array(select random() from generate_series(1, 16) where g > 0) as r
			      from generate_series(1, ?) g) invented""";
}
