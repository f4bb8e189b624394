package org.carnet.record;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.keyring.BenchCiphers;
import org.carnet.keyring.PersonCipher;
import org.carnet.record.content.Allergy;
import org.carnet.record.content.Encounter;
import org.carnet.record.content.EntryContent;
import org.carnet.record.content.LabResult;
import org.carnet.record.content.VitalSign;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Opening stored entries: AES-256-GCM decryption alone (with the associated data binding person, section and entry),
 * and the whole {@link EntryCodec#open} (decryption, then JSON to the content record), for one entry and for a
 * record of 40 entries (what a whole-record read decrypts).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EntryDecryptionBenchmark {

	private final PersonId person = PersonId.random();

	private final PersonCipher cipher = BenchCiphers.random(person);

	private StoredEntry allergy;

	private byte[] allergyAssociatedData;

	private final List<StoredEntry> record = new ArrayList<>();

	@Setup
	public void setUp() {
		allergy = seal(Section.ALLERGY, new Allergy("Penicillin", "Urticaria and facial swelling",
				Allergy.Severity.SEVERE, Allergy.Status.ACTIVE, LocalDate.of(2012, 5, 1)));
		allergyAssociatedData = EntryCodec.associatedData(person, Section.ALLERGY, allergy.id());
		LocalDate day = LocalDate.of(2025, 9, 15);
		for (int i = 0; i < 40; i++) {
			record.add(switch (i % 4) {
				case 0 -> seal(Section.ALLERGY, new Allergy("Peanuts", "Itching", Allergy.Severity.MILD,
						Allergy.Status.ACTIVE, null));
				case 1 -> seal(Section.VITAL_SIGN, new VitalSign(VitalSign.Kind.BLOOD_PRESSURE, "132/84", "mmHg", day,
						"Seated, after rest"));
				case 2 -> seal(Section.LAB_RESULT, new LabResult("Haemoglobin", "10.4", "g/dL", "12.0-15.5",
						LabResult.Interpretation.ABNORMAL, day));
				default -> seal(Section.ENCOUNTER, new Encounter(day, "Mavrovouni reception centre health unit", "GR",
						"Initial health assessment at reception", "Fit to travel; follow-up for anaemia",
						List.of(new Encounter.Referral("Psychologist", "RHS-15 score 16", Encounter.Urgency.ROUTINE))));
			});
		}
	}

	private StoredEntry seal(Section section, EntryContent content) {
		UUID id = UUID.randomUUID();
		byte[] ciphertext = EntryCodec.seal(cipher, section, id, content, Jurisdiction.of("GR"), Source.CLINICIAN);
		return new StoredEntry(id, person, section, null, "dr.nikolaou", Instant.now(), ciphertext);
	}

	@Benchmark
	public byte[] decryptOneEntry() {
		return cipher.decrypt(allergyAssociatedData, allergy.ciphertext());
	}

	@Benchmark
	public Entry openOneEntry() {
		return EntryCodec.open(cipher, allergy);
	}

	@Benchmark
	public void openWholeRecord(Blackhole blackhole) {
		for (StoredEntry entry : record) {
			blackhole.consume(EntryCodec.open(cipher, entry));
		}
	}
}
