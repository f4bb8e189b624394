package org.carnet.record;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.carnet.core.BadInput;
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
class RecordStoreIntegrationTests {

	@Autowired
	RecordStore records;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void registeredPersonHasCheckedPhrNumberIdentityAndEntriesInOrder() {
		Person person = records.register(registration("Leyla", "Rahimi", "dr.test"));
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
		Person person = records.register(registration("Omar", "Said", "dr.test"));
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
		Person one = records.register(registration("Ana", "One", "dr.test"));
		Person two = records.register(registration("Ben", "Two", "dr.test"));
		Entry ofOne = records.add(one.id(), byClinician(allergy("Latex"), "dr.test"));

		assertThatThrownBy(() -> records.add(two.id(), new NewEntry(allergy("Latex"), "dr.test", Jurisdiction.of("GR"),
				Source.CLINICIAN, Optional.of(ofOne.id()))))
			.isInstanceOf(BadInput.class)
			.hasMessageContaining("supersedes");
	}

	@Test
	void storedRowsHoldNoNameOrHealthValueInClear() {
		Person person = records.register(registration("Zainab", "Qureshi", "dr.test"));
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
		Person person = records.register(registration("Karim", "Nouri", "dr.test"));
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
		Person victim = records.register(registration("Sara", "Haile", "dr.test"));
		Person other = records.register(registration("Yusuf", "Tesfaye", "dr.test"));
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
		Person person = records.register(registration("Hana", "Ali", "dr.test"));
		Entry allergyEntry = records.add(person.id(), byClinician(allergy("Codeine"), "dr.test"));
		jdbc.sql("update entries set section = 'CONDITION' where id = ?").param(allergyEntry.id()).update();

		assertThatThrownBy(() -> records.current(List.of(person.id()), Section.CONDITION))
			.isInstanceOf(Undecryptable.class);
	}

	@Test
	void badInputNamesTheFieldAndWritesNothing() {
		Person person = records.register(registration("Mona", "Farah", "dr.test"));
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

		assertThatThrownBy(() -> records.register(new Registration(Jurisdiction.of("GR"), unborn, "dr.test",
				Jurisdiction.of("GR"))))
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
			records.register(registration("Half", "Written", "dr.test"));
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
