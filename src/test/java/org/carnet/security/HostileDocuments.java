package org.carnet.security;

/**
 * Documents of the kind that took the server down (issue 11): aliases multiplied through fragments, persons x
 * sections x nested objects, about 6 to 8 KB of text.
 */
public final class HostileDocuments {

	private HostileDocuments() {
	}

	/**
	 * {@code roots} aliases of {@code root} (e.g. {@code myRecord}, {@code person(id: $id, purpose: TREATMENT)}), each
	 * selecting a fragment with {@code sections} aliases of every list section, each entry selecting {@code leaves}
	 * aliases of a field and the provenance through another fragment of aliases.
	 */
	public static String aliasesThroughFragments(String variables, String root, int roots, int sections, int leaves) {
		StringBuilder document = new StringBuilder("query Heavy").append(variables).append(" {\n");
		for (int i = 0; i < roots; i++) {
			document.append("  r").append(i).append(": ").append(root).append(" { ...P }\n");
		}
		document.append("}\nfragment P on Person {\n");
		String[][] sectionsAndFragments = { { "allergies", "A" }, { "medications", "M" }, { "vitals", "S" } };
		for (String[] section : sectionsAndFragments) {
			for (int i = 0; i < sections; i++) {
				document.append("  ").append(section[0], 0, 1).append(i).append(": ").append(section[0])
					.append(" { ...").append(section[1]).append(" }\n");
			}
		}
		document.append("}\n");
		String[][] entries = { { "A", "Allergy", "substance" }, { "M", "Medication", "name" },
				{ "S", "VitalSign", "value" } };
		for (String[] entry : entries) {
			document.append("fragment ").append(entry[0]).append(" on ").append(entry[1]).append(" {\n ");
			for (int i = 0; i < leaves; i++) {
				document.append(" f").append(i).append(": ").append(entry[2]);
			}
			document.append("\n  recorded { ...V }\n}\n");
		}
		document.append("fragment V on Provenance {\n ");
		for (int i = 0; i < leaves; i++) {
			document.append(" v").append(i).append(": by");
		}
		return document.append("\n}\n").toString();
	}

	/** The 7 KB document for a clinician: 10 aliases of persons(ids) x 30 sections x 110 fields. */
	public static String personsTimesSections() {
		return aliasesThroughFragments("($ids: [ID!]!)", "persons(ids: $ids, purpose: TREATMENT)", 10, 10, 110);
	}

	/** A compact one, under the token limit: 4 aliases of persons(ids) x 9 sections x 12 fields. */
	public static String compactPersonsTimesSections() {
		return aliasesThroughFragments("($ids: [ID!]!)", "persons(ids: $ids, purpose: TREATMENT)", 4, 3, 12);
	}

	/** The compact one for a migrant on their own record. */
	public static String compactMyRecordTimesSections() {
		return aliasesThroughFragments("", "myRecord", 4, 3, 12);
	}

	/** The same for a migrant on their own record. */
	public static String myRecordTimesSections() {
		return aliasesThroughFragments("", "myRecord", 10, 10, 110);
	}

	/**
	 * Fragments that each spread the previous one twice: 20 levels expand to about a million fields from 1 KB of
	 * text, without a single alias.
	 */
	public static String doublingFragments(int levels) {
		StringBuilder document = new StringBuilder("query Doubling { myRecord { ...F").append(levels)
			.append(" } }\nfragment F0 on Person { id }\n");
		for (int i = 1; i <= levels; i++) {
			document.append("fragment F").append(i).append(" on Person { ...F").append(i - 1).append(" ...F")
				.append(i - 1).append(" }\n");
		}
		return document.toString();
	}
}
