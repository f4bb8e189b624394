package org.carnet.statistics;

import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.carnet.core.Category;
import org.carnet.record.Entry;
import org.carnet.record.Person;
import org.carnet.record.Section;
import org.carnet.record.content.BloodGroupEntry;
import org.carnet.record.content.Condition;
import org.carnet.record.content.IdentityDetails;
import org.carnet.record.content.InfectiousDiseaseScreening;
import org.carnet.record.content.MentalHealthAssessment;
import org.carnet.record.content.Vaccination;

/**
 * Turns a person's current entries into their row of the projection: only coded values, coarsened (an age band, a
 * quarter), never a name, a free text, an exact date or an id. A pure function: no database, no key.
 */
final class Coarsening {

	static final int AGE_BAND_YEARS = 5;

	static final int OLDEST_BAND = 85;

	/** The most recently recorded first. */
	private static final Comparator<Entry> RECORDED_NEWEST_FIRST = Comparator.comparing(Entry::recordedAt).reversed();

	private Coarsening() {
	}

	/** The sections whose entries a contribution with {@code categories} is computed from. */
	static Set<Section> sections(Set<Category> categories) {
		Set<Section> sections = new TreeSet<>(Set.of(Section.IDENTITY));
		if (categories.contains(Category.INFECTIOUS_DISEASES)) {
			sections.add(Section.INFECTIOUS_DISEASE_SCREENING);
		}
		if (categories.contains(Category.VACCINATIONS)) {
			sections.add(Section.VACCINATION);
		}
		if (categories.contains(Category.CONDITIONS)) {
			sections.add(Section.CONDITION);
		}
		if (categories.contains(Category.MENTAL_HEALTH)) {
			sections.add(Section.MENTAL_HEALTH_ASSESSMENT);
		}
		if (categories.contains(Category.VITALS)) {
			sections.add(Section.BLOOD_GROUP);
		}
		return sections;
	}

	static Contribution of(String pseudonym, Person person, Set<Category> categories,
			Map<Section, List<Entry>> entries) {
		Optional<IdentityDetails> identity = newest(entries.get(Section.IDENTITY), RECORDED_NEWEST_FIRST)
			.map(entry -> (IdentityDetails) entry.content());
		LocalDate registered = LocalDate.ofInstant(person.createdAt(), ZoneOffset.UTC);
		String ageBand = identity.map(IdentityDetails::dateOfBirth).map(born -> ageBand(born, registered)).orElse(null);
		String sex = identity.map(IdentityDetails::sex).map(Enum::name).orElse(null);
		String nationality = identity.map(IdentityDetails::nationality).orElse(null);
		return new Contribution(pseudonym, person.homeJurisdiction(), ageBand, sex, nationality, quarter(registered),
				categories,
				categories.contains(Category.INFECTIOUS_DISEASES) ? screenings(entries) : null,
				categories.contains(Category.VACCINATIONS) ? antigens(entries) : null,
				categories.contains(Category.CONDITIONS) ? chapters(entries) : null,
				categories.contains(Category.MENTAL_HEALTH) ? mentalHealth(entries) : null,
				categories.contains(Category.VITALS) ? bloodGroup(entries) : null);
	}

	/** The 5-year band of the age on {@code on}: {@code 0-4}, {@code 5-9}, ... {@code 80-84}, {@code 85+}. */
	static String ageBand(LocalDate born, LocalDate on) {
		int age = Math.max(0, Period.between(born, on).getYears());
		if (age >= OLDEST_BAND) {
			return OLDEST_BAND + "+";
		}
		int from = age / AGE_BAND_YEARS * AGE_BAND_YEARS;
		return from + "-" + (from + AGE_BAND_YEARS - 1);
	}

	static String quarter(LocalDate day) {
		return day.getYear() + "-Q" + ((day.getMonthValue() - 1) / 3 + 1);
	}

	/** Per disease, the result of the latest screening (by its date, then by when it was recorded). */
	private static SortedSet<String> screenings(Map<Section, List<Entry>> entries) {
		Map<InfectiousDiseaseScreening.Disease, Entry> latest = new EnumMap<>(InfectiousDiseaseScreening.Disease.class);
		Comparator<Entry> order = Comparator.comparing((Entry e) -> ((InfectiousDiseaseScreening) e.content()).date())
			.thenComparing(Entry::recordedAt);
		for (Entry entry : list(entries, Section.INFECTIOUS_DISEASE_SCREENING)) {
			InfectiousDiseaseScreening screening = (InfectiousDiseaseScreening) entry.content();
			latest.merge(screening.disease(), entry, (a, b) -> order.compare(a, b) >= 0 ? a : b);
		}
		SortedSet<String> results = new TreeSet<>();
		latest.forEach((disease, entry) -> results
			.add(disease.name() + ":" + ((InfectiousDiseaseScreening) entry.content()).result().name()));
		return results;
	}

	private static SortedSet<String> antigens(Map<Section, List<Entry>> entries) {
		SortedSet<String> antigens = new TreeSet<>();
		for (Entry entry : list(entries, Section.VACCINATION)) {
			antigens.addAll(VaccineAntigens.of(((Vaccination) entry.content()).vaccine()));
		}
		return antigens;
	}

	/** The chapters of coded conditions; the free-text description is never looked at. */
	private static SortedSet<String> chapters(Map<Section, List<Entry>> entries) {
		SortedSet<String> chapters = new TreeSet<>();
		for (Entry entry : list(entries, Section.CONDITION)) {
			Icd10Chapters.of(((Condition) entry.content()).icd10Code()).ifPresent(chapters::add);
		}
		return chapters;
	}

	/** The latest assessment's outcome: follow-up needed is a positive screening. */
	private static String mentalHealth(Map<Section, List<Entry>> entries) {
		Comparator<Entry> order = Comparator
			.comparing((Entry e) -> ((MentalHealthAssessment) e.content()).date())
			.thenComparing(Entry::recordedAt)
			.reversed();
		return newest(list(entries, Section.MENTAL_HEALTH_ASSESSMENT), order)
			.map(entry -> ((MentalHealthAssessment) entry.content()).followUpNeeded())
			.map(positive -> positive ? "POSITIVE" : "NEGATIVE")
			.orElse(null);
	}

	private static String bloodGroup(Map<Section, List<Entry>> entries) {
		return newest(list(entries, Section.BLOOD_GROUP), RECORDED_NEWEST_FIRST)
			.map(entry -> ((BloodGroupEntry) entry.content()).group().name())
			.orElse(null);
	}

	private static List<Entry> list(Map<Section, List<Entry>> entries, Section section) {
		return entries.getOrDefault(section, List.of());
	}

	private static Optional<Entry> newest(List<Entry> entries, Comparator<Entry> newestFirst) {
		return entries == null ? Optional.empty() : entries.stream().min(newestFirst);
	}
}
