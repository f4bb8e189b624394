package org.carnet.graphql;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.mock.http.MockHttpOutputMessage;

import static org.assertj.core.api.Assertions.assertThat;

/** The answer's JSON is byte for byte what Jackson's own serializers write for the same map. */
class AnswerJsonTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void anAnswerIsWrittenAsJacksonWritesItInOrderWithItsNulls() throws Exception {
		Map<String, Object> identity = new LinkedHashMap<>();
		identity.put("givenNames", "أمينة");
		identity.put("familyName", "Ḥaddād \"the\" <smith>\\\n\t\u0001");
		identity.put("dateOfBirth", null);
		identity.put("dateOfBirthEstimated", true);
		identity.put("languages", List.of("ar", "fr"));
		List<Object> allergies = new ArrayList<>();
		allergies.add(Map.of("substance", "Penicillin"));
		allergies.add(null);
		Map<String, Object> person = new LinkedHashMap<>();
		person.put("id", "a3c1");
		person.put("identity", identity);
		person.put("allergies", allergies);
		person.put("score", 27);
		person.put("total", 9_000_000_000L);
		person.put("value", 36.6d);
		person.put("exact", new BigDecimal("0.10"));
		person.put("empty", List.of());
		person.put("nothing", Map.of());
		person.put("other", LocalDate.of(2026, 12, 5).getYear());
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", "Consent required (ALLERGIES)");
		error.put("path", List.of("person", "allergies", 0));
		error.put("extensions", Map.of("classification", "CONSENT_REQUIRED"));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("errors", List.of(error));
		answer.put("data", Map.of("person", person));

		MockHttpOutputMessage output = new MockHttpOutputMessage();
		new AnswerJson(mapper).write(answer, MediaType.APPLICATION_GRAPHQL_RESPONSE, output);

		assertThat(output.getBodyAsString(StandardCharsets.UTF_8)).isEqualTo(mapper.writeValueAsString(answer));
		assertThat(output.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_GRAPHQL_RESPONSE);
	}

	@Test
	void anythingButAMapIsLeftToJackson() throws Exception {
		record Other(String name, int count) {
		}
		MockHttpOutputMessage output = new MockHttpOutputMessage();
		new AnswerJson(mapper).write(new Other("x", 2), MediaType.APPLICATION_JSON, output);

		assertThat(mapper.readTree(output.getBodyAsString(StandardCharsets.UTF_8)))
			.isEqualTo(mapper.readTree("{\"name\":\"x\",\"count\":2}"));
	}

	@Test
	void anObjectCompletedInOnePassIsWrittenAndReadAsTheMapGraphqlJavaWouldHaveBuilt() throws Exception {
		Map<String, Object> recorded = new LinkedHashMap<>();
		recorded.put("by", "clinician-1");
		recorded.put("country", null);
		Map<String, Object> allergy = new LinkedHashMap<>();
		allergy.put("substance", "البنسلين \"x\"");
		allergy.put("severity", null);
		allergy.put("recorded", recorded);
		allergy.put("tags", List.of("a", "b"));
		AnswerObject onePass = new AnswerObject(new String[] { "substance", "severity", "recorded", "tags" },
				new Object[] { allergy.get("substance"), null,
						new AnswerObject(new String[] { "by", "country" }, new Object[] { "clinician-1", null }),
						List.of("a", "b") });

		// equal both ways, same order, same look-ups; and never changed afterwards
		assertThat(onePass).isEqualTo(allergy).hasSameHashCodeAs(allergy);
		assertThat(allergy).isEqualTo(onePass);
		assertThat(onePass.keySet()).containsExactly("substance", "severity", "recorded", "tags");
		assertThat(onePass.get("recorded")).isEqualTo(recorded);
		assertThat(onePass.containsKey("severity")).isTrue();
		assertThat(onePass.get("severity")).isNull();
		assertThat(onePass.containsKey("absent")).isFalse();
		assertThat(onePass.get(null)).isNull();
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> onePass.put("severity", "MILD"))
			.isInstanceOf(UnsupportedOperationException.class);

		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("data", Map.of("allergies", List.of(onePass, onePass)));
		Map<String, Object> built = new LinkedHashMap<>();
		built.put("data", Map.of("allergies", List.of(allergy, allergy)));
		MockHttpOutputMessage output = new MockHttpOutputMessage();
		new AnswerJson(mapper).write(answer, MediaType.APPLICATION_GRAPHQL_RESPONSE, output);

		assertThat(output.getBodyAsString(StandardCharsets.UTF_8)).isEqualTo(mapper.writeValueAsString(built))
			.isEqualTo(mapper.writeValueAsString(answer));
	}
}
