package org.carnet.statistics;

import java.util.List;

/**
 * A statistics answer after disclosure control: what may leave. Published counts are rounded (and, where the
 * jurisdiction says so, noisy); a suppressed cell or total carries no number, only why.
 *
 * @param dimensions the grouping, in order
 * @param cells one per combination of the grouping's values that has persons (none when there is no grouping)
 * @param totals with two or more dimensions, one per value of each dimension (the sums a reader would add up)
 * @param overall all contributing persons
 * @param rules what was applied
 */
public record ProtectedTable(List<String> dimensions, List<Cell> cells, List<Total> totals, Total overall,
		DisclosureRules rules) {

	/** Why a number is not published. */
	public enum Suppression {

		/** It stands for fewer persons than the threshold (and more than none). */
		BELOW_THRESHOLD,

		/** Published, it would let a reader work out another suppressed number from the totals. */
		PROTECTS_ANOTHER
	}

	/**
	 * One cell: {@code persons} and, for a share, {@code withIndicator} and {@code share}; all {@code null} when
	 * suppressed.
	 */
	public record Cell(List<String> values, Long persons, Long withIndicator, Double share, Suppression suppressed) {
	}

	/**
	 * A total over every cell with {@code value} for {@code dimension} (both {@code null} for the overall total).
	 */
	public record Total(String dimension, String value, Long persons, Long withIndicator, Double share,
			Suppression suppressed) {
	}
}
