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

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.Ledger;
import org.carnet.core.BadInput;
import org.carnet.core.Category;
import org.carnet.core.Forbidden;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.core.CarnetException;
import org.carnet.keyring.KeyRotation;
import org.carnet.keyring.PersonCipher;
import org.carnet.keyring.PersonKeys;
import org.carnet.keyring.RotationStatus;
import org.carnet.record.content.Check;
import org.carnet.record.content.EntryContent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The record: registers persons and appends entries, encrypted under the person's key before they reach the
 * database; reads current entries in batches (one query and one key batch for any number of persons).
 */
@Service
public class Records {

	private static final Logger log = LoggerFactory.getLogger(Records.class);

	private static final int PHR_ATTEMPTS = 10;

	private final PersonStore persons;

	private final EntryStore entries;

	private final PersonKeys keys;

	private final TombstoneStore tombstones;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final Ledger ledger;

	private final KeyRotation rotation;

	Records(PersonStore persons, EntryStore entries, PersonKeys keys, TombstoneStore tombstones, Clock clock,
			ApplicationEventPublisher events, Ledger ledger, KeyRotation rotation) {
		this.rotation = rotation;
		this.persons = persons;
		this.entries = entries;
		this.keys = keys;
		this.tombstones = tombstones;
		this.clock = clock;
		this.events = events;
		this.ledger = ledger;
	}

	/**
	 * Registers a person, all or nothing: the person, their data key and their identity entry, the REGISTER event in
	 * the access ledger, then {@link PersonRegistered}, to which the consent module answers with the registrar's
	 * initial grant (and its own audit event) in the same transaction. Only clinicians and health mediators register
	 * persons ({@link Forbidden} before anything is written).
	 */
	@Transactional
	public Person register(Registration registration) {
		Requester registrar = registration.registrar();
		if (!registrar.has(Role.CLINICIAN) && !registrar.has(Role.MEDIATOR)) {
			throw new Forbidden("Only clinicians and health mediators register persons");
		}
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
		ledger.appendInTransaction(AccessEvent.of(registrar, AccessAction.REGISTER, AccessOutcome.SUCCESS)
			.about(id, person.homeJurisdiction())
			.withCategories(Set.of(Category.IDENTITY), Set.of())
			.withOperation(registration.operation(), registration.requestId()));
		events.publishEvent(new PersonRegistered(id, person.phrNumber(), person.homeJurisdiction(), registrar,
				person.createdAt(), registration.operation(), registration.requestId()));
		return person;
	}

	/**
	 * Appends an entry (a correction when it supersedes another), encrypted before it is written, then publishes
	 * {@link EntryWritten} in the same transaction. An entry marked {@link Source#IMPORTED} is refused: only an import
	 * ({@link #addImported}) takes over another record.
	 */
	@Transactional
	public Entry add(PersonId personId, NewEntry entry) {
		if (entry.source() == Source.IMPORTED) {
			throw new BadInput("input.source", "IMPORTED is set only by an import, never by a write");
		}
		Person person = persons.find(personId).orElseThrow(() -> new NotFound("No person with id " + personId));
		Entry written = append(person, entry, "input");
		events.publishEvent(new EntryWritten(person.id(), written.section(), written.id()));
		return written;
	}

	/**
	 * Appends an entry taken over from another record (the FHIR import), exactly as {@link #add} does otherwise; its
	 * source must be {@link Source#IMPORTED}. The caller has taken the consent decision and audits the write.
	 */
	@Transactional
	public Entry addImported(PersonId personId, NewEntry entry) {
		if (entry.source() != Source.IMPORTED || entry.supersedes().isPresent()) {
			throw new IllegalArgumentException("An import adds new IMPORTED entries only");
		}
		Person person = persons.find(personId).orElseThrow(() -> new NotFound("No person with id " + personId));
		Entry written = append(person, entry, "input");
		events.publishEvent(new EntryWritten(person.id(), written.section(), written.id()));
		return written;
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
	 * Erases the person's record inside the caller's transaction: every entry and the person row, leaving a
	 * tombstone, then {@link PersonErased} in the same transaction: the consent module forgets the person's grants,
	 * requests, share codes and statistics agreement (and the statistics module their contribution), the identity
	 * module closes the person's account; then the data key (crypto-shredding). If a reaction fails, nothing is
	 * erased. The audit trail, which holds no health value, stays. After the commit,
	 * {@link #retireKeyVersion} retires the key-encryption key version that wrapped the shredded key.
	 */
	@Transactional
	public Tombstone erase(PersonId id, String erasedBy, Optional<String> requestReference) {
		Person person = persons.find(id).orElseThrow(() -> new NotFound("No person has this id"));
		Tombstone tombstone = new Tombstone(id, person.phrNumber(), person.homeJurisdiction(), now(), erasedBy,
				requestReference);
		entries.deleteAll(id);
		persons.delete(id);
		tombstones.insert(tombstone);
		events.publishEvent(new PersonErased(id, tombstone.homeJurisdiction(), tombstone.erasedAt()));
		// shredded after the reactions, in the same transaction: a reaction may still need what only the key opens
		// (the pseudonym of the person's statistical contribution, to remove it)
		keys.shred(id);
		return tombstone;
	}

	/**
	 * After an erasure has committed: rotates the home jurisdiction's KEK and raises its minimum decryption version
	 * (every other key of the jurisdiction is rewrapped), so that a backup taken before cannot be decrypted with the
	 * keys that remain. False when that must wait (Vault unreachable, a rotation running): the next rotation retires
	 * it. Never call it inside the erasure's transaction: the rotation commits in batches of its own.
	 */
	public boolean retireKeyVersion(Tombstone tombstone) {
		try {
			RotationStatus status = rotation.rotate(tombstone.homeJurisdiction(), true);
			return status.state() == RotationStatus.State.COMPLETED && status.minDecryptionVersion() != null
					&& status.minDecryptionVersion() == status.kekVersion();
		}
		catch (CarnetException ex) {
			log.warn("Erasure of {}: the KEK version of {} is not retired yet ({}); the next rotation retires it",
					tombstone.person(), tombstone.homeJurisdiction(), ex.getMessage());
			return false;
		}
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
