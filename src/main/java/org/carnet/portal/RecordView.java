package org.carnet.portal;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.carnet.portal.Answers.Entry;
import org.carnet.portal.Answers.PersonRecord;

import org.carnet.portal.RecordSections.Detail;
import org.carnet.portal.RecordSections.Section;

/**
 * A record as a page shows it: every section in the same order, each either with its entries, empty, or not shared
 * with the reader. A withheld section looks the same whether or not the person has data there. For a reader who is
 * not the person, the record at a glance too: who this is, the alerts first, and the sections not shared or empty
 * each named in one line.
 *
 * @param who who the person is, from their identity when it is shared with the reader
 * @param alerts what a clinician must see first (severe allergies, critical results...), from shared sections only
 * @param withheld the sections not shared with the reader, named in one phrase ("vaccinations and mental health")
 * @param empty the sections with nothing recorded, named in one phrase
 * @param notice where the person's home policy hides restrictions from the reader: the line saying the record may be
 * incomplete, in the reader's language (the same whether or not anything is withheld); empty otherwise
 */
record RecordView(String id, String phrNumber, String home, List<SectionView> sections, Who who, List<String> alerts,
		String withheld, String empty, String notice) {

	enum State {
		SHOWN, EMPTY, WITHHELD
	}

	record SectionView(String field, String category, String title, String explanation, State state,
			List<EntryView> entries) {

		public boolean withheld() {
			return state == State.WITHHELD;
		}

		public boolean empty() {
			return state == State.EMPTY;
		}

		public boolean shown() {
			return state == State.SHOWN;
		}
	}

	/**
	 * One entry: its title and details, each with the direction it reads in ({@code ltr}, {@code rtl}, or
	 * {@code null} for words of the page's own language); {@code alert} when a clinician must see it first.
	 */
	record EntryView(String title, String titleDir, List<DetailView> details, String recorded, boolean alert) {
	}

	record DetailView(String label, String value, String dir) {
	}

	/**
	 * Who the record is about, at a glance.
	 *
	 * @param shared false when the identity is not shared with the reader
	 * @param name given and family names as recorded
	 * @param nameDir the direction the name reads in
	 * @param age the age and date (or year) of birth, as a phrase of the page's language; empty when not recorded
	 * @param sex the sex as a label; empty when not recorded
	 */
	record Who(boolean shared, String name, String nameDir, String age, String sex) {
	}

	/** Severities of an allergy that are an alert, the most serious first (other entries sort as -1: unchanged). */
	private static final List<String> SEVERE = List.of("LIFE_THREATENING", "SEVERE");

	/** An allergy in one of these states is no alert. */
	private static final Set<String> PAST = Set.of("RESOLVED", "INACTIVE");

	public List<SectionView> shownSections() {
		return sections.stream().filter(SectionView::shown).toList();
	}

	/** The view of the {@code Person} at {@code root} ("myRecord" or "person") of an answer. */
	static RecordView of(GraphQlAnswer answer, String root, PortalText text) {
		PersonRecord person = answer.field(root, PersonRecord.class).orElse(null);
		if (person == null) {
			return null;
		}
		List<SectionView> sections = new ArrayList<>();
		List<String> withheld = new ArrayList<>();
		List<String> empty = new ArrayList<>();
		List<String> alerts = new ArrayList<>();
		Who who = new Who(true, "", "ltr", "", "");
		for (Section section : RecordSections.ALL) {
			String title = text.msg("section." + section.field() + ".title");
			String explanation = text.msg("category." + section.category() + ".explain");
			if (answer.withheld(root, section.field())) {
				sections.add(new SectionView(section.field(), section.category().name(), title, explanation,
						State.WITHHELD, List.of()));
				withheld.add(text.msg("section." + section.field() + ".name"));
				if (section.field().equals("identity")) {
					who = new Who(false, "", "ltr", "", "");
				}
				continue;
			}
			List<? extends Entry> entries = section.entries(person);
			List<EntryView> views = entries.stream().map(entry -> entry(section, entry, text)).toList();
			sections.add(new SectionView(section.field(), section.category().name(), title, explanation,
					views.isEmpty() ? State.EMPTY : State.SHOWN, views));
			if (views.isEmpty()) {
				empty.add(text.msg("section." + section.field() + ".name"));
			}
			if (person.identity() != null && section.field().equals("identity")) {
				who = who(person.identity(), text);
			}
			alerts.addAll(alerts(entries, text));
		}
		return new RecordView(String.valueOf(person.id()), String.valueOf(person.phrNumber()),
				text.country(person.homeJurisdiction()), sections, who, List.copyOf(alerts), text.and(withheld),
				text.and(empty), person.completenessNotice() == null ? "" : text.msg("record.completenessNotice"));
	}

	private static Who who(Answers.Identity identity, PortalText text) {
		String name = (Objects.toString(identity.givenNames(), "") + " "
				+ Objects.toString(identity.familyName(), "")).strip();
		String age = "";
		LocalDate born = localDate(identity.dateOfBirth());
		if (Boolean.TRUE.equals(identity.coarse()) && identity.yearOfBirth() != null) {
			// the coarse view: the year of birth only, never a date
			age = text.msg("glance.bornIn", String.valueOf(identity.yearOfBirth()));
		}
		if (born != null) {
			int years = Math.max(0, Period.between(born, text.today()).getYears());
			age = Boolean.TRUE.equals(identity.dateOfBirthEstimated())
					? text.msg("glance.ageAbout", text.count("count.years", years), text.year(born))
					: text.msg("glance.age", text.count("count.years", years), text.date(born));
		}
		return new Who(true, name, text.direction(name), age, text.label("Sex", identity.sex()));
	}

	/** The entries of a section a clinician must see first, as sentences; the most severe allergies first. */
	private static List<String> alerts(List<? extends Entry> entries, PortalText text) {
		return entries.stream()
			.filter(entry -> alert(entry, text))
			.sorted(Comparator.comparingInt(entry -> entry instanceof Answers.Allergy allergy
					? SEVERE.indexOf(Objects.toString(allergy.severity(), "")) : -1))
			.map(entry -> alertSentence(entry, text))
			.toList();
	}

	/**
	 * An entry a clinician must see first: an active severe or life-threatening allergy, a result that needs urgent
	 * attention, a positive infection test, a mental-health follow-up, a pregnancy not yet delivered.
	 */
	private static boolean alert(Entry entry, PortalText text) {
		// immutable lists and sets refuse a null to look for: an unrecorded severity or status is ""
		if (entry instanceof Answers.Allergy allergy) {
			return SEVERE.contains(Objects.toString(allergy.severity(), ""))
					&& !PAST.contains(Objects.toString(allergy.status(), ""));
		}
		if (entry instanceof Answers.LabResult result) {
			return "CRITICAL".equals(result.interpretation());
		}
		if (entry instanceof Answers.InfectiousDiseaseScreening screening) {
			return "POSITIVE".equals(screening.result());
		}
		if (entry instanceof Answers.MentalHealthAssessment assessment) {
			return Boolean.TRUE.equals(assessment.followUpNeeded());
		}
		if (entry instanceof Answers.ReproductiveHealthEntry reproductive) {
			LocalDate expected = localDate(reproductive.expectedDeliveryDate());
			return "PREGNANCY".equals(reproductive.kind()) && expected != null && !expected.isBefore(text.today());
		}
		return false;
	}

	private static String alertSentence(Entry entry, PortalText text) {
		if (entry instanceof Answers.Allergy allergy) {
			String substance = text.isolate(allergy.substance());
			String severity = text.label("AllergySeverity", allergy.severity());
			return allergy.reaction() == null ? text.msg("glance.alert.allergy", substance, severity)
					: text.msg("glance.alert.allergyReaction", substance, severity, text.isolate(allergy.reaction()));
		}
		if (entry instanceof Answers.LabResult result) {
			String value = (Objects.toString(result.value(), "") + " " + Objects.toString(result.unit(), "")).strip();
			return text.msg("glance.alert.lab", text.isolate(result.test()), text.isolate(value),
					text.date(result.collectedOn()));
		}
		if (entry instanceof Answers.InfectiousDiseaseScreening screening) {
			return text.msg("glance.alert.infection", text.label("Disease", screening.disease()),
					text.date(screening.date()));
		}
		if (entry instanceof Answers.MentalHealthAssessment assessment) {
			return text.msg("glance.alert.followUp", text.isolate(assessment.instrument()),
					text.date(assessment.date()));
		}
		Answers.ReproductiveHealthEntry reproductive = (Answers.ReproductiveHealthEntry) entry;
		return text.msg("glance.alert.pregnancy", text.date(reproductive.expectedDeliveryDate()));
	}

	private static EntryView entry(Section section, Entry entry, PortalText text) {
		Object titleValue = section.title().value(entry);
		String title = value(section.title(), entry, text);
		if (entry instanceof Answers.Identity identity && identity.familyName() != null) {
			title = title + " " + identity.familyName();
		}
		String titleDir = section.title().kind() == RecordSections.Kind.TEXT ? text.direction(titleValue) : null;
		List<DetailView> details = new ArrayList<>();
		for (Detail detail : section.details()) {
			if (section.field().equals("identity") && detail.field().equals("familyName")) {
				continue;
			}
			Object raw = detail.value(entry);
			String value = value(detail, entry, text);
			if (!value.isEmpty()) {
				details.add(new DetailView(text.msg("field." + section.field() + "." + detail.field()), value,
						direction(detail, raw, text)));
			}
		}
		for (String referral : RecordSections.referrals(entry, text)) {
			details.add(new DetailView(text.msg("field.encounters.referral"), referral, null));
		}
		Answers.Provenance recorded = entry.recorded();
		String provenance = recorded == null ? ""
				: text.msg("record.recorded", text.dateTime(recorded.at()), text.person(recorded.by()),
						text.country(recorded.country()), text.label("EntrySource", recorded.source()));
		return new EntryView(title, titleDir, details, provenance, alert(entry, text));
	}

	/** Typed text reads in its own direction, codes always left to right; words of the page in the page's. */
	private static String direction(Detail detail, Object raw, PortalText text) {
		return switch (detail.kind()) {
			case TEXT -> text.direction(raw);
			case CODE -> "ltr";
			default -> null;
		};
	}

	private static String value(Detail detail, Entry entry, PortalText text) {
		Object value = detail.value(entry);
		if (value == null) {
			return "";
		}
		switch (detail.kind()) {
			case DATE:
				return text.date(value);
			case ENUM:
				return text.label(detail.enumType(), value);
			case COUNTRY:
				return text.country(value);
			case YES_NO:
				return text.msg(Boolean.TRUE.equals(value) ? "common.yes" : "common.no");
			case NUMBER:
				return text.number(value);
			case LANGUAGES:
				List<String> names = new ArrayList<>();
				if (value instanceof List<?> list) {
					list.forEach(code -> names.add(text.language(code)));
				}
				return text.and(names);
			default:
				return value.toString();
		}
	}

	private static LocalDate localDate(String iso) {
		if (iso == null) {
			return null;
		}
		try {
			return LocalDate.parse(iso);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}
}
