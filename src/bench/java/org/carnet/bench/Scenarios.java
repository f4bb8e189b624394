package org.carnet.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.carnet.core.PersonId;
import org.carnet.keyring.PersonCipher;
import org.carnet.keyring.PersonKeys;
import org.carnet.testing.Documents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operations of the scenarios and baselines. Each returns null on success or what went wrong; a read succeeds
 * when it answers with data and exactly the CONSENT_REQUIRED errors its grants imply, and no other error.
 */
final class Scenarios {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Fields of the record withheld from the "half" clinician: five categories, one field each. */
	static final int HALF_WITHHELD_FIELDS = 5;

	/** Fields withheld under break-glass: all but identity, allergies, medications, conditions (bloodGroup too). */
	static final int BREAK_GLASS_WITHHELD_FIELDS = Documents.RECORD_FIELDS - 4;

	private final GraphQlClient client;

	private final List<PersonId> persons;

	private final Map<String, String> tokens;

	private final List<String> selfTokens;

	Scenarios(GraphQlClient client, List<PersonId> persons, Map<String, String> tokens, List<String> selfTokens) {
		this.client = client;
		this.persons = persons;
		this.tokens = tokens;
		this.selfTokens = selfTokens;
	}

	private PersonId randomPerson() {
		return persons.get(ThreadLocalRandom.current().nextInt(persons.size()));
	}

	private static String check(GraphQlClient.Answer answer, int consentErrors) {
		return answer.ok(consentErrors) ? null : "HTTP " + answer.status() + ": " + answer.body();
	}

	/** Baseline: the trivial authenticated query. */
	Load.Operation me() {
		String token = tokens.get(BenchUsers.FULL);
		return i -> check(client.post(token, Documents.ME, Map.of()), 0);
	}

	/** (a) A clinician reads a whole record, every category granted. */
	Load.Operation fullRead() {
		String token = tokens.get(BenchUsers.FULL);
		return i -> check(client.post(token, Documents.PERSON,
				Map.of("id", randomPerson().toString(), "purpose", "TREATMENT")), 0);
	}

	/** (b) A clinician reads a whole record, five of eleven categories withheld. */
	Load.Operation halfRead() {
		String token = tokens.get(BenchUsers.HALF);
		return i -> check(client.post(token, Documents.PERSON,
				Map.of("id", randomPerson().toString(), "purpose", "TREATMENT")), HALF_WITHHELD_FIELDS);
	}

	/** (c) A person reads their own record. */
	Load.Operation selfRead() {
		return i -> check(client.post(selfTokens.get(i % selfTokens.size()), Documents.MY_RECORD, Map.of()), 0);
	}

	/** (d) A clinician reads the records of {@code size} persons in one request. */
	Load.Operation list(int size, boolean listQuery) {
		String token = tokens.get(BenchUsers.FULL);
		String document = listQuery ? Documents.PERSONS : Documents.aliasedPersons(size);
		return i -> {
			Map<String, Object> variables = new LinkedHashMap<>();
			List<String> ids = new ArrayList<>();
			while (ids.size() < size) {
				String id = randomPerson().toString();
				if (!ids.contains(id)) {
					ids.add(id);
				}
			}
			if (listQuery) {
				variables.put("ids", ids);
				variables.put("purpose", "TREATMENT");
			}
			else {
				for (int k = 0; k < size; k++) {
					variables.put("id" + k, ids.get(k));
				}
			}
			GraphQlClient.Answer answer = client.post(token, document, variables);
			String failure = check(answer, 0);
			if (failure == null && answer.count("\"phrNumber\"") != size) {
				return "answered " + answer.count("\"phrNumber\"") + " persons instead of " + size;
			}
			return failure;
		};
	}

	/** Whether the schema has the list query {@code persons(ids, purpose)}. */
	boolean hasListQuery() {
		GraphQlClient.Answer answer = client.post(tokens.get(BenchUsers.FULL), Documents.PERSONS,
				Map.of("ids", List.of(persons.get(0).toString()), "purpose", "TREATMENT"));
		return answer.ok(0);
	}

	/** (e) A person grants consent to a clinician and revokes it. */
	Load.Operation grantRevoke() {
		return i -> {
			String token = selfTokens.get(i % selfTokens.size());
			GraphQlClient.Answer granted = client.post(token, Documents.GRANT, Map.of("input",
					Map.of("grantee", Map.of("kind", "USER", "value", BenchUsers.GRANTEE), "categories",
							List.of("ALLERGIES", "VACCINATIONS"), "purposes", List.of("TREATMENT"), "jurisdictions",
							List.of("GR"))));
			if (!granted.ok(0)) {
				return "grant: HTTP " + granted.status() + ": " + granted.body();
			}
			String id = JSON.readTree(granted.body()).at("/data/grantConsent/id").asString();
			GraphQlClient.Answer revoked = client.post(token, Documents.REVOKE, Map.of("id", id));
			if (!revoked.ok(0) || !revoked.body().contains("REVOKED")) {
				return "revoke: HTTP " + revoked.status() + ": " + revoked.body();
			}
			return null;
		};
	}

	/** Opens emergency access to the first {@code count} persons (setup of scenario f). */
	void openBreakGlass(int count) {
		String token = tokens.get(BenchUsers.EMERGENCY);
		for (int i = 0; i < count; i++) {
			GraphQlClient.Answer answer = client.post(token, Documents.BREAK_GLASS, Map.of("personId",
					persons.get(i).toString(), "justification",
					"Unconscious patient brought to the emergency room, allergies unknown"));
			if (!answer.ok(0)) {
				throw new IllegalStateException("breakGlass answered " + answer.status() + ": " + answer.body());
			}
		}
	}

	/** (f) A clinician reads a record under break-glass: the emergency data set only. */
	Load.Operation breakGlassRead(int count) {
		String token = tokens.get(BenchUsers.EMERGENCY);
		return i -> check(client.post(token, Documents.PERSON, Map.of("id",
				persons.get(ThreadLocalRandom.current().nextInt(count)).toString(), "purpose", "EMERGENCY")),
				BREAK_GLASS_WITHHELD_FIELDS);
	}

	/** (g) The whole-record read of person {@code i}, in order: every person once. */
	Load.Operation coldRead() {
		String token = tokens.get(BenchUsers.FULL);
		return i -> check(client.post(token, Documents.PERSON,
				Map.of("id", persons.get(i).toString(), "purpose", "TREATMENT")), 0);
	}

	/**
	 * Baseline: the cost floor of the same data. The same rows as the whole-record read (the person, their current
	 * entries), read with plain JDBC, decrypted with the person's cached data key (AES-256-GCM, the same associated
	 * data) and parsed as JSON: no HTTP, no GraphQL, no consent, no audit.
	 */
	static Load.Operation plainJdbc(DataSource dataSource, PersonKeys keys, List<PersonId> persons) {
		return i -> {
			PersonId person = persons.get(ThreadLocalRandom.current().nextInt(persons.size()));
			int rows = 0;
			try (Connection connection = dataSource.getConnection()) {
				try (PreparedStatement statement = connection
					.prepareStatement("select id, phr_number, home_jurisdiction from persons where id = ?")) {
					statement.setObject(1, person.value());
					try (ResultSet result = statement.executeQuery()) {
						if (!result.next()) {
							return "no person " + person;
						}
					}
				}
				PersonCipher cipher = keys.cipher(person);
				Map<String, JsonNode> entries = new HashMap<>();
				try (PreparedStatement statement = connection.prepareStatement("select e.id, e.section, e.content "
						+ "from entries e where e.person_id = ? "
						+ "and not exists (select 1 from entries s where s.supersedes = e.id) order by e.recorded_at, e.id")) {
					statement.setObject(1, person.value());
					try (ResultSet result = statement.executeQuery()) {
						while (result.next()) {
							UUID id = result.getObject(1, UUID.class);
							// the associated data of the record module's EntryCodec: person, section, entry id
							byte[] associated = ("carnet-entry:v1:" + person + ":" + result.getString(2) + ":" + id)
								.getBytes(StandardCharsets.US_ASCII);
							entries.put(id.toString(), JSON.readTree(cipher.decrypt(associated, result.getBytes(3))));
							rows++;
						}
					}
				}
			}
			return rows > 0 ? null : "no entries for " + person;
		};
	}
}
