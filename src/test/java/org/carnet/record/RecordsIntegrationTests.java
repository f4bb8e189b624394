package org.carnet.record;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.carnet.core.BadInput;
import org.carnet.core.Forbidden;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.keyring.Undecryptable;
import org.carnet.record.content.Allergy;
import org.carnet.record.content.Condition;
import org.carnet.record.content.IdentityDetails;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carnet.record.RecordFixtures.allergy;
import static org.carnet.record.RecordFixtures.byClinician;
import static org.carnet.record.RecordFixtures.registration;

@CarnetIntegrationTest
class RecordsIntegrationTests {

	@Autowired
	Records records;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	Accounts accounts;

	@Test
	void registrationGivesTheRegistrarTheInitialGrantAndIsAuditedInTheSameTransaction() {
		Requester registrar = RecordFixtures.clinician(accounts, "dr.registrar");

		Person person = records.register(registration("Rania", "Haddad", registrar));

		assertThat(jdbc.sql("select grantee, origin from consent_grants where person_id = ?")
			.param(person.id().value())
			.query((rs, row) -> rs.getString(1) + " " + rs.getString(2))
			.list()).containsExactly("dr.registrar REGISTRATION");
		assertThat(jdbc.sql("select action || ' ' || outcome || ' ' || requester_subject || ' ' || operation_name "
				+ "from access_events where person_id = ? order by sequence")
			.param(person.id().value())
			.query(String.class)
			.list()).containsExactly("REGISTER SUCCESS dr.registrar test", "CONSENT_GRANTED SUCCESS dr.registrar test");
	}

	@Test
	void aRegistrationWhoseRegistrarCannotBeGrantedLeavesNoPersonNoKeyNoEvent() {
		long persons = count("persons");
		long keys = count("person_keys");
		long events = count("access_events");
		// a clinician without an account: the initial grant cannot name them, so nothing of the registration stays
		Requester unknown = new Requester("dr.nobody", Set.of(Role.CLINICIAN), Optional.of("reception-test"),
				Optional.of(RecordFixtures.GR), Optional.empty(), "test");

		assertThatThrownBy(() -> records.register(registration("Nour", "Saleh", unknown)))
			.isInstanceOf(BadInput.class)
			.hasMessageContaining("grantee");
		assertThat(count("persons")).isEqualTo(persons);
		assertThat(count("person_keys")).isEqualTo(keys);
		assertThat(count("access_events")).isEqualTo(events);
	}

	@Test
	void onlyCliniciansAndMediatorsRegister() {
		Requester auditor = new Requester("a.auditor", Set.of(Role.AUDITOR), Optional.of("dpa-gr"),
				Optional.of(RecordFixtures.GR), Optional.empty(), "test");

		assertThatThrownBy(() -> registration("Nour", "Saleh", auditor)).isInstanceOf(Forbidden.class);
	}

	private Requester registrar() {
		return RecordFixtures.clinician(accounts, "dr.test");
	}

	@Test
	void registeredPersonHasCheckedPhrNumberIdentityAndEntriesInOrder() {
		Person person = records.register(registration("Leyla", "Rahimi", registrar()));
		records.add(person.id(), byClinician(allergy("Penicillin"), "dr.test"));
		records.add(person.id(), byClinician(allergy("Peanuts"), "dr.test"));

		assertThat(records.findByPhrNumber(person.phrNumber())).contains(person);
		List<Entry> identity = records.current(List.of(person.id()), Section.IDENTITY).get(person.id());
		assertThat(identity).singleElement()
			.satisfies(e -> assertThat(((IdentityDetails) e.content()).familyName()).isEqualTo("Rahimi"));
		assertThat(records.current(List.of(person.id()), Section.ALLERGY).get(person.id()))
			.extracting(e -> ((Allergy) e.content()).substance())
			.containsExactly("Penicillin", "Peanuts");
	}

	@Test
	void correctionSupersedesTheOldEntryOnceAndKeepsIt() {
		Person person = records.register(registration("Omar", "Said", registrar()));
		Entry wrong = records.add(person.id(), byClinician(allergy("Penicilin"), "dr.test"));
		Entry corrected = records.add(person.id(), new NewEntry(allergy("Penicillin"), "dr.test",
				Jurisdiction.of("GR"), Source.CLINICIAN, Optional.of(wrong.id())));

		assertThat(records.current(List.of(person.id()), Section.ALLERGY).get(person.id())).extracting(Entry::id)
			.containsExactly(corrected.id());
		assertThat(jdbc.sql("select count(*) from entries where id = ?").param(wrong.id()).query(Long.class).single())
			.as("the superseded entry is kept, not overwritten")
			.isEqualTo(1);
		assertThatThrownBy(() -> records.add(person.id(), new NewEntry(allergy("Amoxicillin"), "dr.test",
				Jurisdiction.of("GR"), Source.CLINICIAN, Optional.of(wrong.id()))))
			.isInstanceOf(BadInput.class)
			.hasMessageContaining("supersedes");
	}

	@Test
	void correctionOfAnotherPersonsEntryIsRefused() {
		Person one = records.register(registration("Ana", "One", registrar()));
		Person two = records.register(registration("Ben", "Two", registrar()));
		Entry ofOne = records.add(one.id(), byClinician(allergy("Latex"), "dr.test"));

		assertThatThrownBy(() -> records.add(two.id(), new NewEntry(allergy("Latex"), "dr.test", Jurisdiction.of("GR"),
				Source.CLINICIAN, Optional.of(ofOne.id()))))
			.isInstanceOf(BadInput.class)
			.hasMessageContaining("supersedes");
	}

	@Test
	void storedRowsHoldNoNameOrHealthValueInClear() {
		Person person = records.register(registration("Zainab", "Qureshi", registrar()));
		records.add(person.id(), byClinician(allergy("Sulfonamide"), "dr.test"));

		List<byte[]> contents = jdbc.sql("select content from entries where person_id = ?")
			.param(person.id().value())
			.query((rs, i) -> rs.getBytes(1))
			.list();
		assertThat(contents).hasSize(2);
		for (byte[] content : contents) {
			String raw = new String(content, StandardCharsets.ISO_8859_1);
			assertThat(raw).doesNotContain("Zainab", "Qureshi", "Sulfonamide", "Hives");
		}
	}

	@Test
	void flippedCiphertextBitFailsToDecryptWithAClearError() {
		Person person = records.register(registration("Karim", "Nouri", registrar()));
		Entry entry = records.add(person.id(), byClinician(allergy("Aspirin"), "dr.test"));
		jdbc.sql("update entries set content = set_byte(content, 20, get_byte(content, 20) # 1) where id = ?")
			.param(entry.id())
			.update();

		assertThatThrownBy(() -> records.current(List.of(person.id()), Section.ALLERGY))
			.isInstanceOf(Undecryptable.class)
			.hasMessageContaining(person.id().toString())
			.hasMessageContaining("integrity");
	}

	@Test
	void ciphertextCopiedOntoAnotherPersonsRowFailsToDecrypt() {
		Person victim = records.register(registration("Sara", "Haile", registrar()));
		Person other = records.register(registration("Yusuf", "Tesfaye", registrar()));
		Entry secret = records.add(victim.id(), byClinician(allergy("Ibuprofen"), "dr.test"));
		Entry target = records.add(other.id(), byClinician(allergy("Dust"), "dr.test"));
		jdbc.sql("update entries set content = (select content from entries where id = ?) where id = ?")
			.params(secret.id(), target.id())
			.update();

		assertThatThrownBy(() -> records.current(List.of(other.id()), Section.ALLERGY))
			.isInstanceOf(Undecryptable.class);
	}

	@Test
	void ciphertextMovedToAnotherSectionOfTheSamePersonFailsToDecrypt() {
		Person person = records.register(registration("Hana", "Ali", registrar()));
		Entry allergyEntry = records.add(person.id(), byClinician(allergy("Codeine"), "dr.test"));
		jdbc.sql("update entries set section = 'CONDITION' where id = ?").param(allergyEntry.id()).update();

		assertThatThrownBy(() -> records.current(List.of(person.id()), Section.CONDITION))
			.isInstanceOf(Undecryptable.class);
	}

	@Test
	void badInputNamesTheFieldAndWritesNothing() {
		Person person = records.register(registration("Mona", "Farah", registrar()));
		long before = count("entries");

		assertThatThrownBy(() -> records.add(person.id(), byClinician(allergy(" "), "dr.test")))
			.isInstanceOf(BadInput.class)
			.hasMessage("input.substance: must not be empty");
		assertThatThrownBy(() -> records.add(person.id(), byClinician(new Condition("Diabetes", "XYZ", null, null,
				null, null), "dr.test")))
			.isInstanceOf(BadInput.class)
			.hasMessageContaining("input.icd10Code")
			.hasMessageContaining("not an ICD-10 code");
		assertThatThrownBy(() -> records.add(person.id(), byClinician(allergy("x".repeat(201)), "dr.test")))
			.isInstanceOf(BadInput.class)
			.hasMessage("input.substance: is longer than 200 characters");
		assertThat(count("entries")).isEqualTo(before);
	}

	@Test
	void futureDateOfBirthIsRefusedAndNoPersonOrKeyIsCreated() {
		long persons = count("persons");
		long keys = count("person_keys");
		IdentityDetails unborn = new IdentityDetails("Future", null, LocalDate.now().plusYears(1), false, null, null,
				null, null);

		assertThatThrownBy(() -> records.register(RecordFixtures.registration(unborn, registrar())))
			.isInstanceOf(BadInput.class)
			.hasMessage("input.identity.dateOfBirth: must not be in the future");
		assertThat(count("persons")).isEqualTo(persons);
		assertThat(count("person_keys")).isEqualTo(keys);
	}

	@Test
	void failureLaterInTheSameTransactionLeavesNoPersonNoKeyNoEntry() {
		long persons = count("persons");
		long keys = count("person_keys");
		long entries = count("entries");

		assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
			records.register(registration("Half", "Written", registrar()));
			throw new IllegalStateException("a later step failed");
		})).isInstanceOf(IllegalStateException.class);

		assertThat(count("persons")).isEqualTo(persons);
		assertThat(count("person_keys")).isEqualTo(keys);
		assertThat(count("entries")).isEqualTo(entries);
	}

	@Test
	void unknownPersonIdIsNotFound() {
		assertThat(records.find(new PersonId(UUID.randomUUID()))).isEmpty();
	}

	private long count(String table) {
		return jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}
}
