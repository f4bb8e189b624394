package org.carnet.statistics;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.ToLongFunction;

import org.carnet.statistics.CountTable.Counts;
import org.carnet.statistics.DisclosureControl.Line;
import org.carnet.statistics.ProtectedTable.Suppression;

/**
 * Whether a reader could pin a withheld count down from the published totals and the fact that no count is negative.
 * The linear check ({@link DisclosureControl#firstDetermined}) misses this when a withheld count is zero: a line's
 * remainder may then leave another withheld cell no room at all (a + b = 27, with b forced to 0 by another line,
 * gives a = 27).
 * <p>
 * The check is linear algebra, and errs on the side of withholding: it supposes the reader knows which withheld counts
 * are zero. A withheld count above zero has room when, the zeros known, no combination of the published lines is that
 * count alone: it can then move a little both ways. A withheld zero has room when its column is a combination of the
 * other counts' columns: it can then grow while the others make up for it. Both are read off one reduction of the
 * published lines, with the non-zero counts' columns first. A share is checked for its persons with and its persons
 * without the indicator (both are published through the totals; the persons are their sum), a count for its persons.
 */
final class Pinning {

	private static final double TOLERANCE = 1e-9;

	private Pinning() {
	}

	/** The first withheld cell that a count of it (or, for a share, either part) leaves no room, or -1. */
	static int firstPinned(Counts[] cells, boolean share, Suppression[] cellSuppressed, List<Line> lines,
			Suppression[] lineSuppressed) {
		if (share) {
			int pinned = firstPinned(cells, Counts::withIndicator, cellSuppressed, lines, lineSuppressed);
			return pinned >= 0 ? pinned
					: firstPinned(cells, Counts::withoutIndicator, cellSuppressed, lines, lineSuppressed);
		}
		return firstPinned(cells, Counts::persons, cellSuppressed, lines, lineSuppressed);
	}

	private static int firstPinned(Counts[] cells, ToLongFunction<Counts> count, Suppression[] cellSuppressed,
			List<Line> lines, Suppression[] lineSuppressed) {
		List<Integer> above = new ArrayList<>();
		List<Integer> zeros = new ArrayList<>();
		for (int c = 0; c < cells.length; c++) {
			if (cellSuppressed[c] != null) {
				(count.applyAsLong(cells[c]) > 0 ? above : zeros).add(c);
			}
		}
		if (zeros.isEmpty()) {
			return -1; // the linear check says it all
		}
		List<Integer> columns = new ArrayList<>(above);
		columns.addAll(zeros);
		List<double[]> rows = new ArrayList<>();
		for (int l = 0; l < lines.size(); l++) {
			if (lineSuppressed[l] != null) {
				continue;
			}
			BitSet members = lines.get(l).cells();
			double[] row = new double[columns.size()];
			boolean any = false;
			for (int u = 0; u < columns.size(); u++) {
				if (members.get(columns.get(u))) {
					row[u] = 1;
					any = true;
				}
			}
			if (any) {
				rows.add(row);
			}
		}
		double[][] matrix = rows.toArray(new double[0][]);
		DisclosureControl.reduce(matrix, above.size());
		for (double[] row : matrix) {
			int nonZero = -1;
			int nonZeros = 0;
			for (int u = 0; u < above.size(); u++) {
				if (Math.abs(row[u]) > TOLERANCE) {
					nonZero = u;
					nonZeros++;
				}
			}
			if (nonZeros == 1) {
				return columns.get(nonZero);
			}
			if (nonZeros == 0) {
				// a line over zeros alone, once the rest is subtracted: each zero in it is held where it is
				for (int u = above.size(); u < columns.size(); u++) {
					if (Math.abs(row[u]) > TOLERANCE) {
						return columns.get(u);
					}
				}
			}
		}
		return -1;
	}
}
