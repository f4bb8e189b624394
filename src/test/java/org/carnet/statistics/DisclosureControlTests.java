package org.carnet.statistics;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.carnet.statistics.CountTable.Counts;
import org.carnet.statistics.ProtectedTable.Cell;
import org.carnet.statistics.ProtectedTable.Suppression;
import org.carnet.statistics.ProtectedTable.Total;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Disclosure control as an analyst and an attacker see it: what is published, what is suppressed and why, and that
 * the published totals let no one work a suppressed cell out. The attacker here is stronger than a real one: the
 * properties run with rounding switched off (base 1), so the totals are exact, and solve the published system with
 * exact fractions and by enumerating every non-negative integer filling of the suppressed cells.
 */
class DisclosureControlTests {

	private final DisclosureControl control = new DisclosureControl(new DiscreteLaplace(new SecureRandom()));

	@Test
	void aSmallCellIsSuppressedWithTheSmallestOtherOneAndTheRestIsRoundedToFive() {
		ProtectedTable answer = control.protect(oneDimension(Map.of("A", 3L, "B", 40L, "C", 52L)),
				DisclosureRules.standard());

		assertThat(answer.cells()).containsExactly(new Cell(List.of("A"), null, null, null, Suppression.BELOW_THRESHOLD),
				new Cell(List.of("B"), null, null, null, Suppression.PROTECTS_ANOTHER),
				new Cell(List.of("C"), 50L, null, null, null));
		assertThat(answer.overall()).isEqualTo(new Total(null, null, 95L, null, null, null));
		assertThat(answer.totals()).isEmpty();
	}

	@Test
	void countsThatWouldBeRoundedBelowTheThresholdAreSuppressedToo() {
		// 12 rounds to 10, which is below k = 11
		ProtectedTable answer = control.protect(oneDimension(Map.of("A", 12L, "B", 13L, "C", 60L)),
				DisclosureRules.standard());
		assertThat(answer.cells().get(0).suppressed()).isEqualTo(Suppression.BELOW_THRESHOLD);
		assertThat(answer.cells().get(1).suppressed()).isEqualTo(Suppression.PROTECTS_ANOTHER);
		assertThat(answer.cells().get(2).persons()).isEqualTo(60L);
	}

	@Test
	void withoutGroupingOnlyTheOverallTotalIsPublished() {
		CountTable few = new CountTable(List.of(), Map.of(List.of(), new Counts(7, 0)), false);
		assertThat(control.protect(few, DisclosureRules.standard()).overall().suppressed())
			.isEqualTo(Suppression.BELOW_THRESHOLD);
		CountTable many = new CountTable(List.of(), Map.of(List.of(), new Counts(122, 0)), false);
		ProtectedTable answer = control.protect(many, DisclosureRules.standard());
		assertThat(answer.cells()).isEmpty();
		assertThat(answer.overall().persons()).isEqualTo(120L);
	}

	@Test
	void aShareHidesACellWhereFewHaveOrFewLackTheIndicator() {
		Map<List<String>, Counts> cells = new LinkedHashMap<>();
		cells.put(List.of("GR"), new Counts(40, 38)); // 2 without: everyone else in the cell would be known to have it
		cells.put(List.of("IT"), new Counts(60, 20));
		cells.put(List.of("DE"), new Counts(80, 30));
		ProtectedTable answer = control.protect(new CountTable(List.of("jurisdiction"), cells, true),
				DisclosureRules.standard());
		assertThat(answer.cells().get(0).suppressed()).isEqualTo(Suppression.BELOW_THRESHOLD);
		assertThat(answer.cells().get(1).suppressed()).isEqualTo(Suppression.PROTECTS_ANOTHER);
		assertThat(answer.cells().get(2)).isEqualTo(new Cell(List.of("DE"), 80L, 30L, 0.375, null));
		assertThat(answer.overall()).isEqualTo(new Total(null, null, 180L, 90L, 0.5, null));
	}

	@Test
	void inATwoWayTableASmallCellTakesARectangleWithIt() {
		Map<List<String>, Counts> cells = new LinkedHashMap<>();
		long[][] counts = { { 2, 30, 40 }, { 25, 35, 45 }, { 50, 60, 70 } };
		String[] bands = { "20-24", "25-29", "30-34" };
		String[] sexes = { "F", "M", "X" };
		for (int b = 0; b < 3; b++) {
			for (int s = 0; s < 3; s++) {
				cells.put(List.of(bands[b], sexes[s]), new Counts(counts[b][s], 0));
			}
		}
		ProtectedTable answer = control.protect(new CountTable(List.of("ageBand", "sex"), cells, false),
				new DisclosureRules(11, 1, null));
		List<List<String>> suppressed = answer.cells().stream().filter(c -> c.suppressed() != null)
			.map(Cell::values).toList();
		assertThat(suppressed).containsExactlyInAnyOrder(List.of("20-24", "F"), List.of("20-24", "M"),
				List.of("25-29", "F"), List.of("25-29", "M"));
		assertThat(answer.totals()).hasSize(6).allSatisfy(total -> assertThat(total.persons()).isNotNull());
		assertUndeterminable(answer);
	}

	@Test
	void theThresholdIsNeverBelowFiveAndTheTableIsBounded() {
		assertThatThrownBy(() -> new DisclosureRules(4, 5, null)).hasMessageContaining("never below 5");
		Map<List<String>, Counts> cells = new LinkedHashMap<>();
		for (int i = 0; i <= DisclosureControl.MAX_CELLS; i++) {
			cells.put(List.of("v" + i), new Counts(20, 0));
		}
		assertThatThrownBy(() -> control.protect(new CountTable(List.of("d"), cells, false),
				DisclosureRules.standard())).hasMessageContaining("At most");
	}

	@Test
	void noiseIsCentredWithTheVarianceOfItsEpsilon() {
		DiscreteLaplace laplace = new DiscreteLaplace(new SecureRandom());
		double epsilon = 0.5;
		int n = 200_000;
		double sum = 0;
		double squares = 0;
		for (int i = 0; i < n; i++) {
			long x = laplace.sample(epsilon, 1);
			sum += x;
			squares += (double) x * x;
		}
		double alpha = Math.exp(-epsilon);
		double variance = 2 * alpha / ((1 - alpha) * (1 - alpha)); // 7.92 for epsilon 0.5
		assertThat(sum / n).isBetween(-0.05, 0.05);
		assertThat(squares / n).isBetween(variance * 0.95, variance * 1.05);
	}

	@Test
	void withNoiseTheTotalsAreTheSumsOfTheNoisyCellsAndStillNothingSmallIsPublished() {
		Map<List<String>, Counts> cells = new LinkedHashMap<>();
		for (int i = 0; i < 30; i++) {
			cells.put(List.of("a" + (i % 5), "b" + (i / 5)), new Counts(i % 7 == 0 ? 3 : 15 + i, 0));
		}
		ProtectedTable answer = control.protect(new CountTable(List.of("a", "b"), cells, false),
				new DisclosureRules(11, 1, 1.0));
		assertNothingSmall(answer, 11);
		long published = answer.cells().stream().filter(c -> c.persons() != null).mapToLong(Cell::persons).sum();
		assertThat(published).isLessThanOrEqualTo(answer.overall().persons());
	}

	// ------------------------------------------------------------------------------------------------ properties

	@Property(tries = 250)
	void noPublishedNumberStandsForOneToKMinusOnePersons(@ForAll("tables") CountTable table,
			@ForAll("rules") DisclosureRules rules) {
		assertNothingSmall(control.protect(table, rules), rules.threshold());
	}

	@Property(tries = 250)
	void noSuppressedCellCanBeWorkedOutFromTheExactTotals(@ForAll("tables") CountTable table,
			@ForAll("thresholds") int k) {
		ProtectedTable answer = control.protect(table, new DisclosureRules(k, 1, null));
		assertUndeterminable(answer);
		assertEverySuppressedCellHasSeveralFillings(table, answer, k);
	}

	@Test
	void anEmptyWithheldCellDoesNotPinItsNeighbourDown() {
		// the second row is empty: withheld as complements, its zeros left the first row's cells one filling each
		Map<List<String>, Counts> cells = new LinkedHashMap<>();
		cells.put(List.of("v0", "v0"), new Counts(12, 5));
		cells.put(List.of("v1", "v0"), new Counts(0, 0));
		cells.put(List.of("v0", "v1"), new Counts(12, 2));
		cells.put(List.of("v1", "v1"), new Counts(0, 0));
		CountTable table = new CountTable(List.of("d1", "d2"), cells, true);
		ProtectedTable answer = control.protect(table, new DisclosureRules(5, 1, null));
		assertThat(answer.cells()).filteredOn(cell -> cell.suppressed() != null).isNotEmpty();
		assertUndeterminable(answer);
		assertEverySuppressedCellHasSeveralFillings(table, answer, 5);
	}

	@Test
	void aShareGroupedSoFinelyThatMostIsWithheldAndSomeWithheldAreEmptyIsStillProtected() {
		// 2,000 groups where few have the indicator: most are withheld, some of them empty
		java.util.Random random = new java.util.Random(1);
		Map<List<String>, Counts> cells = new LinkedHashMap<>();
		for (int i = 0; i < 2_000; i++) {
			long persons = random.nextInt(8) < 3 ? random.nextInt(13) : 10 + random.nextInt(51);
			cells.put(List.of("a" + i % 40, "b" + i / 40), new Counts(persons, Math.round(persons * random.nextDouble()
					* 0.3)));
		}
		ProtectedTable answer = control.protect(new CountTable(List.of("a", "b"), cells, true),
				new DisclosureRules(11, 1, null));
		assertThat(answer.cells()).filteredOn(cell -> cell.suppressed() != null).hasSizeGreaterThan(1_000);
		assertNothingSmall(answer, 11);
		assertUndeterminable(answer);
	}

	@Provide
	Arbitrary<Integer> thresholds() {
		return Arbitraries.of(5, 11);
	}

	@Provide
	Arbitrary<DisclosureRules> rules() {
		return Combinators.combine(thresholds(), Arbitraries.of(1, 5, 10))
			.as((k, base) -> new DisclosureRules(k, base, null));
	}

	/**
	 * Tables of one to three dimensions with two or three values each, every cell small (0 to 12) or not (10 to 60),
	 * a plain count or a share, drawn from a seed (jqwik reports the seed of a failing table).
	 */
	@Provide
	Arbitrary<CountTable> tables() {
		return Arbitraries.longs().map(seed -> {
			java.util.Random random = new java.util.Random(seed);
			int dimensions = 1 + random.nextInt(3);
			boolean share = random.nextBoolean();
			int[] sizes = new int[dimensions];
			int cellsInAll = 1;
			for (int d = 0; d < dimensions; d++) {
				sizes[d] = 2 + random.nextInt(2);
				cellsInAll *= sizes[d];
			}
			Map<List<String>, Counts> cells = new LinkedHashMap<>();
			for (int i = 0; i < cellsInAll; i++) {
				List<String> key = new ArrayList<>();
				int rest = i;
				for (int d = 0; d < dimensions; d++) {
					key.add("v" + (rest % sizes[d]));
					rest /= sizes[d];
				}
				long persons = random.nextInt(8) < 3 ? random.nextInt(13) : 10 + random.nextInt(51);
				long with = share ? Math.round(persons * random.nextDouble()) : 0;
				cells.put(key, new Counts(persons, with));
			}
			return new CountTable(List.of("d1", "d2", "d3").subList(0, dimensions), cells, share);
		});
	}

	// -------------------------------------------------------------------------------------------------- attacker

	private static void assertNothingSmall(ProtectedTable answer, int k) {
		List<Long[]> numbers = new ArrayList<>();
		answer.cells().forEach(c -> numbers.add(new Long[] { c.persons(), c.withIndicator() }));
		answer.totals().forEach(t -> numbers.add(new Long[] { t.persons(), t.withIndicator() }));
		numbers.add(new Long[] { answer.overall().persons(), answer.overall().withIndicator() });
		for (Long[] published : numbers) {
			Long persons = published[0];
			Long with = published[1];
			if (persons != null) {
				assertThat(persons).satisfiesAnyOf(p -> assertThat(p).isZero(), p -> assertThat(p).isGreaterThanOrEqualTo(k));
			}
			if (with != null) {
				assertThat(with).satisfiesAnyOf(w -> assertThat(w).isZero(), w -> assertThat(w).isGreaterThanOrEqualTo(k));
				assertThat(persons - with).satisfiesAnyOf(w -> assertThat(w).isLessThanOrEqualTo(0),
						w -> assertThat(w).isGreaterThanOrEqualTo(k));
			}
		}
	}

	/**
	 * Solves the published totals for the suppressed cells with exact fractions (not the production code's
	 * floating-point reduction): a cell is determined when the system's reduced form has a row that is that cell alone.
	 */
	private static void assertUndeterminable(ProtectedTable answer) {
		List<Integer> unknowns = new ArrayList<>();
		for (int c = 0; c < answer.cells().size(); c++) {
			if (answer.cells().get(c).suppressed() != null) {
				unknowns.add(c);
			}
		}
		if (unknowns.isEmpty()) {
			return;
		}
		List<BigInteger[]> rows = new ArrayList<>();
		for (Function<Cell, Boolean> line : publishedLines(answer)) {
			BigInteger[] row = new BigInteger[unknowns.size()];
			for (int u = 0; u < unknowns.size(); u++) {
				row[u] = line.apply(answer.cells().get(unknowns.get(u))) ? BigInteger.ONE : BigInteger.ZERO;
			}
			rows.add(row);
		}
		// fraction-free Gauss-Jordan elimination over the integers
		int pivotRow = 0;
		for (int column = 0; column < unknowns.size() && pivotRow < rows.size(); column++) {
			int found = -1;
			for (int r = pivotRow; r < rows.size(); r++) {
				if (rows.get(r)[column].signum() != 0) {
					found = r;
					break;
				}
			}
			if (found < 0) {
				continue;
			}
			BigInteger[] pivot = rows.get(found);
			rows.set(found, rows.get(pivotRow));
			rows.set(pivotRow, pivot);
			for (int r = 0; r < rows.size(); r++) {
				if (r != pivotRow && rows.get(r)[column].signum() != 0) {
					BigInteger[] row = rows.get(r);
					BigInteger factor = row[column];
					BigInteger scale = pivot[column];
					for (int u = 0; u < row.length; u++) {
						row[u] = row[u].multiply(scale).subtract(pivot[u].multiply(factor));
					}
				}
			}
			pivotRow++;
		}
		for (BigInteger[] row : rows) {
			long nonZero = java.util.Arrays.stream(row).filter(v -> v.signum() != 0).count();
			assertThat(nonZero).as("a published total determines a suppressed cell").isNotEqualTo(1);
		}
	}

	/** The published totals, each as a membership test over the cells. */
	private static List<Function<Cell, Boolean>> publishedLines(ProtectedTable answer) {
		List<Function<Cell, Boolean>> lines = new ArrayList<>();
		for (Total total : answer.totals()) {
			if (total.persons() != null) {
				int d = answer.dimensions().indexOf(total.dimension());
				lines.add(cell -> cell.values().get(d).equals(total.value()));
			}
		}
		if (answer.overall().persons() != null) {
			lines.add(cell -> true);
		}
		return lines;
	}

	/**
	 * Every non-negative integer filling of the suppressed cells that matches the exact published totals: each
	 * suppressed cell must have at least two possible values (the table's cells stand in for what an attacker
	 * cannot see). Run for small tables only (at most four suppressed cells, totals up to 150).
	 */
	private static void assertEverySuppressedCellHasSeveralFillings(CountTable table, ProtectedTable answer, int k) {
		List<Integer> unknowns = new ArrayList<>();
		for (int c = 0; c < answer.cells().size(); c++) {
			if (answer.cells().get(c).suppressed() != null) {
				unknowns.add(c);
			}
		}
		if (unknowns.isEmpty() || unknowns.size() > 4) {
			return;
		}
		List<Function<Cell, Boolean>> lines = publishedLines(answer);
		List<Long> residuals = new ArrayList<>();
		List<Total> published = new ArrayList<>(answer.totals().stream().filter(t -> t.persons() != null).toList());
		if (answer.overall().persons() != null) {
			published.add(answer.overall());
		}
		for (int l = 0; l < lines.size(); l++) {
			long residual = published.get(l).persons();
			for (Cell cell : answer.cells()) {
				if (cell.suppressed() == null && lines.get(l).apply(cell)) {
					residual -= cell.persons();
				}
			}
			residuals.add(residual);
		}
		List<java.util.Set<Long>> possible = new ArrayList<>();
		unknowns.forEach(u -> possible.add(new java.util.TreeSet<>()));
		// a cell in no published total is free: enumerate it up to at least its true value
		long bound = residuals.stream().mapToLong(Long::longValue).max().orElse(0);
		for (int u : unknowns) {
			bound = Math.max(bound, table.cells().get(answer.cells().get(u).values()).persons() + 1);
		}
		if (bound > 150) {
			return;
		}
		fill(answer, unknowns, lines, residuals, new long[unknowns.size()], 0, bound, possible);
		for (int u = 0; u < unknowns.size(); u++) {
			Cell cell = answer.cells().get(unknowns.get(u));
			assertThat(possible.get(u)).as("possible values of suppressed cell %s (k = %d)", cell.values(), k)
				.contains(table.cells().get(cell.values()).persons())
				.hasSizeGreaterThanOrEqualTo(2);
		}
	}

	private static void fill(ProtectedTable answer, List<Integer> unknowns, List<Function<Cell, Boolean>> lines,
			List<Long> residuals, long[] values, int next, long bound, List<java.util.Set<Long>> possible) {
		if (next == unknowns.size()) {
			for (int l = 0; l < lines.size(); l++) {
				long sum = 0;
				for (int u = 0; u < unknowns.size(); u++) {
					if (lines.get(l).apply(answer.cells().get(unknowns.get(u)))) {
						sum += values[u];
					}
				}
				if (sum != residuals.get(l)) {
					return;
				}
			}
			for (int u = 0; u < unknowns.size(); u++) {
				possible.get(u).add(values[u]);
			}
			return;
		}
		for (long v = 0; v <= bound; v++) {
			values[next] = v;
			boolean over = false;
			for (int l = 0; l < lines.size() && !over; l++) {
				long sum = 0;
				for (int u = 0; u <= next; u++) {
					if (lines.get(l).apply(answer.cells().get(unknowns.get(u)))) {
						sum += values[u];
					}
				}
				over = sum > residuals.get(l);
			}
			if (over) {
				break;
			}
			fill(answer, unknowns, lines, residuals, values, next + 1, bound, possible);
		}
	}

	private static CountTable oneDimension(Map<String, Long> counts) {
		Map<List<String>, Counts> cells = new LinkedHashMap<>();
		new java.util.TreeMap<>(counts).forEach((value, persons) -> cells.put(List.of(value), new Counts(persons, 0)));
		return new CountTable(List.of("value"), cells, false);
	}
}
