package org.carnet.bench;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.identity.NewUser;
import org.carnet.record.Records;
import org.carnet.record.Registration;
import org.carnet.record.content.IdentityDetails;
import org.carnet.testing.TestUsers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The FHIR facade's scenarios: {@code fhir}, the International Patient Summary of a whole record (about 40 entries)
 * read by the clinician of scenario (a), to set against (a), the same record through GraphQL; and {@code import}, the
 * summary of one record imported into a record that does not hold it yet, so that every import writes every entry.
 */
final class FhirScenarios {

	/** Registers the import targets; not the seeding registrar, so that they never count as seeded persons. */
	static final String IMPORTER = "bench.importer";

	private static final byte[] NO_BODY = new byte[0];

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final GraphQlClient client;

	private final List<PersonId> persons;

	private final String readerToken;

	private final List<PersonId> targets = new ArrayList<>();

	private final AtomicInteger nextTarget = new AtomicInteger();

	private byte[] bundle;

	private String importerToken;

	FhirScenarios(GraphQlClient client, List<PersonId> persons, String readerToken) {
		this.client = client;
		this.persons = persons;
		this.readerToken = readerToken;
	}

	/** {@code fhir}: the summary of a random record, in JSON. */
	Load.Operation summary() {
		return i -> {
			PersonId person = persons.get(ThreadLocalRandom.current().nextInt(persons.size()));
			GraphQlClient.Answer answer = client.send("GET", "/fhir/Patient/" + person + "/$summary", null,
					"application/fhir+json", readerToken, NO_BODY);
			return answer.status() == 200 && answer.body().startsWith("{\"resourceType\":\"Bundle\"") ? null
					: "HTTP " + answer.status() + ": " + answer.body();
		};
	}

	/**
	 * Setup of {@code import}: the summary of the first seeded record, and {@code count} new records with the same
	 * identity (so that the document's Patient matches), registered by a clinician of their own.
	 */
	void prepareImports(Accounts accounts, BenchUsers users, Records records, int count) {
		accounts.createUserIfAbsent(NewUser.staff(IMPORTER, TestUsers.PASSWORD, IMPORTER, BenchUsers.ORGANISATION,
				Role.CLINICIAN));
		importerToken = users.token(IMPORTER);
		GraphQlClient.Answer summary = client.send("GET", "/fhir/Patient/" + persons.get(0) + "/$summary", null,
				"application/fhir+json", readerToken, NO_BODY);
		if (summary.status() != 200) {
			throw new IllegalStateException("$summary answered " + summary.status() + ": " + summary.body());
		}
		bundle = summary.body().getBytes(StandardCharsets.UTF_8);
		IdentityDetails identity = identityOf(summary.body());
		Requester importer = new Requester(IMPORTER, Set.of(Role.CLINICIAN), Optional.of(BenchUsers.ORGANISATION),
				Optional.of(Seeding.HOME), Optional.empty(), "bench");
		for (int i = 0; i < count; i++) {
			targets.add(records.register(Registration.by(importer, Seeding.HOME, identity,
					"bench", null)).id());
		}
		System.out.printf("import: a %d-byte summary, %d records to import it into%n", bundle.length, count);
	}

	/** The summary's Patient as an identity: the names and birth date the import matches. */
	private static IdentityDetails identityOf(String summary) {
		for (JsonNode entry : JSON.readTree(summary).get("entry")) {
			JsonNode resource = entry.get("resource");
			if (resource.get("resourceType").asString().equals("Patient")) {
				JsonNode name = resource.at("/name/0");
				return new IdentityDetails(name.at("/given/0").asString(), name.at("/family").asString(),
						LocalDate.parse(resource.at("/birthDate").asString()), null, null, null, null, null);
			}
		}
		throw new IllegalStateException("The summary holds no Patient");
	}

	/** {@code import}: the summary imported into the next record that does not hold it yet. */
	Load.Operation importSummary() {
		return i -> {
			int target = nextTarget.getAndIncrement();
			if (target >= targets.size()) {
				return "no record left to import into (" + targets.size() + " prepared)";
			}
			GraphQlClient.Answer answer = client.send("POST", "/fhir/Patient/" + targets.get(target) + "/$import",
					"application/fhir+json", "application/fhir+json", importerToken, bundle);
			return answer.status() == 200 && answer.body().contains("; 0 already imported; 0 resources not imported")
					? null : "HTTP " + answer.status() + ": " + answer.body();
		};
	}
}
