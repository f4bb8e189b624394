package org.carnet.statistics;

/**
 * How an answer is protected: cells and totals of fewer than {@code threshold} persons (but not none) are not
 * published, counts are rounded to a multiple of {@code roundingBase}, and, when {@code epsilon} is set, each cell
 * gets noise from a discrete Laplace distribution first (a jurisdiction's choice, paid from the analyst's privacy
 * budget).
 *
 * @param threshold the smallest number of persons a published count may stand for (k; default 11, never below 5)
 * @param roundingBase published counts are multiples of it (default 5)
 * @param epsilon the privacy loss one answer may cost, or {@code null} for no noise
 */
public record DisclosureRules(int threshold, int roundingBase, Double epsilon) {

	static final int LOWEST_THRESHOLD = 5;

	public DisclosureRules {
		if (threshold < LOWEST_THRESHOLD) {
			throw new IllegalArgumentException("The threshold of a statistics answer is never below "
					+ LOWEST_THRESHOLD + ", was " + threshold);
		}
		if (roundingBase < 1) {
			throw new IllegalArgumentException("The rounding base must be at least 1, was " + roundingBase);
		}
		if (epsilon != null && !(epsilon > 0 && epsilon <= 10)) {
			throw new IllegalArgumentException("epsilon must be above 0 and at most 10, was " + epsilon);
		}
	}

	static DisclosureRules standard() {
		return new DisclosureRules(11, 5, null);
	}
}
