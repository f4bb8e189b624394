package org.carnet.portal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.carnet.core.Jurisdiction;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The public-health analyst's page: choose an indicator, its subject, a grouping and a country; see the protected
 * figures as a table and a bar chart (SVG drawn on the server, no script), and download them as CSV. Everything comes
 * from the API's {@code statistics} query, so the disclosure control and the ledger event are the API's.
 */
@Controller
@RequestMapping("/portal/statistics")
class StatisticsPages {

	static final List<String> INDICATORS = List.of("VACCINATED", "SCREENING_POSITIVE", "CONDITION_CHAPTER",
			"MENTAL_HEALTH_POSITIVE", "BLOOD_GROUP");

	static final List<String> DIMENSIONS = List.of("AGE_BAND", "SEX", "NATIONALITY", "HOME_JURISDICTION",
			"RECEPTION_QUARTER");

	/** Width of the chart's longest bar, in the SVG's own units. */
	static final int BAR_WIDTH = 300;

	private static final Pattern SUBJECT = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");

	private final PortalGraphQl graphQl;

	private final PortalText text;

	StatisticsPages(PortalGraphQl graphQl, PortalText text) {
		this.graphQl = graphQl;
		this.text = text;
	}

	@ModelAttribute
	void navigation(Model model) {
		model.addAttribute("section", "statistics");
	}

	/** The question as the form sends it; nothing asked yet when the indicator is empty. */
	record Question(String indicator, String subject, String groupBy, String homeJurisdiction) {

		boolean asked() {
			return indicator != null && !indicator.isBlank();
		}

		void check(FormProblems problems) {
			if (!INDICATORS.contains(indicator)) {
				problems.add("indicator", "form.problem.choose");
			}
			if (subject != null && !subject.isBlank() && !SUBJECT.matcher(subject.trim()).matches()) {
				problems.add("subject", "analyst.problem.subject");
			}
			if (groupBy != null && !groupBy.isBlank() && !DIMENSIONS.contains(groupBy)) {
				problems.add("groupBy", "form.problem.choose");
			}
			if (homeJurisdiction != null && !homeJurisdiction.isBlank()
					&& !Jurisdiction.isKnown(homeJurisdiction.trim())) {
				problems.add("homeJurisdiction", "form.problem.country");
			}
		}

		String trimmedSubject() {
			return subject == null || subject.isBlank() ? null : subject.trim();
		}

		List<String> grouping() {
			return groupBy == null || groupBy.isBlank() ? List.of() : List.of(groupBy);
		}

		Map<String, Object> filter() {
			return homeJurisdiction == null || homeJurisdiction.isBlank() ? Map.of()
					: Map.of("homeJurisdictions", List.of(homeJurisdiction.trim()));
		}
	}

	/** {@code StatisticsAnswer} as the page reads it. */
	record Figures(String indicator, String subject, List<String> groupBy, int threshold, int rounding,
			Double noiseEpsilon, Double budgetLeft, int suppressedCells, List<Cell> cells, Cell overall) {
	}

	/** A cell or the overall total; numbers null when suppressed. */
	record Cell(List<String> values, Long persons, Long withIndicator, Double share, String suppressed) {
	}

	/** One row of the table and its bar. */
	record Row(String label, String persons, String withIndicator, String share, String suppressed, int bar, int y) {
	}

	@GetMapping
	String figures(@ModelAttribute("question") Question question, FormProblems problems, Model model) {
		model.addAttribute("indicators", INDICATORS);
		model.addAttribute("dimensions", DIMENSIONS);
		model.addAttribute("countryOptions", Countries.options(text));
		if (!question.asked()) {
			return "portal/statistics/figures";
		}
		question.check(problems);
		if (!problems.isEmpty()) {
			problems.summarise(model);
			return "portal/statistics/figures";
		}
		Optional<Figures> figures = ask(question, model);
		figures.ifPresent(answer -> show(answer, question, model));
		return "portal/statistics/figures";
	}

	/** The same figures as CSV: one line per cell, a suppressed cell with its reason and no numbers. */
	@GetMapping("/figures.csv")
	ResponseEntity<byte[]> csv(@ModelAttribute("question") Question question, FormProblems problems, Model model) {
		question.check(problems);
		Optional<Figures> figures = problems.isEmpty() ? ask(question, model) : Optional.empty();
		if (figures.isEmpty()) {
			return ResponseEntity.badRequest()
				.contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
				.body(text.msg("analyst.csv.none").getBytes(StandardCharsets.UTF_8));
		}
		StringBuilder csv = new StringBuilder("value,persons,with_indicator,share,suppressed\r\n");
		List<Cell> cells = new ArrayList<>(figures.get().cells());
		cells.add(new Cell(List.of("TOTAL"), figures.get().overall().persons(), figures.get().overall().withIndicator(),
				figures.get().overall().share(), figures.get().overall().suppressed()));
		for (Cell cell : cells) {
			csv.append(field(String.join(" ", cell.values())))
				.append(',')
				.append(cell.persons() == null ? "" : cell.persons())
				.append(',')
				.append(cell.withIndicator() == null ? "" : cell.withIndicator())
				.append(',')
				.append(cell.share() == null ? "" : cell.share())
				.append(',')
				.append(cell.suppressed() == null ? "" : cell.suppressed())
				.append("\r\n");
		}
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("statistics.csv").build().toString())
			.body(csv.toString().getBytes(StandardCharsets.UTF_8));
	}

	private Optional<Figures> ask(Question question, Model model) {
		GraphQlAnswer answer = graphQl.document("PortalStatistics")
			.variable("indicator", question.indicator())
			.variable("subject", question.trimmedSubject())
			.variable("groupBy", question.grouping())
			.variable("filter", question.filter())
			.execute();
		answer.failure().ifPresent(problem -> model.addAttribute("problem", PortalPages.message(problem, text)));
		return answer.field("statistics", Figures.class);
	}

	private void show(Figures figures, Question question, Model model) {
		String dimension = figures.groupBy().isEmpty() ? null : figures.groupBy().get(0);
		List<Row> rows = new ArrayList<>();
		int y = 0;
		for (Cell cell : figures.cells()) {
			rows.add(row(label(dimension, cell.values()), cell, y));
			y += 28;
		}
		model.addAttribute("figures", figures);
		model.addAttribute("rows", rows);
		model.addAttribute("overall", row(text.msg("analyst.overall"), figures.overall(), 0));
		model.addAttribute("chartHeight", Math.max(28, y));
		model.addAttribute("indicatorName", text.label("StatisticsIndicator", figures.indicator()));
		model.addAttribute("dimensionName", dimension == null ? null : text.label("StatisticsDimension", dimension));
		model.addAttribute("csv", csvLink(question));
	}

	private Row row(String label, Cell cell, int y) {
		if (cell.suppressed() != null) {
			return new Row(label, "", "", "", text.label("StatisticsSuppression", cell.suppressed()), 0, y);
		}
		double share = cell.share() == null ? 0 : cell.share();
		return new Row(label, text.number(cell.persons()), text.number(cell.withIndicator()),
				cell.share() == null ? "" : text.number(Math.round(share * 1000) / 10.0) + " %", null,
				(int) Math.round(share * BAR_WIDTH), y);
	}

	/** A value as people read it: a country's name, "unknown", or the band or quarter as it is. */
	private String label(String dimension, List<String> values) {
		String value = values.isEmpty() ? "" : values.get(0);
		if ("UNKNOWN".equals(value)) {
			return text.msg("analyst.unknown");
		}
		if (("HOME_JURISDICTION".equals(dimension) || "NATIONALITY".equals(dimension)) && Jurisdiction.isKnown(value)) {
			return text.country(value);
		}
		if ("SEX".equals(dimension)) {
			return text.label("Sex", value);
		}
		return value;
	}

	private static String csvLink(Question question) {
		return org.springframework.web.util.UriComponentsBuilder.fromPath("/portal/statistics/figures.csv")
			.queryParam("indicator", question.indicator())
			.queryParamIfPresent("subject", Optional.ofNullable(question.trimmedSubject()))
			.queryParamIfPresent("groupBy", Optional.ofNullable(question.groupBy()).filter(g -> !g.isBlank()))
			.queryParamIfPresent("homeJurisdiction",
					Optional.ofNullable(question.homeJurisdiction()).filter(j -> !j.isBlank()))
			.encode()
			.toUriString();
	}

	/** A CSV field, quoted when it holds a comma, quote or line break; a leading formula character is defused. */
	private static String field(String value) {
		String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
		if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
			return "\"" + safe.replace("\"", "\"\"") + "\"";
		}
		return safe;
	}
}
