package org.carnet.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.carnet.CarnetApplication;
import org.carnet.identity.Accounts;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.cache.DefaultCacheAwareContextLoaderDelegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14, item 2: with {@code carnet.log-format=ecs} every line Carnet writes is one JSON object (Elastic Common
 * Schema) that a log collector can parse, and none names a person or holds a health value, through a registration,
 * a read, an emergency access with its justification and a failed sign-in (an application of its own, since the
 * format is chosen at start).
 */
@ExtendWith(OutputCaptureExtension.class)
class JsonLogSecurityTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String GIVEN_NAMES = "Oriane";

	private static final String FAMILY_NAME = "Kabongo-Lefebvre";

	private static final String SUBSTANCE = "Carbamazepine";

	private static final String JUSTIFICATION = "Seizure in the waiting room, no history available to the team";

	@TempDir
	Path dataDir;

	/**
	 * The JVM's logging is set up by the first application started in it and kept while that one runs: the test
	 * applications other classes left cached in this JVM are closed first, or this one would write their format.
	 */
	@BeforeAll
	static void noOtherApplicationRunsInThisJvm() {
		new DefaultCacheAwareContextLoaderDelegate() {
			{
				getContextCache().clear();
			}
		};
		LoggingSystem.get(JsonLogSecurityTests.class.getClassLoader()).cleanUp();
		System.getProperties()
			.stringPropertyNames()
			.stream()
			.filter(name -> name.startsWith("CONSOLE_LOG") || name.startsWith("FILE_LOG") || name.startsWith("LOG_"))
			.forEach(System::clearProperty);
	}

	@Test
	void everyLineIsJsonAndNoneNamesAPersonOrHoldsAHealthValue(CapturedOutput output) throws Exception {
		String phrNumber;
		String log;
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CarnetApplication.class)
			.profiles("test")
			.run("--carnet.data-dir=" + dataDir, "--server.port=0", "--carnet.log-format=ecs",
					"--logging.level.root=info", "--logging.level.org.carnet=info")) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			GraphQlRequests graphql = new GraphQlRequests(port);
			TestUsers users = new TestUsers(app.getBean(Accounts.class), port);
			SignedIn registering = users.clinician("GR");
			SignedIn stranger = users.clinician("DE");
			Map<String, Object> input = Map.of("homeJurisdiction", "GR", "identity", Map.of("givenNames", GIVEN_NAMES,
					"familyName", FAMILY_NAME, "dateOfBirth", "1979-11-02", "sex", "FEMALE", "nationality", "CD",
					"languages", List.of("fr")));
			JsonNode registration = graphql.execute(registering.token(), SecurityFixtures.REGISTER,
					Map.of("input", input));
			String personId = registration.at("/data/registerPerson/personId").asString();
			phrNumber = registration.at("/data/registerPerson/phrNumber").asString();
			SecurityFixtures.addAllergy(graphql, registering, personId, SUBSTANCE);
			JsonNode read = graphql.execute(registering.token(),
					"query($id: ID!) { person(id: $id, purpose: TREATMENT) { allergies { substance } } }",
					Map.of("id", personId));
			JsonNode opened = graphql.execute(stranger.token(),
					"mutation($p: ID!, $j: String!) { breakGlass(personId: $p, justification: $j) { expiresAt } }",
					Map.of("p", personId, "j", JUSTIFICATION));
			assertThatThrownBy(() -> new Tokens(port).login(registering.username(), "not " + TestUsers.PASSWORD))
				.hasMessageContaining("Sign-in refused");
			HttpResponse<String> notFound = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/portal/" + FAMILY_NAME)).GET()
					.build(), HttpResponse.BodyHandlers.ofString());

			assertThat(read.at("/data/person/allergies/0/substance").asString()).isEqualTo(SUBSTANCE);
			assertThat(opened.has("errors")).as(opened.toString()).isFalse();
			assertThat(notFound.statusCode()).isNotEqualTo(200);
			// what was written while this application ran: once it closes, the JVM's logging is reset, and lines of
			// other applications' threads are written in the default format
			log = output.getOut();
		}

		List<String> lines = log.lines().filter(line -> !line.isBlank()).toList();
		assertThat(lines).as("log lines").hasSizeGreaterThan(10);
		assertThat(lines).as("lines that are not one JSON object with a time and a message")
			.filteredOn(line -> !isLogEntry(line))
			.isEmpty();
		assertThat(lines).as("lines of Carnet's own loggers")
			.anyMatch(line -> line.contains("org.carnet."));
		for (String personal : List.of(GIVEN_NAMES, FAMILY_NAME, phrNumber, SUBSTANCE, JUSTIFICATION)) {
			assertThat(log).as("the log names " + personal).doesNotContainIgnoringCase(personal);
		}
	}

	private static boolean isLogEntry(String line) {
		try {
			JsonNode entry = JSON.readTree(line);
			return entry.isObject() && entry.has("@timestamp") && entry.has("message");
		}
		catch (RuntimeException ex) {
			return false;
		}
	}
}
