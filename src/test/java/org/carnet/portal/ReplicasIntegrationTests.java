package org.carnet.portal;

import java.io.IOException;
import java.io.Reader;
import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.carnet.CarnetApplication;
import org.carnet.consent.ConsentGrant;
import org.carnet.consent.GrantOrigin;
import org.carnet.consent.Grantee;
import org.carnet.consent.Grants;
import org.carnet.core.Category;
import org.carnet.identity.Accounts;
import org.carnet.record.Records;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas of Carnet on one PostgreSQL behave as one service: two application contexts, the second connected to
 * the first one's embedded database (the first connects as the application role, the second as the schema owner)
 * and sharing its keys, like two pods behind a load balancer. A browser signed in through one is signed in on the other and
 * signed out on both; a form sent to both acts once; the look-up rate and the sessions per account are counted
 * over both.
 */
class ReplicasIntegrationTests {

	private static final Pattern GRANT_FORM_TOKEN = Pattern
		.compile("id=\"grant-form\".*?name=\"_form\" value=\"([^\"]+)\"", Pattern.DOTALL);

	private static final int LOOKUP_BURST = 3;

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	private static int portA;

	private static int portB;

	private static PortalTestData data;

	private static JdbcClient jdbc;

	@BeforeAll
	static void startTwoReplicas() throws Exception {
		Path dataDir = Path.of("target/test-data/replicas-" + UUID.randomUUID()).toAbsolutePath();
		List<String> shared = List.of("--carnet.data-dir=" + dataDir, "--server.port=0",
				"--carnet.identity.portal.client-secret=" + UUID.randomUUID(),
				"--carnet.graphql.lookups.max-per-request=" + LOOKUP_BURST,
				"--carnet.graphql.lookups.burst=" + LOOKUP_BURST, "--carnet.graphql.lookups.per-minute=1");
		first = start(shared);
		DataSource database = first.getBean(DataSource.class);
		String url;
		try (Connection connection = database.getConnection()) {
			url = connection.getMetaData().getURL();
		}
		Properties passwords = new Properties();
		try (Reader reader = Files.newBufferedReader(dataDir.resolve("postgres-passwords.properties"),
				StandardCharsets.UTF_8)) {
			passwords.load(reader);
		}
		List<String> external = new ArrayList<>(shared);
		// As the schema owner, the way an external server is configured with one user: its migrations find
		// everything applied; the first replica shows that the application role may use the new tables.
		external.addAll(List.of("--spring.datasource.url=" + url, "--spring.datasource.username=carnet_owner",
				"--spring.datasource.password=" + passwords.getProperty("carnet_owner").trim()));
		second = start(external);
		portA = port(first);
		portB = port(second);
		jdbc = JdbcClient.create(database);
		data = new PortalTestData(first.getBean(Accounts.class), first.getBean(Records.class),
				first.getBean(Grants.class));
	}

	@AfterAll
	static void stop() {
		if (second != null) {
			second.close();
		}
		if (first != null) {
			first.close();
		}
	}

	@Test
	void aBrowserSignedInThroughOneReplicaIsSignedInOnTheOtherAndSignedOutOnBoth() {
		PortalSession onA = new PortalSession(portA);
		onA.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		PortalSession onB = onA.on(portB);

		HttpResponse<String> record = onB.get("/portal/my/record");
		assertThat(record.statusCode()).as("the record page, served by the other replica").isEqualTo(200);
		assertThat(record.body()).contains(PortalTestData.ALLERGY).contains("/portal/logout");

		HttpResponse<String> signedOut = onB.post("/portal/logout", Map.of());
		assertThat(signedOut.statusCode()).isEqualTo(302);
		HttpResponse<String> afterwards = onA.get("/portal/my/record");
		assertThat(afterwards.statusCode()).as("the first replica no longer knows the session").isEqualTo(302);
		assertThat(PortalSession.location(afterwards)).doesNotContain("/portal/my");
	}

	@Test
	void aSignedInSessionIsSmallAndHoldsNeitherTheClientSecretNorATypedPassword() {
		PortalSession browser = new PortalSession(portA);
		HttpResponse<String> form = browser.get("/login");
		assertThat(form.statusCode()).isEqualTo(200);
		String typo = "typo-" + UUID.randomUUID();
		HttpResponse<String> wrong = browser.post("/login", Map.of("username", data.mediator, "password", typo));
		assertThat(PortalSession.location(wrong)).endsWith("/login?error");
		assertThat(stored("%" + typo + "%")).as("sessions holding the typed password").isZero();

		browser.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		String secret = first.getEnvironment().getProperty("carnet.identity.portal.client-secret");
		assertThat(stored("%" + secret + "%")).as("sessions holding the portal's client secret").isZero();
		long bytes = jdbc.sql("select coalesce(sum(octet_length(a.attribute_bytes)), 0) from spring_session s "
				+ "join spring_session_attributes a on a.session_primary_id = s.primary_id where s.session_id = ?")
			.param(sessionId(browser))
			.query(Long.class)
			.single();
		System.out.println("A signed-in portal session, stored: " + bytes + " bytes");
		assertThat(bytes).as("a signed-in portal session, stored").isPositive().isLessThan(16 * 1024);
	}

	@Test
	void aFormSentToBothReplicasAtOnceActsOnceAndBothAnswerWithTheFirstOutcome() throws Exception {
		PortalSession onA = new PortalSession(portA);
		onA.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		List<Map.Entry<String, String>> form = grantForm("ALLERGIES", grantFormToken(onA));
		PortalSession onB = onA.on(portB);

		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<HttpResponse<String>>> twins = new ArrayList<>();
		for (PortalSession replica : List.of(onA, onB)) {
			twins.add(CompletableFuture.supplyAsync(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return replica.post("/portal/my/consents", form);
			}));
		}
		start.countDown();
		for (CompletableFuture<HttpResponse<String>> twin : twins) {
			HttpResponse<String> answer = twin.get();
			assertThat(answer.statusCode()).isEqualTo(302);
			assertThat(PortalSession.location(answer)).endsWith("/portal/my/consents");
		}
		assertThat(grantsToWeber(Category.ALLERGIES)).hasSize(1);
	}

	@Test
	void aFormSentAgainToTheOtherReplicaShowsTheFirstOutcomeAndGrantsOnce() {
		PortalSession onA = new PortalSession(portA);
		onA.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		List<Map.Entry<String, String>> form = grantForm("VACCINATIONS", grantFormToken(onA));
		HttpResponse<String> firstAnswer = onA.post("/portal/my/consents", form);
		assertThat(firstAnswer.statusCode()).isEqualTo(302);

		PortalSession onB = onA.on(portB);
		HttpResponse<String> again = onB.post("/portal/my/consents", form);
		assertThat(again.statusCode()).isEqualTo(302);
		assertThat(PortalSession.location(again)).isEqualTo(PortalSession.location(firstAnswer));
		assertThat(onB.follow(again).body().replace("\u2068", "").replace("\u2069", ""))
			.contains("Done. Dr Jonas Weber (Germany) can see and add to your vaccinations");
		assertThat(grantsToWeber(Category.VACCINATIONS)).hasSize(1);
	}

	@Test
	void theLookUpRateIsCountedOverBothReplicas() {
		String query = "query ById($id: ID!) { person(id: $id, purpose: TREATMENT) { id } }";
		Map<String, Object> amina = Map.of("id", data.aminaId().value().toString());
		String onA = new Tokens(portA).login(data.nikolaou, PortalTestData.PASSWORD);
		String onB = new Tokens(portB).login(data.nikolaou, PortalTestData.PASSWORD);
		GraphQlRequests a = new GraphQlRequests(portA);
		GraphQlRequests b = new GraphQlRequests(portB);
		for (int i = 0; i < LOOKUP_BURST - 1; i++) {
			assertThat(a.post(onA, query, amina).body()).doesNotContain("TOO_MANY_REQUESTS");
		}
		assertThat(b.post(onB, query, amina).body()).as("the last of the burst, on the other replica")
			.doesNotContain("TOO_MANY_REQUESTS");

		for (HttpResponse<String> refused : List.of(b.post(onB, query, amina), a.post(onA, query, amina))) {
			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(refused.body()).contains("\"classification\":\"TOO_MANY_REQUESTS\"");
		}
	}

	@Test
	void signingInBeyondTheSessionsAllowedPerAccountEndsTheLeastRecentlyUsedOnEveryReplica() {
		List<PortalSession> browsers = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			PortalSession browser = new PortalSession(i % 2 == 0 ? portA : portB);
			browser.signIn(data.weber, PortalTestData.PASSWORD, "/portal/clinician");
			browsers.add(browser);
		}
		// the first is used again (on the other replica): the second is now the least recently used
		assertThat(browsers.get(0).on(portB).get("/portal/clinician").statusCode()).isEqualTo(200);
		PortalSession sixth = new PortalSession(portB);
		sixth.signIn(data.weber, PortalTestData.PASSWORD, "/portal/clinician");

		PortalSession leastRecent = browsers.get(1);
		assertThat(leastRecent.get("/portal/clinician").statusCode()).as("the least recently used, ended")
			.isEqualTo(302);
		assertThat(leastRecent.on(portA).get("/portal/clinician").statusCode()).isEqualTo(302);
		for (PortalSession open : List.of(browsers.get(0), browsers.get(2), browsers.get(3), browsers.get(4), sixth)) {
			assertThat(open.on(portA).get("/portal/clinician").statusCode()).isEqualTo(200);
		}
	}

	private static long stored(String like) {
		return jdbc.sql("select count(*) from spring_session_attributes where encode(attribute_bytes, 'escape') like ?")
			.param(like)
			.query(Long.class)
			.single();
	}

	/** The session id the browser's cookie carries (Spring Session writes it base64-encoded). */
	private static String sessionId(PortalSession browser) {
		HttpCookie cookie = browser.cookie("JSESSIONID").orElseThrow();
		return new String(Base64.getDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8);
	}

	private static String grantFormToken(PortalSession amina) {
		String page = amina.get("/portal/my/consents/new?kind=USER&value=" + data.weber).body();
		Matcher token = GRANT_FORM_TOKEN.matcher(page);
		assertThat(token.find()).as("the grant form carries its token").isTrue();
		return token.group(1);
	}

	private static List<Map.Entry<String, String>> grantForm(String category, String token) {
		return List.of(Map.entry("granteeKind", "USER"), Map.entry("granteeValue", data.weber),
				Map.entry("country", "DE"), Map.entry("access", "READ_WRITE"), Map.entry("purposes", "TREATMENT"),
				Map.entry("days", "7"), Map.entry(FormSubmissions.FIELD, token), Map.entry("categories", category));
	}

	private static List<ConsentGrant> grantsToWeber(Category category) {
		return first.getBean(Grants.class)
			.history(data.aminaId())
			.stream()
			.filter(g -> g.origin() == GrantOrigin.PERSON && g.grantee().equals(Grantee.user(data.weber)))
			.filter(g -> g.categories().contains(category))
			.toList();
	}

	private static ConfigurableApplicationContext start(List<String> arguments) throws IOException {
		return new SpringApplicationBuilder(CarnetApplication.class).profiles("test")
			.run(arguments.toArray(String[]::new));
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}
}
