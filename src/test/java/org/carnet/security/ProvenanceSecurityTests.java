package org.carnet.security;

import java.util.HashMap;
import java.util.Map;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 11, item 9: an entry's source follows who writes it; IMPORTED only through an import. */
@CarnetIntegrationTest
class ProvenanceSecurityTests {

	static final String ADD = """
			mutation($p: ID!, $input: AllergyInput!) { addAllergy(personId: $p, input: $input) {
			  substance recorded { by source } } }""";

	static final String REGISTER = """
			mutation { registerPerson(input: {homeJurisdiction: "GR", identity: {givenNames: "Omar", familyName: "Aziz"}}) {
			  personId person { identity { recorded { source } } } } }""";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	GraphQlRequests graphql;

	TestUsers users;

	SignedIn clinician;

	String personId;

	@BeforeEach
	void aRegisteredPerson() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		clinician = users.clinician("GR");
		JsonNode registered = graphql.execute(clinician.token(), REGISTER);
		personId = registered.at("/data/registerPerson/personId").asString();
		assertThat(registered.at("/data/registerPerson/person/identity/recorded/source").asString())
			.isEqualTo("CLINICIAN");
	}

	@Test
	void aClinicianCannotRecordAnEntryAsSelfReportedOrImportedAndNothingIsStored() {
		for (String claimed : new String[] { "SELF_REPORTED", "IMPORTED" }) {
			JsonNode refused = add(clinician, "Latex", claimed);
			GranteeSecurityTests.assertRefused(refused, "input.source",
					claimed.equals("IMPORTED") ? "only by an import" : "CLINICIAN");
		}

		assertThat(entries()).isZero();
		assertThat(jdbc.sql("""
				select count(*) from access_events where person_id = ?::uuid and action = 'WRITE' and outcome = 'DENIED'
				  and home_jurisdiction = 'GR' and requester_subject = ?""")
			.params(personId, clinician.username())
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void aClinicianEntryIsClinicianRecordedWithOrWithoutTheFieldAndThePersonsOwnIsSelfReported() {
		assertThat(add(clinician, "Latex", null).at("/data/addAllergy/recorded/source").asString())
			.isEqualTo("CLINICIAN");
		assertThat(add(clinician, "Nuts", "CLINICIAN").at("/data/addAllergy/recorded/source").asString())
			.isEqualTo("CLINICIAN");
		SignedIn person = users.migrant(PersonId.parse(personId, "id"), Jurisdiction.of("GR"));
		GranteeSecurityTests.assertRefused(add(person, "Cats", "CLINICIAN"), "input.source", "SELF_REPORTED");
		GranteeSecurityTests.assertRefused(add(person, "Cats", "IMPORTED"), "input.source", "only by an import");
		assertThat(add(person, "Cats", null).at("/data/addAllergy/recorded/source").asString())
			.isEqualTo("SELF_REPORTED");
		assertThat(entries()).isEqualTo(3);
	}

	@Test
	void aMediatorsRegistrationRecordsWhatThePersonSaid() {
		SignedIn mediator = users.staff(Role.MEDIATOR, "GR");

		String registered = graphql.execute(mediator.token(), REGISTER).at("/data/registerPerson/personId").asString();

		JsonNode read = graphql.execute(mediator.token(),
				"query($id: ID!) { person(id: $id, purpose: CARE_COORDINATION) { identity { recorded { source } } } }",
				Map.of("id", registered));
		assertThat(read.at("/data/person/identity/recorded/source").asString()).as(read.toString())
			.isEqualTo("SELF_REPORTED");
	}

	private JsonNode add(SignedIn writer, String substance, String source) {
		Map<String, Object> input = new HashMap<>();
		input.put("substance", substance);
		if (source != null) {
			input.put("source", source);
		}
		return graphql.execute(writer.token(), ADD, Map.of("p", personId, "input", input));
	}

	/** Allergy entries of the person (the identity entry of the registration aside). */
	private long entries() {
		return jdbc.sql("select count(*) from entries where person_id = ?::uuid and section = 'ALLERGY'")
			.param(personId)
			.query(Long.class)
			.single();
	}
}
