package org.carnet.statistics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The exact counts behind one statistics answer, before disclosure control: persons per cell of the grouping and, for
 * an indicator that is a share (a positive TB screening among those screened), how many of them have it. A cell is
 * one combination of the grouping's values ({@code ["25-29", "F"]} for age band and sex); the answer also publishes
 * a total per value of each grouping dimension and an overall total, so the table knows those lines too. Never leaves
 * the module: only {@link DisclosureControl}'s protected form does.
 *
 * @param dimensions the grouping dimensions, in order (none: one cell, the whole population)
 * @param cells each cell's counts, by its values in the order of {@code dimensions}; a cell absent has no persons
 * @param share whether the indicator is a share (each cell has a numerator) or a plain count of persons
 */
record CountTable(List<String> dimensions, Map<List<String>, Counts> cells, boolean share) {

	CountTable {
		dimensions = List.copyOf(dimensions);
		Map<List<String>, Counts> copy = new LinkedHashMap<>();
		for (Map.Entry<List<String>, Counts> cell : cells.entrySet()) {
			if (cell.getKey().size() != dimensions.size()) {
				throw new IllegalArgumentException("A cell has " + cell.getKey().size() + " values for "
						+ dimensions.size() + " dimensions");
			}
			if (!share && cell.getValue().withIndicator() != 0) {
				throw new IllegalArgumentException("A plain count has no numerator");
			}
			copy.put(List.copyOf(cell.getKey()), cell.getValue());
		}
		cells = copy;
	}

	/**
	 * Persons in a cell, and how many of them have the indicator (0 for a plain count).
	 */
	record Counts(long persons, long withIndicator) {

		Counts {
			if (persons < 0 || withIndicator < 0 || withIndicator > persons) {
				throw new IllegalArgumentException("Counts must satisfy 0 <= with indicator <= persons");
			}
		}

		/** The persons of the cell without the indicator: published implicitly by a share. */
		long withoutIndicator() {
			return persons - withIndicator;
		}

		Counts plus(Counts other) {
			return new Counts(persons + other.persons, withIndicator + other.withIndicator);
		}
	}

	/** The cells in a stable order (as given). */
	List<List<String>> keys() {
		return new ArrayList<>(cells.keySet());
	}

	/** The values each dimension takes among the cells, in order of appearance. */
	List<Set<String>> values() {
		List<Set<String>> values = new ArrayList<>();
		for (int d = 0; d < dimensions.size(); d++) {
			Set<String> seen = new LinkedHashSet<>();
			for (List<String> key : cells.keySet()) {
				seen.add(key.get(d));
			}
			values.add(seen);
		}
		return values;
	}
}
