package org.carnet.statistics;

import java.util.Comparator;
import java.util.List;

/**
 * What an analyst receives: the question, the protected table, and with noise how much of the privacy budget is
 * left.
 *
 * @param query the question as it was understood (home jurisdictions filled in)
 * @param table the protected table
 * @param budgetLeft the privacy budget left for the period (the smallest over the jurisdictions asked about), or
 * {@code null} without noise
 */
public record StatisticsAnswer(StatisticsQuery query, ProtectedTable table, Double budgetLeft) {

	/** Cells in a reading order: by each value in turn. */
	static final Comparator<List<String>> KEY_ORDER = (a, b) -> {
		for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
			int compared = a.get(i).compareTo(b.get(i));
			if (compared != 0) {
				return compared;
			}
		}
		return Integer.compare(a.size(), b.size());
	};
}
