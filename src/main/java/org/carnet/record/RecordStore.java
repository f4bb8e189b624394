package org.carnet.record;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.carnet.core.BadInput;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;
import org.carnet.keyring.PersonCipher;
import org.carnet.keyring.PersonKeys;
import org.carnet.record.content.Check;
import org.carnet.record.content.EntryContent;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The record store: registers persons and appends entries, encrypted under the person's key before they reach the
 * database; reads current entries in batches (one query and one key batch for any number of persons).
 */
@Service
public class RecordStore {

	private static final int PHR_ATTEMPTS = 10;

	private final Persons persons;

	private final Entries entries;

	private final PersonKeys keys;

	private final Tombstones tombstones;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	RecordStore(Persons persons, Entries entries, PersonKeys keys, Tombstones tombstones, Optional<Clock> clock,
			ApplicationEventPublisher events) {
		this.persons = persons;
		this.entries = entries;
		this.keys = keys;
		this.tombstones = tombstones;
		this.clock = clock.orElse(Clock.systemUTC());
		this.events = events;
	}

	/** Creates the person, their data key and their identity entry, all or nothing. */
	@Transactional
	public Person register(Registration registration) {
		validate("input.identity", registration.identity());
		PersonId id = PersonId.random();
		Person person = null;
		Instant now = now();
		for (int attempt = 0; attempt < PHR_ATTEMPTS && person == null; attempt++) {
			Person candidate = new Person(id, PhrNumber.random(), registration.homeJurisdiction(), now,
					registration.registeredBy());
			if (persons.insertIfPhrFree(candidate)) {
				person = candidate;
			}
		}
		if (person == null) {
			throw new IllegalStateException("No free PHR number after " + PHR_ATTEMPTS + " attempts");
		}
		keys.create(id, registration.homeJurisdiction());
		append(person, new NewEntry(registration.identity(), registration.registeredBy(), registration.recordedIn(),
				registration.source(), Optional.empty()), "input.identity");
		return person;
	}

	/**
	 * Appends an entry (a correction when it supersedes another), encrypted before it is written. An entry marked
	 * {@link Source#IMPORTED} is refused: only an import (none exists yet) takes over another record.
	 */
	@Transactional
	public Entry add(PersonId personId, NewEntry entry) {
		if (entry.source() == Source.IMPORTED) {
			throw new BadInput("input.source", "IMPORTED is set only by an import, never by a write");
		}
		Person person = persons.find(personId).orElseThrow(() -> new NotFound("No person with id " + personId));
		return append(person, entry, "input");
	}

	private Entry append(Person person, NewEntry entry, String field) {
		validate(field, entry.content());
		Section section = Section.of(entry.content().getClass());
		entry.supersedes().ifPresent(old -> checkSupersedable(person.id(), section, old));
		UUID id = UUID.randomUUID();
		PersonCipher cipher = keys.cipher(person.id());
		byte[] ciphertext = EntryCodec.seal(cipher, section, id, entry.content(), entry.recordedIn(), entry.source());
		StoredEntry stored = new StoredEntry(id, person.id(), section, entry.supersedes().orElse(null),
				entry.recordedBy(), now(), ciphertext);
		entries.insert(stored);
		return new Entry(id, person.id(), section, entry.supersedes(), entry.recordedBy(), stored.recordedAt(),
				entry.recordedIn(), entry.source(), entry.content());
	}

	/** Now, to the microsecond PostgreSQL keeps, so that what is returned equals what is read back. */
	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private void checkSupersedable(PersonId person, Section section, UUID old) {
		StoredEntry superseded = entries.find(old)
			.filter(e -> e.person().equals(person) && e.section() == section)
			.orElseThrow(() -> new BadInput("supersedes", "names no " + section.name().toLowerCase()
					+ " entry of this person"));
		if (entries.isSuperseded(superseded.id())) {
			throw new BadInput("supersedes", "this entry was already corrected; correct the newest entry instead");
		}
	}

	private void validate(String field, EntryContent content) {
		if (content == null) {
			throw new BadInput(field, "is required");
		}
		content.validate(new Check(field, LocalDate.now(clock.withZone(ZoneOffset.UTC))));
	}

	/**
	 * Erases the person's record inside the caller's transaction: every entry, the person row and the data key
	 * (crypto-shredding), leaving a tombstone. What other modules hold (grants, the audit trail) is theirs to handle;
	 * {@link PersonErased} is published in the same transaction (the person's account ends with it).
	 */
	@Transactional
	public Tombstone erase(PersonId id, String erasedBy, Optional<String> requestReference) {
		Person person = persons.find(id).orElseThrow(() -> new NotFound("No person has this id"));
		Tombstone tombstone = new Tombstone(id, person.phrNumber(), person.homeJurisdiction(), now(), erasedBy,
				requestReference);
		entries.deleteAll(id);
		persons.delete(id);
		keys.shred(id);
		tombstones.insert(tombstone);
		events.publishEvent(new PersonErased(id, tombstone.homeJurisdiction(), tombstone.erasedAt()));
		return tombstone;
	}

	/** The tombstone of an erased person, if the person was erased. */
	public Optional<Tombstone> erasure(PersonId id) {
		return tombstones.find(id);
	}

	public Optional<Person> find(PersonId id) {
		return persons.find(id);
	}

	public List<Person> findAll(Collection<PersonId> ids) {
		return persons.findAll(ids);
	}

	public Optional<Person> findByPhrNumber(PhrNumber phr) {
		return persons.findByPhrNumber(phr);
	}

	/** True when {@code subject} has recorded any entry of the person. */
	public boolean hasRecorded(PersonId person, String subject) {
		return entries.hasRecorded(person, subject);
	}

	/**
	 * The current entries of these persons in one section, decrypted: one query and one key batch, whatever the
	 * number of persons and entries. Every person asked for has a (possibly empty) list.
	 */
	public Map<PersonId, List<Entry>> current(Collection<PersonId> personIds, Section section) {
		return current(personIds, EnumSet.of(section)).get(section);
	}

	/**
	 * The current entries of chosen sections of each person, decrypted: one query and one key batch for a whole list,
	 * whatever the number of persons, sections and entries. Only the sections asked for a person are read and
	 * decrypted for them; each of those has a (possibly empty) list.
	 */
	public Map<PersonId, Map<Section, List<Entry>>> current(Map<PersonId, Set<Section>> wanted) {
		Map<PersonId, Map<Section, List<Entry>>> result = new LinkedHashMap<>();
		wanted.forEach((person, sections) -> {
			Map<Section, List<Entry>> bySection = new EnumMap<>(Section.class);
			sections.forEach(section -> bySection.put(section, new ArrayList<>()));
			result.put(person, bySection);
		});
		if (wanted.values().stream().allMatch(Set::isEmpty)) {
			return result;
		}
		List<StoredEntry> stored = entries.current(wanted);
		if (stored.isEmpty()) {
			return result;
		}
		Map<PersonId, PersonCipher> ciphers = keys.ciphers(stored.stream().map(StoredEntry::person).distinct().toList());
		for (StoredEntry entry : stored) {
			result.get(entry.person()).get(entry.section()).add(EntryCodec.open(ciphers.get(entry.person()), entry));
		}
		return result;
	}

	/** The current entries of several sections at once: still one query and one key batch. */
	public Map<Section, Map<PersonId, List<Entry>>> current(Collection<PersonId> personIds, Set<Section> sections) {
		Map<Section, Map<PersonId, List<Entry>>> result = new LinkedHashMap<>();
		for (Section section : sections) {
			Map<PersonId, List<Entry>> bySection = new LinkedHashMap<>();
			personIds.forEach(p -> bySection.put(p, new java.util.ArrayList<>()));
			result.put(section, bySection);
		}
		if (personIds.isEmpty() || sections.isEmpty()) {
			return result;
		}
		List<StoredEntry> stored = entries.current(personIds, sections);
		if (stored.isEmpty()) {
			return result;
		}
		Map<PersonId, PersonCipher> ciphers = keys.ciphers(stored.stream().map(StoredEntry::person).distinct().toList());
		for (StoredEntry entry : stored) {
			result.get(entry.section()).get(entry.person()).add(EntryCodec.open(ciphers.get(entry.person()), entry));
		}
		return result;
	}
}
