package org.carnet.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.Ledger;
import org.carnet.consent.StatisticsAgreements;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.record.Entry;
import org.carnet.record.NewEntry;
import org.carnet.record.Person;
import org.carnet.record.Records;
import org.carnet.record.Registration;
import org.carnet.record.Source;
import org.carnet.record.content.BloodGroupEntry;
import org.carnet.record.content.Condition;
import org.carnet.record.content.EntryContent;
import org.carnet.record.content.IdentityDetails;
import org.carnet.record.content.InfectiousDiseaseScreening;
import org.carnet.record.content.MentalHealthAssessment;
import org.carnet.record.content.Vaccination;

/**
 * Invented persons for the analyst's page: registered in Greece, Italy and Germany through the record module, with a
 * few coded entries each, who opt in to anonymous statistics themselves (all the categories offered, or vaccinations
 * and infections only), so that the statistics module's projection fills as it would in use. Drawn from a fixed seed:
 * every demo shows the same figures. None has an account; their names are invented and never shown.
 */
final class DemoStatistics {

	private static final List<Jurisdiction> COUNTRIES = List.of(Jurisdiction.of("GR"), Jurisdiction.of("IT"),
			Jurisdiction.of("DE"));

	private static final List<String> NATIONALITIES = List.of("SY", "AF", "IQ", "ER", "SO", "UA", "NG", "PK");

	private static final List<String> GIVEN = List.of("Amal", "Omar", "Layla", "Hassan", "Mariam", "Yusuf", "Nour",
			"Dawit", "Sara", "Ali", "Hana", "Tariq", "Olena", "Ibrahim", "Fatima", "Samir");

	private static final List<String> FAMILY = List.of("Haddad", "Rahimi", "Karim", "Tesfay", "Abdi", "Kovalenko",
			"Okafor", "Qureshi", "Nasser", "Hosseini", "Bekele", "Farah");

	private static final String DEMO = "demo";

	private final Records records;

	private final StatisticsAgreements agreements;

	private final Ledger ledger;

	DemoStatistics(Records records, StatisticsAgreements agreements, Ledger ledger) {
		this.records = records;
		this.agreements = agreements;
		this.ledger = ledger;
	}

	/**
	 * Registers {@code count} invented persons by {@code registrar}, fills and opts them in; {@code written} records
	 * each person's entries in the ledger as the API would.
	 */
	void seed(Requester registrar, int count, java.util.function.BiConsumer<Person, List<Entry>> written) {
		Random random = new Random(20261203L);
		for (int i = 0; i < count; i++) {
			// most arrive in Greece, where the demo analyst works; the rest in Italy and Germany
			Jurisdiction home = COUNTRIES.get(i % 5 < 3 ? 0 : i % 5 - 2);
			IdentityDetails identity = new IdentityDetails(pick(random, GIVEN), pick(random, FAMILY),
					LocalDate.of(2025 - age(random), 1 + random.nextInt(12), 1 + random.nextInt(28)), true,
					random.nextBoolean() ? IdentityDetails.Sex.FEMALE : IdentityDetails.Sex.MALE,
					pick(random, NATIONALITIES), List.of(), null);
			Person person = records.register(Registration.by(registrar, home, identity, DEMO, null));
			List<Entry> added = new ArrayList<>();
			for (EntryContent content : entries(random, home)) {
				added.add(records.add(person.id(), new NewEntry(content, registrar.subject(), home, Source.CLINICIAN,
						Optional.empty())));
			}
			written.accept(person, added);
			Set<Category> categories = random.nextInt(5) == 0
					? EnumSet.of(Category.VACCINATIONS, Category.INFECTIOUS_DISEASES)
					: EnumSet.copyOf(StatisticsAgreements.OFFERED);
			Requester self = new Requester("demo-person-" + i, Set.of(Role.MIGRANT), Optional.empty(), Optional.of(home),
					Optional.of(person.id()), DEMO);
			agreements.set(self, person.id(), home, categories);
			ledger.appendInTransaction(AccessEvent.of(self, AccessAction.CONSENT_GRANTED, AccessOutcome.SUCCESS)
				.about(person.id(), home)
				.withPurpose(Purpose.PUBLIC_HEALTH)
				.withCategories(categories, Set.of())
				.withTarget("statistics:PUBLIC_HEALTH")
				.withOperation(DEMO, null));
		}
	}

	/** A vaccination or two, a TB screening, maybe a coded condition, a mental-health screening and a blood group. */
	private static List<EntryContent> entries(Random random, Jurisdiction home) {
		LocalDate seen = LocalDate.of(2025, 1 + random.nextInt(12), 1 + random.nextInt(28));
		List<EntryContent> entries = new ArrayList<>();
		// about half arrive with a recorded measles vaccination
		if (random.nextInt(10) < 5) {
			entries.add(new Vaccination("MMR", 1, seen.minusYears(20), null, null));
		}
		if (random.nextInt(10) < 5) {
			entries.add(new Vaccination("Td booster", 1, seen, home.code(), null));
		}
		entries.add(new InfectiousDiseaseScreening(InfectiousDiseaseScreening.Disease.TUBERCULOSIS, "IGRA",
				random.nextInt(100) < 8 ? InfectiousDiseaseScreening.Result.POSITIVE
						: InfectiousDiseaseScreening.Result.NEGATIVE, seen, null));
		int condition = random.nextInt(10);
		if (condition == 0) {
			entries.add(new Condition("Type 2 diabetes", "E11", Condition.Kind.CHRONIC, Condition.Status.ACTIVE,
					seen.minusYears(2), null));
		}
		else if (condition == 1) {
			entries.add(new Condition("Hypertension", "I10", Condition.Kind.CHRONIC, Condition.Status.ACTIVE,
					seen.minusYears(1), null));
		}
		entries.add(new MentalHealthAssessment("RHS-15", random.nextInt(30), "Screening at reception",
				random.nextInt(10) < 3, seen));
		BloodGroupEntry.BloodGroup[] groups = BloodGroupEntry.BloodGroup.values();
		entries.add(new BloodGroupEntry(groups[random.nextInt(groups.length)], seen));
		return entries;
	}

	/** Age at reception as among arrivals: three in four between 18 and 34, the rest between 0 and 69. */
	private static int age(Random random) {
		return random.nextInt(4) < 3 ? 18 + random.nextInt(17) : random.nextInt(70);
	}

	private static String pick(Random random, List<String> values) {
		return values.get(random.nextInt(values.size()));
	}
}
