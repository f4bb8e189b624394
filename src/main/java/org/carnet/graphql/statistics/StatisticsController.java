package org.carnet.graphql.statistics;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import graphql.GraphQLContext;
import org.carnet.graphql.RequestScope;
import org.carnet.statistics.Dimension;
import org.carnet.statistics.Indicator;
import org.carnet.statistics.ProtectedTable;
import org.carnet.statistics.Statistics;
import org.carnet.statistics.StatisticsAnswer;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** {@code statistics}: the question in, the protected answer out; the statistics module decides and audits. */
@Controller
class StatisticsController {

	private final Statistics statistics;

	StatisticsController(Statistics statistics) {
		this.statistics = statistics;
	}

	/** {@code StatisticsFilter}. */
	record StatisticsFilterInput(List<String> ageBands, List<String> sexes, List<String> nationalities,
			List<String> homeJurisdictions, List<String> receptionQuarters) {

		Map<Dimension, List<String>> byDimension() {
			Map<Dimension, List<String>> filter = new EnumMap<>(Dimension.class);
			put(filter, Dimension.AGE_BAND, ageBands);
			put(filter, Dimension.SEX, sexes);
			put(filter, Dimension.NATIONALITY, nationalities);
			put(filter, Dimension.HOME_JURISDICTION, homeJurisdictions);
			put(filter, Dimension.RECEPTION_QUARTER, receptionQuarters);
			return filter;
		}

		private static void put(Map<Dimension, List<String>> filter, Dimension dimension, List<String> values) {
			if (values != null) {
				filter.put(dimension, values);
			}
		}
	}

	/** {@code StatisticsAnswer}, from the statistics module's answer. */
	record AnswerView(Indicator indicator, String subject, List<Dimension> groupBy, List<ProtectedTable.Cell> cells,
			List<ProtectedTable.Total> totals, ProtectedTable.Total overall, int threshold, int rounding,
			Double noiseEpsilon, Double budgetLeft, int suppressedCells) {

		static AnswerView of(StatisticsAnswer answer) {
			ProtectedTable table = answer.table();
			return new AnswerView(answer.query().indicator(), answer.query().subject(), answer.query().groupBy(),
					table.cells(), table.totals(), table.overall(), table.rules().threshold(),
					table.rules().roundingBase(), table.rules().epsilon(), answer.budgetLeft(),
					(int) table.cells().stream().filter(cell -> cell.suppressed() != null).count());
		}
	}

	@QueryMapping
	AnswerView statistics(@Argument Indicator indicator, @Argument String subject, @Argument List<Dimension> groupBy,
			@Argument StatisticsFilterInput filter, GraphQLContext context) {
		RequestScope scope = RequestScope.of(context);
		return AnswerView.of(statistics.answer(scope.requester(), indicator, subject, groupBy,
				filter == null ? Map.of() : filter.byDimension(), scope.operation("statistics"), scope.requestId()));
	}
}
