package org.carnet.graphql;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.StatementCounter;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The record through the real GraphQL endpoint, with real tokens, from each role's point of view. */
@CarnetIntegrationTest
public class RecordGraphQlTests {

	public static final String REGISTER = """
			mutation Register($input: RegisterPersonInput!) {
			  registerPerson(input: $input) {
			    personId phrNumber activationCode
			    person { homeJurisdiction identity { givenNames familyName dateOfBirth nationality languages
			      recorded { by country source } } }
			  }
			}""";

	public static final String ADD_ALLERGY = """
			mutation Add($personId: ID!, $input: AllergyInput!) {
			  addAllergy(personId: $personId, input: $input) {
			    id substance severity recorded { by country source }
			  }
			}""";

	static final String READ = """
			query Read($id: ID!) {
			  person(id: $id, purpose: TREATMENT) {
			    id phrNumber homeJurisdiction
			    identity { givenNames }
			    allergies { id substance reaction severity status notedOn supersedes recorded { at by country source } }
			    medications { name } conditions { description icd10Code } vaccinations { vaccine date country }
			    infectiousDiseases { disease result } mentalHealth { instrument score } reproductiveHealth { kind }
			    vitals { kind value unit } bloodGroup { group } labResults { test value }
			    encounters { place referrals { to urgency } }
			  }
			}""";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	StatementCounter statements;

	GraphQlRequests graphql;

	TestUsers users;

	@BeforeEach
	void setUp() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
	}

	@Test
	void clinicianRegistersAPersonAndReadsTheRecordBack() {
		SignedIn clinician = users.clinician("GR");

		JsonNode registered = graphql.execute(clinician.token(), REGISTER, Map.of("input", registration("GR")));

		assertThat(registered.has("errors")).as(registered.toString()).isFalse();
		JsonNode payload = registered.at("/data/registerPerson");
		assertThat(payload.at("/phrNumber").asString()).matches("CAR-[0-9A-Z]{4}-[0-9A-Z]{4}");
		assertThat(payload.at("/activationCode").asString()).isNotBlank();
		assertThat(payload.at("/person/homeJurisdiction").asString()).isEqualTo("GR");
		assertThat(payload.at("/person/identity/givenNames").asString()).isEqualTo("Amal");
		assertThat(payload.at("/person/identity/dateOfBirth").asString()).isEqualTo("1990-05-17");
		assertThat(payload.at("/person/identity/languages/0").asString()).isEqualTo("ar");
		assertThat(payload.at("/person/identity/recorded/by").asString()).isEqualTo(clinician.username());
		assertThat(payload.at("/person/identity/recorded/country").asString()).isEqualTo("GR");

		String personId = payload.at("/personId").asString();
		JsonNode added = graphql.execute(clinician.token(), ADD_ALLERGY,
				Map.of("personId", personId, "input", Map.of("substance", "Penicillin", "severity", "SEVERE")));
		assertThat(added.at("/data/addAllergy/substance").asString()).isEqualTo("Penicillin");
		assertThat(added.at("/data/addAllergy/recorded/source").asString()).isEqualTo("CLINICIAN");

		JsonNode read = graphql.execute(clinician.token(), READ, Map.of("id", personId));
		assertThat(read.has("errors")).as(read.toString()).isFalse();
		assertThat(read.at("/data/person/allergies/0/substance").asString()).isEqualTo("Penicillin");
		assertThat(read.at("/data/person/allergies/0/severity").asString()).isEqualTo("SEVERE");
		assertThat(read.at("/data/person/mentalHealth").isEmpty()).isTrue();

		JsonNode byPhr = graphql.execute(clinician.token(),
				"query($phr: String!) { personByPhrNumber(phrNumber: $phr, purpose: TREATMENT) { id } }",
				Map.of("phr", payload.at("/phrNumber").asString().toLowerCase().replace("-", " ")));
		assertThat(byPhr.at("/data/personByPhrNumber/id").asString()).isEqualTo(personId);
	}

	@Test
	void correctionSupersedesAndTheRecordShowsOnlyTheCorrectedEntry() {
		SignedIn clinician = users.clinician("GR");
		String personId = register(clinician);
		String wrongId = graphql.execute(clinician.token(), ADD_ALLERGY,
				Map.of("personId", personId, "input", Map.of("substance", "Penicilin")))
			.at("/data/addAllergy/id")
			.asString();

		graphql.execute(clinician.token(), ADD_ALLERGY,
				Map.of("personId", personId, "input", Map.of("substance", "Penicillin", "supersedes", wrongId)));

		JsonNode allergies = graphql.execute(clinician.token(), READ, Map.of("id", personId))
			.at("/data/person/allergies");
		assertThat(allergies).hasSize(1);
		assertThat(allergies.get(0).at("/substance").asString()).isEqualTo("Penicillin");
		assertThat(allergies.get(0).at("/supersedes").asString()).isEqualTo(wrongId);
	}

	@Test
	void theRegisteredPersonReadsTheirWholeRecordAndWritesSelfReported() {
		SignedIn clinician = users.clinician("GR");
		String personId = register(clinician);
		SignedIn person = users.migrant(PersonId.parse(personId, "id"), Jurisdiction.of("GR"));

		JsonNode claimed = graphql.execute(person.token(), ADD_ALLERGY,
				Map.of("personId", personId, "input", Map.of("substance", "Dogs", "source", "CLINICIAN")));
		assertThat(claimed.at("/errors/0/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
		assertThat(claimed.at("/errors/0/extensions/field").asString()).isEqualTo("input.source");
		JsonNode added = graphql.execute(person.token(), ADD_ALLERGY,
				Map.of("personId", personId, "input", Map.of("substance", "Cats")));
		assertThat(added.at("/data/addAllergy/recorded/source").asString()).isEqualTo("SELF_REPORTED");

		JsonNode own = graphql.execute(person.token(), "{ myRecord { id identity { givenNames } allergies { substance } } }");
		assertThat(own.has("errors")).as(own.toString()).isFalse();
		assertThat(own.at("/data/myRecord/id").asString()).isEqualTo(personId);
		assertThat(own.at("/data/myRecord/allergies/0/substance").asString()).isEqualTo("Cats");
	}

	@Test
	void anotherClinicianWithoutConsentGetsEveryHealthFieldWithheldAndCannotWrite() {
		String personId = register(users.clinician("GR"));
		SignedIn stranger = users.clinician("DE");

		JsonNode read = graphql.execute(stranger.token(), READ, Map.of("id", personId));

		assertThat(read.at("/data/person/id").asString()).isEqualTo(personId);
		for (String field : List.of("identity", "allergies", "medications", "conditions", "vaccinations",
				"infectiousDiseases", "mentalHealth", "reproductiveHealth", "vitals", "bloodGroup", "labResults",
				"encounters")) {
			assertThat(read.at("/data/person/" + field).isNull()).as(field).isTrue();
		}
		assertThat(read.get("errors")).hasSize(12)
			.allSatisfy(error -> assertThat(error.at("/extensions/classification").asString())
				.isEqualTo("CONSENT_REQUIRED"));
		assertThat(read.toString()).doesNotContain("Amal", "Darwish");
		JsonNode write = graphql.execute(stranger.token(), ADD_ALLERGY,
				Map.of("personId", personId, "input", Map.of("substance", "Latex")));
		assertThat(write.at("/errors/0/extensions/classification").asString()).isEqualTo("CONSENT_REQUIRED");
		assertThat(write.at("/errors/0/extensions/category").asString()).isEqualTo("ALLERGIES");
	}

	@Test
	void anotherPersonIsRefused() {
		SignedIn clinician = users.clinician("GR");
		String one = register(clinician);
		String two = register(clinician);
		SignedIn personOne = users.migrant(PersonId.parse(one, "id"), Jurisdiction.of("GR"));

		JsonNode read = graphql.execute(personOne.token(), READ, Map.of("id", two));

		assertThat(read.at("/data/person").isNull()).isTrue();
		assertThat(read.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");
	}

	@Test
	void wrongRolesAreRefused() {
		String personId = register(users.clinician("GR"));
		for (SignedIn wrongRole : List.of(users.staff(Role.AUDITOR, "GR"), users.admin())) {
			JsonNode read = graphql.execute(wrongRole.token(), READ, Map.of("id", personId));
			assertThat(read.at("/data/person").isNull()).isTrue();
			assertThat(read.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");

			JsonNode register = graphql.execute(wrongRole.token(), REGISTER, Map.of("input", registration("GR")));
			assertThat(register.at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");
		}
	}

	@Test
	void badInputNamesTheFieldAndWritesNothing() {
		SignedIn clinician = users.clinician("GR");
		String personId = register(clinician);
		long persons = count("persons");
		long keys = count("person_keys");
		long entries = count("entries");

		assertBadRequest(graphql.execute(clinician.token(), ADD_ALLERGY,
				Map.of("personId", personId, "input", Map.of("substance", "  "))), "input.substance");
		assertBadRequest(graphql.execute(clinician.token(), ADD_ALLERGY,
				Map.of("personId", personId, "input", Map.of("substance", "x".repeat(5000)))), "input.substance");
		assertBadRequest(graphql.execute(clinician.token(),
				"mutation($p: ID!) { addCondition(personId: $p, input: {description: \"Diabetes\", icd10Code: \"12X\"}) { id } }",
				Map.of("p", personId)), "input.icd10Code");
		Map<String, Object> unborn = registration("GR");
		unborn.put("identity", Map.of("givenNames", "Future", "dateOfBirth", "2999-01-01"));
		assertBadRequest(graphql.execute(clinician.token(), REGISTER, Map.of("input", unborn)),
				"input.identity.dateOfBirth");

		HttpResponse<String> unknownCountry = graphql.post(clinician.token(),
				"mutation { registerPerson(input: {homeJurisdiction: \"XX\", identity: {givenNames: \"A\"}}) { personId } }",
				Map.of());
		assertThat(unknownCountry.statusCode()).isEqualTo(400);
		assertThat(unknownCountry.body()).contains("input.homeJurisdiction")
			.contains("not an ISO 3166-1 alpha-2 country code");
		HttpResponse<String> malformedDate = graphql.post(clinician.token(),
				"mutation { registerPerson(input: {homeJurisdiction: \"GR\", identity: {givenNames: \"A\", dateOfBirth: \"17/05/1990\"}}) { personId } }",
				Map.of());
		assertThat(malformedDate.statusCode()).isEqualTo(400);
		assertThat(malformedDate.body()).contains("input.identity.dateOfBirth");

		assertThat(count("persons")).isEqualTo(persons);
		assertThat(count("person_keys")).isEqualTo(keys);
		assertThat(count("entries")).isEqualTo(entries);
	}

	@Test
	void aFullReadTouchesTheDatabaseTheSameNumberOfTimesForTenOrTwoHundredEntries() {
		SignedIn clinician = users.clinician("GR");
		String small = register(clinician);
		String large = register(clinician);
		addAllergies(clinician, small, 10);
		addAllergies(clinician, large, 200);
		graphql.execute(clinician.token(), READ, Map.of("id", small));
		graphql.execute(clinician.token(), READ, Map.of("id", large));

		long smallStatements = statementsFor(clinician, small);
		long largeStatements = statementsFor(clinician, large);

		assertThat(largeStatements).as("statements for a person with 200 entries").isEqualTo(smallStatements);
		assertThat(largeStatements).as("one per section, the person, the grants, the audit append").isLessThanOrEqualTo(20);
	}

	private long statementsFor(SignedIn clinician, String personId) {
		long before = statements.count();
		JsonNode read = graphql.execute(clinician.token(), READ, Map.of("id", personId));
		assertThat(read.has("errors")).as(read.toString()).isFalse();
		return statements.count() - before;
	}

	private void addAllergies(SignedIn clinician, String personId, int count) {
		for (int i = 0; i < count; i++) {
			graphql.execute(clinician.token(), ADD_ALLERGY,
					Map.of("personId", personId, "input", Map.of("substance", "Substance " + i)));
		}
	}

	private static void assertBadRequest(JsonNode response, String field) {
		assertThat(response.at("/errors/0/extensions/classification").asString()).as(response.toString())
			.isEqualTo("BAD_REQUEST");
		assertThat(response.at("/errors/0/message").asString()).startsWith(field + ":");
		assertThat(response.at("/errors/0/extensions/field").asString()).isEqualTo(field);
	}

	private String register(SignedIn clinician) {
		JsonNode response = graphql.execute(clinician.token(), REGISTER, Map.of("input", registration("GR")));
		assertThat(response.has("errors")).as(response.toString()).isFalse();
		return response.at("/data/registerPerson/personId").asString();
	}

	public static Map<String, Object> registration(String home) {
		Map<String, Object> input = new java.util.HashMap<>();
		input.put("homeJurisdiction", home);
		input.put("identity", Map.of("givenNames", "Amal", "familyName", "Darwish", "dateOfBirth", "1990-05-17",
				"sex", "FEMALE", "nationality", "SY", "languages", List.of("ar", "fr")));
		return input;
	}

	private long count(String table) {
		return jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}
}
