package org.carnet.portal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.carnet.portal.RecordSections.Detail;
import org.carnet.portal.RecordSections.Section;

/**
 * A record as a page shows it: every section in the same order, each either with its entries, empty, or not shared
 * with the reader. A withheld section looks the same whether or not the person has data there.
 */
record RecordView(String id, String phrNumber, String home, List<SectionView> sections) {

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
	}

	record EntryView(String title, List<DetailView> details, String recorded) {
	}

	record DetailView(String label, String value) {
	}

	/** The view of the {@code Person} at {@code root} ("myRecord" or "person") of an answer. */
	@SuppressWarnings("unchecked")
	static RecordView of(GraphQlAnswer answer, String root, PortalText text) {
		Map<String, Object> person = answer.object(root);
		if (person == null) {
			return null;
		}
		List<SectionView> sections = new ArrayList<>();
		for (Section section : RecordSections.ALL) {
			String title = text.msg("section." + section.field() + ".title");
			String explanation = text.msg("category." + section.category() + ".explain");
			if (answer.withheld(root, section.field())) {
				sections.add(new SectionView(section.field(), section.category().name(), title, explanation,
						State.WITHHELD, List.of()));
				continue;
			}
			Object value = person.get(section.field());
			List<Map<String, Object>> entries = new ArrayList<>();
			if (value instanceof Map<?, ?> single) {
				entries.add((Map<String, Object>) single);
			}
			else if (value instanceof List<?> list) {
				list.forEach(item -> entries.add((Map<String, Object>) item));
			}
			List<EntryView> views = entries.stream().map(entry -> entry(section, entry, text)).toList();
			sections.add(new SectionView(section.field(), section.category().name(), title, explanation,
					views.isEmpty() ? State.EMPTY : State.SHOWN, views));
		}
		return new RecordView(String.valueOf(person.get("id")), String.valueOf(person.get("phrNumber")),
				text.country(person.get("homeJurisdiction")), sections);
	}

	@SuppressWarnings("unchecked")
	private static EntryView entry(Section section, Map<String, Object> entry, PortalText text) {
		String title = value(section.title(), entry, text);
		if (section.field().equals("identity") && entry.get("familyName") != null) {
			title = title + " " + entry.get("familyName");
		}
		List<DetailView> details = new ArrayList<>();
		for (Detail detail : section.details()) {
			if (section.field().equals("identity") && detail.field().equals("familyName")) {
				continue;
			}
			String value = value(detail, entry, text);
			if (!value.isEmpty()) {
				details.add(new DetailView(text.msg("field." + section.field() + "." + detail.field()), value));
			}
		}
		for (String referral : RecordSections.referrals(entry, text)) {
			details.add(new DetailView(text.msg("field.encounters.referral"), referral));
		}
		Map<String, Object> recorded = entry.get("recorded") instanceof Map<?, ?> map ? (Map<String, Object>) map
				: Map.of();
		String provenance = recorded.isEmpty() ? ""
				: text.msg("record.recorded", text.dateTime(recorded.get("at")), text.person(recorded.get("by")),
						text.country(recorded.get("country")), text.label("EntrySource", recorded.get("source")));
		return new EntryView(title, details, provenance);
	}

	private static String value(Detail detail, Map<String, Object> entry, PortalText text) {
		Object value = RecordSections.value(entry, detail.field());
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
}
