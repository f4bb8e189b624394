package org.carnet.security;

import java.util.List;
import java.util.Map;

import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers.SignedIn;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Records the security tests start from, made through the API as a clinician would. */
final class SecurityFixtures {

	static final String REGISTER = """
			mutation Register($input: RegisterPersonInput!) {
			  registerPerson(input: $input) { personId phrNumber activationCode }
			}""";

	private SecurityFixtures() {
	}

	/** Registers a person with this home country; answers the registration payload. */
	static JsonNode registration(GraphQlRequests graphql, SignedIn clinician, String home) {
		Map<String, Object> input = new java.util.HashMap<>();
		input.put("homeJurisdiction", home);
		input.put("identity", Map.of("givenNames", "Amal", "familyName", "Darwish", "dateOfBirth", "1990-05-17",
				"sex", "FEMALE", "nationality", "SY", "languages", List.of("ar", "fr")));
		JsonNode answer = graphql.execute(clinician.token(), REGISTER, Map.of("input", input));
		assertThat(answer.has("errors")).as(answer.toString()).isFalse();
		return answer.at("/data/registerPerson");
	}

	static String register(GraphQlRequests graphql, SignedIn clinician, String home) {
		return registration(graphql, clinician, home).get("personId").asString();
	}

	static void addAllergy(GraphQlRequests graphql, SignedIn clinician, String personId, String substance) {
		JsonNode added = graphql.execute(clinician.token(),
				"mutation AddAllergy($p: ID!, $s: String!) { addAllergy(personId: $p, input: {substance: $s}) { id } }",
				Map.of("p", personId, "s", substance));
		assertThat(added.has("errors")).as(added.toString()).isFalse();
	}
}
