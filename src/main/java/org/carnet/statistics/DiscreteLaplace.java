package org.carnet.statistics;

import java.security.SecureRandom;

/**
 * Integer noise for counts: the two-sided geometric (discrete Laplace) distribution, {@code P(x) ∝ exp(-|x| / scale)},
 * the difference of two geometric draws, from {@link SecureRandom} (a predictable generator would let the noise be
 * subtracted). Added to a count whose one person changes it by at most {@code sensitivity}, with scale
 * {@code sensitivity / epsilon}, it makes the answer epsilon-differentially private for that count.
 * <p>
 * The geometric draws invert a uniform double ({@code floor(ln U / ln(1 - p))}): the noise's distribution is exact
 * to double precision, and since the noise is an integer added to an integer count, every integer stays a possible
 * answer whatever the count (the weakness of floating-point continuous Laplace noise, whose possible outputs depend on
 * the true value, does not arise).
 */
final class DiscreteLaplace {

	private final SecureRandom random;

	DiscreteLaplace(SecureRandom random) {
		this.random = random;
	}

	/** Noise with {@code P(x) ∝ exp(-|x| * epsilon / sensitivity)}. */
	long sample(double epsilon, double sensitivity) {
		if (!(epsilon > 0) || !(sensitivity > 0)) {
			throw new IllegalArgumentException("epsilon and sensitivity must be positive");
		}
		double stop = 1 - Math.exp(-epsilon / sensitivity); // the chance a geometric draw stops at each step
		return geometric(stop) - geometric(stop);
	}

	/** Failures before the first success, each trial succeeding with probability {@code stop}. */
	private long geometric(double stop) {
		if (stop >= 1) {
			return 0;
		}
		double uniform;
		do {
			uniform = random.nextDouble();
		}
		while (uniform == 0);
		double draws = Math.floor(Math.log(uniform) / Math.log1p(-stop));
		return draws >= Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : (long) draws;
	}
}
