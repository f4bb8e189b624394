package org.carnet.fhir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.Ledger;
import org.carnet.consent.Access;
import org.carnet.consent.ConsentDecision;
import org.carnet.consent.ConsentDecisions;
import org.carnet.consent.GrantId;
import org.carnet.core.CarnetException;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.fhir.ImportMapping.Kind;
import org.carnet.fhir.ImportMapping.Mapped;
import org.carnet.identity.Requesters;
import org.carnet.record.Entry;
import org.carnet.record.NewEntry;
import org.carnet.record.Records;
import org.carnet.record.Section;
import org.carnet.record.Source;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the entries of an imported Bundle into one record, all or nothing.
 * <p>
 * The GraphQL write path cannot take an import: its add mutations refuse the source IMPORTED, a document may hold at
 * most ten of them, and each commits on its own, so that a refusal half-way would leave half a record. The import
 * therefore calls the record module's service the write mutations call, with the same rules: the record is looked up
 * through the GraphQL read path (an audited look-up, NOT_FOUND for an unknown id); one consent decision per category
 * touched, READ_WRITE for TREATMENT, as {@code addAllergy} and the others take it; a refusal leaves one DENIED WRITE
 * event and nothing else; and each entry written leaves one WRITE event, appended in the transaction that writes it.
 * Only clinicians import.
 */
@Component
class BundleImport {

	/** What became of each Bundle entry: its mapping, and for an entry whether it was new or already imported. */
	record Result(List<Mapped> mapped, Set<Integer> imported, Set<Integer> duplicates) {
	}

	private static final Logger log = LoggerFactory.getLogger(BundleImport.class);

	private final SummaryQuery query;

	private final Records records;

	private final ConsentDecisions consent;

	private final Ledger ledger;

	private final ImportFingerprintStore fingerprints;

	private final TransactionTemplate transactions;

	private final Clock clock;

	BundleImport(SummaryQuery query, Records records, ConsentDecisions consent, Ledger ledger,
			ImportFingerprintStore fingerprints, TransactionTemplate transactions, Clock clock) {
		this.query = query;
		this.records = records;
		this.consent = consent;
		this.ledger = ledger;
		this.fingerprints = fingerprints;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Imports {@code mapped} (the Bundle's entries, already checked) into the record {@code personId}, matching
	 * {@code patient} (the Bundle's Patient, may be null) against the record's identity.
	 */
	Result run(HttpServletRequest servlet, String personId, Patient patient, List<Mapped> mapped, String requestId) {
		Requester requester = Requesters.current();
		if (!requester.has(Role.CLINICIAN)) {
			refused(AccessEvent.of(requester, AccessAction.WRITE, AccessOutcome.DENIED), requestId);
			throw new FhirFailure(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN, "Only clinicians import records");
		}
		SummaryAnswer.PersonRecord target = query.importTarget(servlet, personId, patient != null).person();
		PersonId id = PersonId.parse(target.id(), "id");
		Jurisdiction home = Jurisdiction.of(target.homeJurisdiction());
		if (patient != null) {
			match(patient, target.identity());
		}
		List<Mapped> entries = mapped.stream().filter(m -> m.kind() == Kind.ENTRY).toList();
		Set<Category> categories = EnumSet.noneOf(Category.class);
		entries.forEach(m -> categories.add(Section.of(m.content().getClass()).category()));
		Map<Category, ConsentDecision> decisions = categories.isEmpty() ? Map.of()
				: consent.decideAll(requester, id, home, categories, Access.READ_WRITE, Purpose.TREATMENT);
		Set<Category> denied = new TreeSet<>();
		decisions.forEach((category, decision) -> {
			if (decision.denied()) {
				denied.add(category);
			}
		});
		if (!denied.isEmpty()) {
			refused(AccessEvent.of(requester, AccessAction.WRITE, AccessOutcome.DENIED)
				.about(id, home)
				.withPurpose(Purpose.TREATMENT)
				.withCategories(Set.of(), denied), requestId);
			throw new FhirFailure(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN,
					"Importing this Bundle needs your read-and-write access to " + names(denied)
							+ "; nothing was imported");
		}
		Jurisdiction recordedIn = requester.jurisdiction().orElse(home);
		Set<Integer> imported = new TreeSet<>();
		Set<Integer> duplicates = new TreeSet<>();
		try {
			transactions.executeWithoutResult(tx -> {
				Instant now = clock.instant();
				List<AccessEvent> events = new ArrayList<>();
				for (Mapped entry : entries) {
					Section section = Section.of(entry.content().getClass());
					if (!fingerprints.claim(id, fingerprint(id, section, entry), now)) {
						duplicates.add(entry.index());
						continue;
					}
					Entry written = records.addImported(id, new NewEntry(entry.content(), requester.subject(),
							recordedIn, Source.IMPORTED, java.util.Optional.empty()));
					imported.add(entry.index());
					events.add(AccessEvent.of(requester, AccessAction.WRITE, AccessOutcome.SUCCESS)
						.about(id, home)
						.withPurpose(Purpose.TREATMENT)
						.withCategories(Set.of(written.section().category()), Set.of())
						.withGrants(decisions.get(written.section().category())
							.grants()
							.stream()
							.map(GrantId::value)
							.toList())
						.withOperation(ImportController.ENTRY_POINT, requestId));
				}
				if (!events.isEmpty()) {
					ledger.appendAllInTransaction(events);
				}
			});
		}
		catch (CarnetException ex) {
			throw ImportController.failure(ex);
		}
		catch (RuntimeException ex) {
			// the database or a listener failed: the transaction rolled back, nothing was written
			log.error("FHIR import {} into {} failed: {}", requestId, id, ex.getClass().getSimpleName());
			throw ImportController.failure(new org.carnet.core.Unavailable("write failed"));
		}
		return new Result(mapped, imported, duplicates);
	}

	private void refused(AccessEvent draft, String requestId) {
		try {
			ledger.append(draft.withOperation(ImportController.ENTRY_POINT, requestId));
		}
		catch (CarnetException ex) {
			// the refusal stands either way
			log.error("Could not record a refused FHIR import by {} (request {}): {}", draft.requesterSubject(),
					requestId, ex.getMessage());
		}
	}

	/**
	 * The Bundle's Patient must be the record's person, as far as both say: every name part and the birth date the
	 * record holds and the Patient states must agree (letter case, accents and spacing aside; an estimated birth date
	 * by its year; the Patient's birth date at its own precision). Identifiers are not compared (another system's
	 * numbers). A Patient that states neither a name nor a birth date, or a record whose identity the requester may
	 * not read, cannot be matched: the import is refused.
	 */
	static void match(Patient patient, SummaryAnswer.Identity identity) {
		if (identity == null) {
			throw new FhirFailure(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN, "The Bundle's Patient cannot be matched:"
					+ " this record's identity is not shared with you. Nothing was imported.");
		}
		boolean compared = false;
		List<String> differences = new ArrayList<>();
		if (patient.hasName() && identity.givenNames() != null) {
			boolean anyName = false;
			for (HumanName name : patient.getName()) {
				String given = name.getGiven()
					.stream()
					.map(StringType::getValue)
					.filter(java.util.Objects::nonNull)
					.collect(Collectors.joining(" "));
				boolean givenAgrees = given.isBlank() || same(given, identity.givenNames());
				boolean familyAgrees = !name.hasFamily() || identity.familyName() == null
						|| same(name.getFamily(), identity.familyName());
				if (!given.isBlank() || name.hasFamily()) {
					compared = true;
					anyName |= givenAgrees && familyAgrees;
				}
			}
			if (compared && !anyName) {
				differences.add("name");
			}
		}
		if (patient.hasBirthDate()) {
			LocalDate recorded = identity.dateOfBirth();
			Integer year = recorded != null ? Integer.valueOf(recorded.getYear()) : identity.yearOfBirth();
			if (year != null) {
				compared = true;
				var stated = patient.getBirthDateElement();
				boolean byYear = recorded == null || Boolean.TRUE.equals(identity.dateOfBirthEstimated())
						|| stated.getPrecision() == TemporalPrecisionEnum.YEAR;
				boolean agrees = stated.getYear() == year.intValue() && (byYear
						|| (stated.getMonth() + 1 == recorded.getMonthValue() && (stated.getPrecision()
								== TemporalPrecisionEnum.MONTH || stated.getDay() == recorded.getDayOfMonth())));
				if (!agrees) {
					differences.add("birth date");
				}
			}
		}
		if (!compared) {
			throw new FhirFailure(HttpStatus.UNPROCESSABLE_CONTENT, IssueType.BUSINESSRULE,
					"The Bundle's Patient states neither a name nor a birth date to match with this record; leave the"
							+ " Patient out or complete it. Nothing was imported.");
		}
		if (!differences.isEmpty()) {
			throw new FhirFailure(HttpStatus.UNPROCESSABLE_CONTENT, IssueType.BUSINESSRULE,
					"The Bundle's Patient is not this record's person (" + String.join(", ", differences)
							+ " differ). Nothing was imported.");
		}
	}

	private static boolean same(String a, String b) {
		return normal(a).equals(normal(b));
	}

	private static String normal(String text) {
		return Normalizer.normalize(text, Normalizer.Form.NFD)
			.replaceAll("\\p{M}", "")
			.toLowerCase(Locale.ROOT)
			.replaceAll("[\\s-]+", " ")
			.strip();
	}

	/**
	 * What identifies an imported entry in its record: a hash of the person, the section and the content, so that the
	 * same content imported again (from the same Bundle or another) is found, and no health value is stored in clear.
	 */
	static String fingerprint(PersonId person, Section section, Mapped entry) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			String canonical = person.value() + "\n" + section.name() + "\n" + entry.content();
			return HexFormat.of().formatHex(sha256.digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String names(Set<Category> categories) {
		return categories.stream().map(Category::name).collect(Collectors.joining(", "));
	}

	static String requestId() {
		return UUID.randomUUID().toString();
	}
}
