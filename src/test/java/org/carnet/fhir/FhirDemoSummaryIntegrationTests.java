package org.carnet.fhir;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import ca.uhn.fhir.context.FhirContext;
import org.carnet.testing.Documents;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers.SignedIn;
import org.carnet.testing.Tokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The summary of amina's demo record, as each demo user gets it: a valid FHIR document (JSON and XML) holding the
 * categories, and only those, that the same user's GraphQL read serves; the auditor is refused as by GraphQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "carnet.demo.statistics-persons=0")
@ActiveProfiles({ "test", "demo" })
class FhirDemoSummaryIntegrationTests {

	/** The GraphQL fields of a record and their categories (bloodGroup is a second VITALS field). */
	static final Map<String, String> CATEGORIES = Map.ofEntries(Map.entry("identity", "IDENTITY"),
			Map.entry("allergies", "ALLERGIES"), Map.entry("medications", "MEDICATIONS"),
			Map.entry("conditions", "CONDITIONS"), Map.entry("vaccinations", "VACCINATIONS"),
			Map.entry("infectiousDiseases", "INFECTIOUS_DISEASES"), Map.entry("mentalHealth", "MENTAL_HEALTH"),
			Map.entry("reproductiveHealth", "REPRODUCTIVE_HEALTH"), Map.entry("vitals", "VITALS"),
			Map.entry("bloodGroup", "VITALS"), Map.entry("labResults", "LAB_RESULTS"),
			Map.entry("encounters", "ENCOUNTERS"));

	@LocalServerPort
	int port;

	@Autowired
	FhirContext fhir;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Environment environment;

	FhirSummaries summaries;

	GraphQlRequests graphql;

	String amina;

	@BeforeEach
	void aminasRecord() {
		summaries = new FhirSummaries(port, fhir);
		graphql = new GraphQlRequests(port);
		amina = jdbc.sql("select person_id::text from users where username = 'amina'").query(String.class).single();
	}

	@Test
	void eachDemoUserGetsAValidSummaryOfWhatGraphQlServesThem() {
		assertSameCategories("dr.nikolaou", "TREATMENT", 9);
		assertSameCategories("dr.weber", "TREATMENT", 0);
		assertSameCategories("sara.mediator", "CARE_COORDINATION", 2);
		assertSameCategories("amina", "TREATMENT", 11);

		SignedIn auditor = login("ines.auditor");
		HttpResponse<String> refused = summaries.get(auditor.token(), amina, null, FhirSummaries.FHIR_JSON);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).doesNotContain("Haddad", "Penicillin");
	}

	private void assertSameCategories(String user, String purpose, int atLeast) {
		SignedIn requester = login(user);
		JsonNode read = graphql.execute(requester.token(), Documents.PERSON, Map.of("id", amina, "purpose", purpose));
		Set<String> served = new TreeSet<>();
		CATEGORIES.forEach((field, category) -> {
			JsonNode value = read.at("/data/person/" + field);
			if (!value.isMissingNode() && !value.isNull() && !(value.isArray() && value.isEmpty())) {
				served.add(category);
			}
		});
		assertThat(served).as("%s's GraphQL read", user).hasSizeGreaterThanOrEqualTo(atLeast);
		for (String format : new String[] { FhirSummaries.FHIR_JSON, FhirSummaries.FHIR_XML }) {
			HttpResponse<String> response = summaries.get(requester.token(), amina, "purpose=" + purpose, format);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			Bundle bundle = (Bundle) summaries.parseAndValidate(response.body(), format);
			assertThat(categories(bundle)).as("%s's summary in %s", user, format).isEqualTo(served);
		}
	}

	/** The categories a document shows, told from its resources and the sections they are in. */
	private static Set<String> categories(Bundle bundle) {
		Composition composition = (Composition) bundle.getEntryFirstRep().getResource();
		Set<String> pregnancy = new TreeSet<>();
		composition.getSection()
			.stream()
			.filter(section -> section.getCode().getCodingFirstRep().getCode().equals("10162-6"))
			.forEach(section -> section.getEntry().stream().map(Reference::getReference).forEach(pregnancy::add));
		Set<String> categories = new TreeSet<>();
		bundle.getEntry().forEach(entry -> {
			Resource resource = entry.getResource();
			String category = switch (resource.fhirType()) {
				// a coarse identity (sara's, a mediator's default) has no name but its sex and year of birth
				case "Patient" -> ((Patient) resource).hasName() || ((Patient) resource).hasGender()
						|| ((Patient) resource).hasBirthDate() ? "IDENTITY" : null;
				case "AllergyIntolerance" -> "ALLERGIES";
				case "MedicationStatement" -> "MEDICATIONS";
				case "Condition" -> "CONDITIONS";
				case "Immunization" -> "VACCINATIONS";
				case "Encounter", "ServiceRequest" -> "ENCOUNTERS";
				case "Observation" -> pregnancy.contains(entry.getFullUrl()) ? "REPRODUCTIVE_HEALTH"
						: observation((Observation) resource);
				default -> null;
			};
			if (category != null) {
				categories.add(category);
			}
		});
		return categories;
	}

	private static String observation(Observation observation) {
		String category = observation.getCategoryFirstRep().getCodingFirstRep().getCode();
		if ("vital-signs".equals(category) || "exam".equals(category)
				|| "882-1".equals(observation.getCode().getCodingFirstRep().getCode())) {
			return "VITALS";
		}
		if ("survey".equals(category)) {
			return "MENTAL_HEALTH";
		}
		return observation.getCode().getText().endsWith(" screening") ? "INFECTIOUS_DISEASES" : "LAB_RESULTS";
	}

	private SignedIn login(String user) {
		return new SignedIn(user,
				new Tokens(port).login(user, environment.getProperty("carnet.demo.passwords." + user)));
	}
}
