package org.carnet.statistics;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

import org.carnet.statistics.CountTable.Counts;
import org.carnet.statistics.ProtectedTable.Cell;
import org.carnet.statistics.ProtectedTable.Suppression;
import org.carnet.statistics.ProtectedTable.Total;

/**
 * Turns exact counts into what may be published, always the same way:
 * <ol>
 * <li><b>noise</b>, when the rules have an epsilon: each cell's counts get discrete Laplace noise (a person changes
 * one cell, by one person and at most one with the indicator), and every total is the sum of the noisy cells, so the
 * answer adds up;</li>
 * <li><b>threshold</b>: a cell or total standing for 1 to k-1 persons, or (for a share) 1 to k-1 with or without the
 * indicator, is suppressed; so is one whose rounded number would fall below k (11 and 12 round to 10), so that no
 * published number, nor the difference of a share's two, lies between 1 and k-1;</li>
 * <li><b>complementary suppression</b>: each published total is a line a reader can subtract from; in every line
 * with a suppressed cell, at least two are suppressed and together they stand for at least k persons (with and
 * without the indicator alike), so the difference reveals no small group; and no suppressed cell may be determined by
 * all the published totals together (a linear system: a cell is determined when the reduced system has a row that is
 * that cell alone), nor pinned down by the totals together with the fact that no count is negative ({@link Pinning}).
 * Each time a line falls short, the smallest published cell of that line is suppressed too (a total
 * is withdrawn when its line has nothing left to suppress), until neither holds;</li>
 * <li><b>rounding</b>: every published count to the nearest multiple of the rounding base; a share is the ratio of
 * the rounded counts, so it reveals no more than they do.</li>
 * </ol>
 * At most {@value #MAX_CELLS} cells: the query refuses larger groupings before counting.
 */
final class DisclosureControl {

	static final int MAX_CELLS = 2_000;

	private static final double TOLERANCE = 1e-9;

	private final DiscreteLaplace noise;

	DisclosureControl(DiscreteLaplace noise) {
		this.noise = noise;
	}

	ProtectedTable protect(CountTable table, DisclosureRules rules) {
		List<List<String>> keys = table.keys();
		if (keys.size() > MAX_CELLS) {
			throw new IllegalArgumentException("At most " + MAX_CELLS + " cells, was " + keys.size());
		}
		Counts[] cells = new Counts[keys.size()];
		for (int c = 0; c < cells.length; c++) {
			cells[c] = noisy(table.cells().get(keys.get(c)), table.share(), rules);
		}
		List<Line> lines = lines(table, keys);
		Counts[] lineCounts = new Counts[lines.size()];
		for (int l = 0; l < lines.size(); l++) {
			Counts sum = new Counts(0, 0);
			for (int c = lines.get(l).cells().nextSetBit(0); c >= 0; c = lines.get(l).cells().nextSetBit(c + 1)) {
				sum = sum.plus(cells[c]);
			}
			lineCounts[l] = sum;
		}

		int k = rules.threshold();
		Suppression[] cellSuppressed = new Suppression[cells.length];
		for (int c = 0; c < cells.length; c++) {
			if (small(cells[c], table.share(), k, rules.roundingBase())) {
				cellSuppressed[c] = Suppression.BELOW_THRESHOLD;
			}
		}
		Suppression[] lineSuppressed = new Suppression[lines.size()];
		for (int l = 0; l < lines.size(); l++) {
			if (small(lineCounts[l], table.share(), k, rules.roundingBase())) {
				lineSuppressed[l] = Suppression.BELOW_THRESHOLD;
			}
		}
		complement(cells, cellSuppressed, lines, lineSuppressed, table.share(), k, rules.roundingBase());

		List<Cell> published = new ArrayList<>();
		if (!table.dimensions().isEmpty()) {
			for (int c = 0; c < cells.length; c++) {
				published.add(cellSuppressed[c] != null
						? new Cell(keys.get(c), null, null, null, cellSuppressed[c])
						: cell(keys.get(c), cells[c], table.share(), rules.roundingBase()));
			}
		}
		List<Total> totals = new ArrayList<>();
		Total overall = null;
		for (int l = 0; l < lines.size(); l++) {
			Line line = lines.get(l);
			Total total = lineSuppressed[l] != null
					? new Total(line.dimension(), line.value(), null, null, null, lineSuppressed[l])
					: total(line, lineCounts[l], table.share(), rules.roundingBase());
			if (line.dimension() == null) {
				overall = total;
			}
			else {
				totals.add(total);
			}
		}
		return new ProtectedTable(table.dimensions(), published, totals, overall, rules);
	}

	/** The cell's counts, with noise when the rules ask for it (never below zero, the numerator within the cell). */
	private Counts noisy(Counts exact, boolean share, DisclosureRules rules) {
		if (rules.epsilon() == null) {
			return exact;
		}
		// one person moves the persons by one and, for a share, the numerator by at most one: sensitivity 2
		double sensitivity = share ? 2 : 1;
		long persons = Math.max(0, exact.persons() + noise.sample(rules.epsilon(), sensitivity));
		long with = share ? Math.min(persons, Math.max(0, exact.withIndicator() + noise.sample(rules.epsilon(),
				sensitivity))) : 0;
		return new Counts(persons, with);
	}

	/**
	 * Stands for 1 to k-1 persons (or, for a share, 1 to k-1 with or without the indicator), exactly or once rounded.
	 */
	static boolean small(Counts counts, boolean share, int k, int base) {
		long persons = round(counts.persons(), base);
		if (below(counts.persons(), persons, k)) {
			return true;
		}
		if (!share) {
			return false;
		}
		long with = round(counts.withIndicator(), base);
		return below(counts.withIndicator(), with, k)
				|| below(counts.withoutIndicator(), persons - Math.min(with, persons), k);
	}

	/** Some persons, but fewer than k either exactly or as published. */
	private static boolean below(long exact, long published, int k) {
		return exact >= 1 && (exact < k || published < k);
	}

	/**
	 * The published totals, as lines over the cells: with one dimension only the overall total (the cells are the
	 * totals per value); with two or more, one per value of each dimension, and the overall total; with none, the
	 * overall total stands alone.
	 */
	private static List<Line> lines(CountTable table, List<List<String>> keys) {
		List<Line> lines = new ArrayList<>();
		if (table.dimensions().size() >= 2) {
			List<Set<String>> values = table.values();
			for (int d = 0; d < table.dimensions().size(); d++) {
				for (String value : values.get(d)) {
					BitSet members = new BitSet(keys.size());
					for (int c = 0; c < keys.size(); c++) {
						if (keys.get(c).get(d).equals(value)) {
							members.set(c);
						}
					}
					lines.add(new Line(table.dimensions().get(d), value, members));
				}
			}
		}
		BitSet all = new BitSet(keys.size());
		all.set(0, keys.size());
		lines.add(new Line(null, null, all));
		return lines;
	}

	/** Suppresses further cells (or withdraws totals) until no line reveals a small group or determines a cell. */
	private static void complement(Counts[] cells, Suppression[] cellSuppressed, List<Line> lines,
			Suppression[] lineSuppressed, boolean share, int k, int base) {
		boolean changed = true;
		while (changed) {
			changed = false;
			for (int l = 0; l < lines.size() && !changed; l++) {
				if (lineSuppressed[l] == null
						&& revealsSmallGroup(lines.get(l), cells, cellSuppressed, share, k, base)) {
					protect(l, lines, cells, cellSuppressed, lineSuppressed);
					changed = true;
				}
			}
			if (!changed) {
				int determined = firstDetermined(cellSuppressed, lines, lineSuppressed);
				if (determined < 0) {
					determined = Pinning.firstPinned(cells, share, cellSuppressed, lines, lineSuppressed);
				}
				if (determined >= 0) {
					for (int l = 0; l < lines.size(); l++) {
						if (lineSuppressed[l] == null && lines.get(l).cells().get(determined)) {
							protect(l, lines, cells, cellSuppressed, lineSuppressed);
							changed = true;
							break;
						}
					}
				}
			}
		}
	}

	/**
	 * A published line whose suppressed cells are one alone, or together stand for 1 to k-1 persons (with or without
	 * the indicator): its total minus its published cells would reveal them.
	 */
	private static boolean revealsSmallGroup(Line line, Counts[] cells, Suppression[] suppressed, boolean share,
			int k, int base) {
		int count = 0;
		Counts hidden = new Counts(0, 0);
		for (int c = line.cells().nextSetBit(0); c >= 0; c = line.cells().nextSetBit(c + 1)) {
			if (suppressed[c] != null) {
				count++;
				hidden = hidden.plus(cells[c]);
			}
		}
		if (count == 0) {
			return false;
		}
		return count == 1 || small(hidden, share, k, base) || hidden.persons() == 0;
	}

	/** Suppresses the line's smallest published cell (persons first, then empty ones), or withdraws the line. */
	private static void protect(int l, List<Line> lines, Counts[] cells, Suppression[] cellSuppressed,
			Suppression[] lineSuppressed) {
		BitSet members = lines.get(l).cells();
		int best = -1;
		for (int c = members.nextSetBit(0); c >= 0; c = members.nextSetBit(c + 1)) {
			if (cellSuppressed[c] == null && (best < 0 || better(cells[c], cells[best]))) {
				best = c;
			}
		}
		if (best >= 0) {
			cellSuppressed[best] = Suppression.PROTECTS_ANOTHER;
		}
		else {
			lineSuppressed[l] = Suppression.PROTECTS_ANOTHER;
		}
	}

	/** A cell with persons before an empty one (hiding nobody protects little), then the smaller. */
	private static boolean better(Counts candidate, Counts best) {
		if ((candidate.persons() > 0) != (best.persons() > 0)) {
			return candidate.persons() > 0;
		}
		return candidate.persons() < best.persons();
	}

	/**
	 * The first suppressed cell that the published totals determine, or -1: reduces the system (published lines over
	 * the suppressed cells) to row echelon form; a cell is determined exactly when a reduced row is that cell alone.
	 */
	static int firstDetermined(Suppression[] cellSuppressed, List<Line> lines, Suppression[] lineSuppressed) {
		int[] unknowns = new int[cellSuppressed.length];
		int width = 0;
		for (int c = 0; c < cellSuppressed.length; c++) {
			if (cellSuppressed[c] != null) {
				unknowns[width++] = c;
			}
		}
		if (width == 0) {
			return -1;
		}
		List<double[]> rows = new ArrayList<>();
		for (int l = 0; l < lines.size(); l++) {
			if (lineSuppressed[l] != null) {
				continue;
			}
			double[] row = new double[width];
			boolean any = false;
			for (int u = 0; u < width; u++) {
				if (lines.get(l).cells().get(unknowns[u])) {
					row[u] = 1;
					any = true;
				}
			}
			if (any) {
				rows.add(row);
			}
		}
		double[][] matrix = rows.toArray(new double[0][]);
		reduce(matrix, width);
		for (double[] row : matrix) {
			int nonZero = -1;
			int count = 0;
			for (int u = 0; u < width; u++) {
				if (Math.abs(row[u]) > TOLERANCE) {
					nonZero = u;
					count++;
				}
			}
			if (count == 1) {
				return unknowns[nonZero];
			}
		}
		return -1;
	}

	/**
	 * Reduced row echelon form, in place, with partial pivoting on the first {@code width} columns only; the row
	 * operations apply to every column (those beyond {@code width} are carried along).
	 */
	static void reduce(double[][] matrix, int width) {
		int pivotRow = 0;
		for (int column = 0; column < width && pivotRow < matrix.length; column++) {
			int best = pivotRow;
			for (int r = pivotRow + 1; r < matrix.length; r++) {
				if (Math.abs(matrix[r][column]) > Math.abs(matrix[best][column])) {
					best = r;
				}
			}
			if (Math.abs(matrix[best][column]) <= TOLERANCE) {
				continue;
			}
			double[] swap = matrix[pivotRow];
			matrix[pivotRow] = matrix[best];
			matrix[best] = swap;
			double pivot = matrix[pivotRow][column];
			for (int u = column; u < matrix[pivotRow].length; u++) {
				matrix[pivotRow][u] /= pivot;
			}
			for (int r = 0; r < matrix.length; r++) {
				if (r != pivotRow && Math.abs(matrix[r][column]) > TOLERANCE) {
					double factor = matrix[r][column];
					for (int u = column; u < matrix[r].length; u++) {
						matrix[r][u] -= factor * matrix[pivotRow][u];
					}
				}
			}
			pivotRow++;
		}
	}

	private static Cell cell(List<String> values, Counts counts, boolean share, int base) {
		long persons = round(counts.persons(), base);
		Long with = share ? round(counts.withIndicator(), base) : null;
		return new Cell(values, persons, with, share(with, persons), null);
	}

	private static Total total(Line line, Counts counts, boolean share, int base) {
		long persons = round(counts.persons(), base);
		Long with = share ? round(counts.withIndicator(), base) : null;
		return new Total(line.dimension(), line.value(), persons, with, share(with, persons), null);
	}

	/** The share of the rounded counts, to three decimals; none for a plain count or an empty cell. */
	private static Double share(Long with, long persons) {
		if (with == null || persons == 0) {
			return null;
		}
		return Math.round(1000.0 * Math.min(with, persons) / persons) / 1000.0;
	}

	/** To the nearest multiple of {@code base}, halves up. */
	static long round(long count, int base) {
		return Math.floorDiv(count + base / 2, base) * (long) base;
	}

	/** A published total: the cells of {@code dimension} = {@code value}, or all of them (both null). */
	record Line(String dimension, String value, BitSet cells) {
	}
}
