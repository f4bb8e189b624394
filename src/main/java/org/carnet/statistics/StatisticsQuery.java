package org.carnet.statistics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.carnet.core.BadInput;

/**
 * An analyst's question: an indicator (and its subject), up to three dimensions to group by, and for any dimension
 * the values to keep. Bounded: at most {@value #MAX_VALUES} values per filter, each short and plain.
 *
 * @param indicator what is counted
 * @param subject the disease, antigen, chapter or blood group, where the indicator needs one
 * @param groupBy the grouping, in order, without repeats
 * @param filter the values kept per dimension; a dimension absent keeps every value (home jurisdiction: the
 * analyst's own)
 */
public record StatisticsQuery(Indicator indicator, String subject, List<Dimension> groupBy,
		Map<Dimension, List<String>> filter) {

	static final int MAX_GROUP_BY = 3;

	static final int MAX_VALUES = 50;

	private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9+_-]{1,20}");

	public StatisticsQuery {
		if (indicator == null) {
			throw new BadInput("indicator", "Name an indicator");
		}
		subject = indicator.subject(subject);
		groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
		if (groupBy.size() > MAX_GROUP_BY) {
			throw new BadInput("groupBy", "Group by at most " + MAX_GROUP_BY + " dimensions");
		}
		if (new LinkedHashSet<>(groupBy).size() != groupBy.size()) {
			throw new BadInput("groupBy", "Name each dimension once");
		}
		Map<Dimension, List<String>> checked = new EnumMap<>(Dimension.class);
		if (filter != null) {
			for (Map.Entry<Dimension, List<String>> kept : filter.entrySet()) {
				if (kept.getValue() == null) {
					continue;
				}
				Set<String> values = new LinkedHashSet<>(kept.getValue());
				if (values.isEmpty() || values.size() > MAX_VALUES) {
					throw new BadInput("filter", "Keep 1 to " + MAX_VALUES + " values of " + kept.getKey());
				}
				for (String value : values) {
					if (value == null || !VALUE.matcher(value).matches()) {
						throw new BadInput("filter", "A value of " + kept.getKey() + " is not one it takes");
					}
				}
				checked.put(kept.getKey(), List.copyOf(new ArrayList<>(values)));
			}
		}
		filter = checked;
	}
}
