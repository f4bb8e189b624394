package org.carnet.consent;

import java.time.Duration;

/**
 * How statistics about the persons of one jurisdiction may be published (the {@code statistics:} section of
 * {@code policies/consent/}).
 *
 * @param threshold the fewest persons a published count may stand for (k: default 11, never below 5)
 * @param rounding published counts are multiples of it (default 5)
 * @param noiseEpsilon the privacy loss of one answer when answers get discrete Laplace noise; {@code null}: no noise
 * @param budgetEpsilon the privacy loss one analyst may spend on this jurisdiction's persons per period; {@code null}
 * when there is no noise (a budget without noise would count nothing)
 * @param budgetPeriod how long a budget lasts before it starts again
 */
public record StatisticsPolicy(int threshold, int rounding, Double noiseEpsilon, Double budgetEpsilon,
		Duration budgetPeriod) {

	/** The lowest threshold any policy may set. */
	public static final int LOWEST_THRESHOLD = 5;

	public StatisticsPolicy {
		if (threshold < LOWEST_THRESHOLD) {
			throw new IllegalArgumentException("statistics.threshold is never below " + LOWEST_THRESHOLD);
		}
		if ((noiseEpsilon == null) != (budgetEpsilon == null)) {
			throw new IllegalArgumentException("statistics.noise-epsilon and statistics.budget-epsilon go together");
		}
	}

	/** Whether answers get noise (and cost budget). */
	public boolean noisy() {
		return noiseEpsilon != null;
	}
}
