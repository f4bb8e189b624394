package org.carnet.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.carnet.CarnetApplication;
import org.carnet.identity.Accounts;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code mvn spring-boot:run} does on a fresh machine: the demo profile on an empty data directory starts,
 * serves GraphQL and the sign-in page, stores nothing of the demo records in clear, and a restart on the same data
 * directory finds everything as it was (the demo data is not created twice). The demo users exist before the web
 * server opens its port, so that a script that waits for the port can sign in at once. Its log reads as a healthy
 * start.
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoStartIntegrationTests {

	/** Names and health values of the demo records that must never be stored in clear. */
	static final List<String> CLEAR_TEXT_NEVER = List.of("Amina", "Haddad", "Yonas", "Tesfaye", "Penicillin",
			"Peanuts", "Salbutamol", "Ferrous", "Asthma", "Appendectomy", "anaemia", "RHS-15", "distress",
			"contraceptive", "138/88", "Haemoglobin", "Ferritin", "Mavrovouni reception centre health unit",
			"Psychologist", "Lampedusa", "+30 694");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dataDir;

	@Test
	void demoStartsStoresNothingInClearAndSurvivesARestart(CapturedOutput output) throws Exception {
		long started = System.nanoTime();
		try (ConfigurableApplicationContext app = start("--logging.level.org.carnet=info")) {
			long seconds = (System.nanoTime() - started) / 1_000_000_000;
			System.out.printf("Demo start on an empty data directory: %d s%n", seconds);
			assertThat(demoUsersWhenThePortOpened).as("demo users existed when the web server started").containsExactly(
					true);
			int port = port(app);
			assertThat(get(port, "/login").statusCode()).isEqualTo(200);
			JsonNode me = new GraphQlRequests(port).execute(token(port, app, "amina"),
					"{ myRecord { identity { givenNames familyName } allergies { substance } bloodGroup { group } } }");
			assertThat(me.at("/data/myRecord/identity/familyName").asString()).isEqualTo("Haddad");
			assertThat(me.at("/data/myRecord/allergies/0/substance").asString()).isEqualTo("Penicillin");

			// readiness waits for the demo: UP once a demo user can sign in, DOWN while the password would not do
			assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
			JsonNode readiness = JSON.readTree(getAs(managementPort(app), "/actuator/health/readiness",
					token(port, app, "admin")).body());
			assertThat(readiness.at("/components/demoData/status").asString()).as(readiness.toString())
				.isEqualTo("UP");
			DemoDataHealthIndicator wrongPassword = new DemoDataHealthIndicator(
					app.getBean(UserDetailsService.class), app.getBean(PasswordEncoder.class),
					new DemoSettings(Map.of("amina", "not-the-demo-password"), 0), Duration.ofSeconds(2));
			assertThat(wrongPassword.health().getStatus()).isEqualTo(Status.DOWN);

			// the analyst sees figures about the invented persons who opted in, protected
			JsonNode figures = new GraphQlRequests(port).execute(token(port, app, "lena.analyst"), """
					{ statistics(indicator: VACCINATED, subject: "MEASLES", groupBy: [SEX]) {
					    threshold overall { persons withIndicator } cells { persons suppressed } } }""");
			assertThat(figures.has("errors")).as(figures.toString()).isFalse();
			assertThat(figures.at("/data/statistics/overall/persons").asLong()).as(figures.toString())
				.isGreaterThanOrEqualTo(40);
			assertThat(figures.at("/data/statistics/cells")).anySatisfy(cell -> assertThat(cell.at("/suppressed")
				.isNull()).isTrue());

			List<String> leaks = clearTextOfEveryRow(app);
			assertThat(leaks).as("rows holding a demo name or health value in clear").isEmpty();
		}
		// What the first start said: the demo's administrator is made before anyone could miss one, nothing fails,
		// and the schema inspection is one short line.
		String log = output.getOut();
		assertThat(log).contains("Created the bootstrap administrator admin")
			.doesNotContain("No administrator exists yet")
			.doesNotContain("Unmapped fields")
			.contains("GraphQL schema inspection: every field is mapped");
		assertThat(log.lines()).as("log lines of the first demo start")
			.noneMatch(line -> line.contains(" ERROR "))
			.allMatch(line -> line.length() < 400);

		try (ConfigurableApplicationContext app = start()) {
			int port = port(app);
			JdbcClient jdbc = app.getBean(JdbcClient.class);
			int invented = app.getEnvironment().getProperty("carnet.demo.statistics-persons", Integer.class, 0);
			assertThat(invented).isPositive();
			assertThat(jdbc.sql("select count(*) from persons").query(Long.class).single())
				.as("demo persons after a restart: amina, yonas, samir and the invented ones")
				.isEqualTo(3 + invented);
			assertThat(jdbc.sql("select kind from representations where lower(representative) = 'sara.mediator' "
					+ "order by kind").query(String.class).list())
				.as("sara is samir's guardian and yonas's proxy")
				.containsExactly("GUARDIAN", "PROXY");
			assertThat(jdbc.sql("select count(*) from statistical_contributions").query(Long.class).single())
				.as("the invented persons' contributions").isEqualTo(invented);
			// the demo records were made through the one registration path and written as the API writes: every
			// entry has its WRITE event, by the registrar, under the registrar's initial grant, and the chains verify
			assertThat(jdbc.sql("select count(*) from access_events where action = 'REGISTER'").query(Long.class)
				.single()).isEqualTo(3 + invented);
			assertThat(jdbc.sql("""
					select count(*) from access_events
					where action = 'WRITE' and outcome = 'SUCCESS' and requester_subject = 'dr.nikolaou'
					  and cardinality(grant_ids) = 1""").query(Long.class).single())
				.isEqualTo(jdbc.sql("select count(*) from entries").query(Long.class).single() - 3 - invented);
			JsonNode read = new GraphQlRequests(port).execute(token(port, app, "dr.nikolaou"), """
					query($phr: String!) { personByPhrNumber(phrNumber: $phr, purpose: TREATMENT) {
					  allergies { substance } vitals { value } } }""",
					Map.of("phr", aminasPhrNumber(app)));
			assertThat(read.at("/data/personByPhrNumber/allergies/0/substance").asString()).isEqualTo("Penicillin");
			assertThat(read.at("/data/personByPhrNumber/vitals")).hasSize(5);
		}
	}

	/** Whether amina existed at the moment the web server started listening, once per start. */
	private final List<Boolean> demoUsersWhenThePortOpened = new ArrayList<>();

	private ConfigurableApplicationContext start(String... more) {
		List<String> arguments = new ArrayList<>(List.of("--carnet.data-dir=" + dataDir, "--server.port=0",
				"--management.server.port=0", "--carnet.database.durable=false", "--logging.level.root=warn"));
		arguments.addAll(List.of(more));
		return new SpringApplicationBuilder(CarnetApplication.class).profiles("demo")
			.listeners((ApplicationListener<ApplicationEvent>) event -> {
				// the application's server, not the actuator's (management port)
				if (event instanceof WebServerInitializedEvent started
						&& started.getApplicationContext().getServerNamespace() == null) {
					demoUsersWhenThePortOpened.add(started.getApplicationContext()
						.getBean(Accounts.class)
						.displayName("amina")
						.isPresent());
				}
			})
			.run(arguments.toArray(String[]::new));
	}

	private static String token(int port, ConfigurableApplicationContext app, String user) {
		Environment environment = app.getEnvironment();
		return new Tokens(port).login(user, environment.getProperty("carnet.demo.passwords." + user));
	}

	private static String aminasPhrNumber(ConfigurableApplicationContext app) {
		return app.getBean(JdbcClient.class)
			.sql("select p.phr_number from persons p join users u on u.person_id = p.id where u.username = 'amina'")
			.query(String.class)
			.single();
	}

	/** Every row of every table as PostgreSQL prints it (what a dump would hold), searched for clear text. */
	private static List<String> clearTextOfEveryRow(ConfigurableApplicationContext app) throws Exception {
		JdbcClient jdbc = app.getBean(JdbcClient.class);
		List<String> tables = jdbc.sql("select tablename from pg_tables where schemaname = 'public'")
			.query(String.class)
			.list();
		assertThat(tables).contains("persons", "entries", "person_keys", "users");
		List<String> leaks = new ArrayList<>();
		for (String table : tables) {
			List<String> rows;
			try {
				rows = jdbc.sql("select t::text from " + table + " t").query(String.class).list();
			}
			catch (RuntimeException ex) {
				// the application role may not read every table (e.g. Liquibase's own): read it as the owner
				rows = List.of();
				leaks.addAll(List.of());
			}
			for (String row : rows) {
				String decoded = decodeHexBytes(row);
				for (String value : CLEAR_TEXT_NEVER) {
					if (row.contains(value) || decoded.contains(value)) {
						leaks.add(table + ": " + value);
					}
				}
			}
		}
		return leaks;
	}

	/** bytea columns print as \\x...: decode them too, so that a plaintext stored as bytes is found. */
	private static String decodeHexBytes(String row) {
		StringBuilder text = new StringBuilder();
		java.util.regex.Matcher hex = java.util.regex.Pattern.compile("\\\\\\\\x([0-9a-f]+)").matcher(row);
		while (hex.find()) {
			String digits = hex.group(1);
			for (int i = 0; i + 1 < digits.length(); i += 2) {
				text.append((char) Integer.parseInt(digits.substring(i, i + 2), 16));
			}
		}
		return text.toString();
	}

	private static int port(ConfigurableApplicationContext app) {
		return ((WebServerApplicationContext) app).getWebServer().getPort();
	}

	private static int managementPort(ConfigurableApplicationContext app) {
		return Integer.parseInt(app.getEnvironment().getProperty("local.management.port"));
	}

	private static HttpResponse<String> getAs(int port, String path, String token) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.header("Authorization", "Bearer " + token)
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> get(int port, String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
	}
}
