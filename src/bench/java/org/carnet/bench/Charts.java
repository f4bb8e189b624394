package org.carnet.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Hand-drawn SVG charts (no charting library): latency over time, one small panel per scenario with the p50 and
 * p99 of each second, and for the long run the live heap after each collection.
 */
final class Charts {

	private static final int PANEL_WIDTH = 460;

	private static final int PANEL_HEIGHT = 200;

	private static final int MARGIN = 44;

	private static final int COLUMNS = 2;

	private Charts() {
	}

	static String latencyPanels(List<Result> results) {
		int rows = (results.size() + COLUMNS - 1) / COLUMNS;
		int width = COLUMNS * (PANEL_WIDTH + MARGIN) + MARGIN;
		int height = rows * (PANEL_HEIGHT + 2 * MARGIN) + MARGIN;
		StringBuilder svg = header(width, height, "Carnet: latency over time per scenario (p50 blue, p99 orange)");
		for (int i = 0; i < results.size(); i++) {
			Result r = results.get(i);
			int x = MARGIN + (i % COLUMNS) * (PANEL_WIDTH + MARGIN);
			int y = 2 * MARGIN + (i / COLUMNS) * (PANEL_HEIGHT + 2 * MARGIN);
			String title = String.format(Locale.ROOT, "%s: %.0f ops/s, p50 %.1f, p99 %.1f ms, %d errors", r.name(),
					r.perSecond(), r.p50(), r.p99(), r.errors());
			panel(svg, x, y, title, r.series(), "ms", s -> s[2] / 1e6, s -> s[3] / 1e6);
		}
		return svg.append("</svg>\n").toString();
	}

	static String longRun(Result r) {
		int width = PANEL_WIDTH * 2 + 2 * MARGIN;
		int height = 2 * (PANEL_HEIGHT + 2 * MARGIN) + MARGIN;
		StringBuilder svg = header(width, height, "Carnet: long run of (a), latency and live heap");
		panel(svg, MARGIN, 2 * MARGIN, String.format(Locale.ROOT, "%s: %.0f ops/s, p50 %.1f, p99 %.1f ms, %d errors",
				r.name(), r.perSecond(), r.p50(), r.p99(), r.errors()), r.series(), "ms", s -> s[2] / 1e6,
				s -> s[3] / 1e6, PANEL_WIDTH * 2);
		List<long[]> heap = r.heapAfterGc().stream().map(p -> new long[] { p[0] / 1_000_000_000L, 0, p[1], p[1] })
			.toList();
		panel(svg, MARGIN, 2 * MARGIN + PANEL_HEIGHT + 2 * MARGIN,
				String.format(Locale.ROOT, "heap in use after each GC (MB): max %.0f, trend %+.1f MB/min; peak in use %.0f MB",
						r.maxLiveHeapMb(), r.liveHeapSlopeMbPerMinute(), r.peakHeapMb()),
				heap, "MB", s -> s[2] / 1048576.0, null, PANEL_WIDTH * 2);
		return svg.append("</svg>\n").toString();
	}

	private static StringBuilder header(int width, int height, String title) {
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
						+ "font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
				width, height));
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"14\">%s</text>%n", MARGIN, 24,
				escape(title)));
		return svg;
	}

	private static void panel(StringBuilder svg, int x, int y, String title, List<long[]> series, String unit,
			ToDoubleFunction<long[]> low, ToDoubleFunction<long[]> high) {
		panel(svg, x, y, title, series, unit, low, high, PANEL_WIDTH);
	}

	private static void panel(StringBuilder svg, int x, int y, String title, List<long[]> series, String unit,
			ToDoubleFunction<long[]> low, ToDoubleFunction<long[]> high, int width) {
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", x, y - 8, escape(title)));
		svg.append(String.format(Locale.ROOT,
				"<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n", x, y, width,
				PANEL_HEIGHT));
		if (series.isEmpty()) {
			return;
		}
		double maxX = Math.max(1, series.get(series.size() - 1)[0]);
		double maxY = 0;
		for (long[] s : series) {
			maxY = Math.max(maxY, high != null ? high.applyAsDouble(s) : low.applyAsDouble(s));
		}
		maxY = niceCeiling(maxY);
		for (int tick = 0; tick <= 4; tick++) {
			double value = maxY * tick / 4;
			double ty = y + PANEL_HEIGHT - PANEL_HEIGHT * tick / 4.0;
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
							+ "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#666\">%s</text>%n",
					x, x + width, ty, ty, x - 4, ty + 4, label(value)));
		}
		svg.append(String.format(Locale.ROOT,
				"<text x=\"%d\" y=\"%d\" fill=\"#666\">0 s</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
						+ "fill=\"#666\">%.0f s (%s)</text>%n",
				x, y + PANEL_HEIGHT + 14, x + width, y + PANEL_HEIGHT + 14, maxX, unit));
		polyline(svg, x, y, width, series, maxX, maxY, low, "#1f77b4");
		if (high != null) {
			polyline(svg, x, y, width, series, maxX, maxY, high, "#ff7f0e");
		}
	}

	private static void polyline(StringBuilder svg, int x, int y, int width, List<long[]> series, double maxX,
			double maxY, ToDoubleFunction<long[]> value, String colour) {
		StringBuilder points = new StringBuilder();
		for (long[] s : series) {
			double px = x + width * s[0] / maxX;
			double py = y + PANEL_HEIGHT - PANEL_HEIGHT * Math.min(1, value.applyAsDouble(s) / maxY);
			points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
		}
		svg.append(String.format(Locale.ROOT,
				"<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n", colour,
				points.toString().trim()));
	}

	private static double niceCeiling(double value) {
		if (value <= 0) {
			return 1;
		}
		double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
		for (double step : new double[] { 1, 2, 2.5, 5, 10 }) {
			if (value <= step * magnitude) {
				return step * magnitude;
			}
		}
		return 10 * magnitude;
	}

	private static String label(double value) {
		return value >= 10 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
