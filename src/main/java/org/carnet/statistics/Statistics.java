package org.carnet.statistics;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.Ledger;
import org.carnet.consent.ConsentPolicies;
import org.carnet.consent.StatisticsPolicy;
import org.carnet.core.BadInput;
import org.carnet.core.CarnetException;
import org.carnet.core.Forbidden;
import org.carnet.core.Jurisdiction;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.statistics.CountTable.Counts;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Answers public-health analysts, and only them, from the projection of the persons who opted in: counts them at
 * the finest the question needs, refuses a filter that would set fewer than k persons apart, spends the privacy
 * budget where the jurisdiction adds noise, protects the table ({@link DisclosureControl}), and appends a
 * {@code STATISTICS} event (the question, the persons counted, the cells suppressed) that must be durable before
 * the answer is returned. Every refusal is recorded too.
 * <p>
 * The rules are the strictest of the jurisdictions asked about: the highest threshold and rounding, the smallest
 * epsilon (the most noise) when any of them adds noise, and each noisy jurisdiction's budget spent.
 */
@Service
public class Statistics {

	private final ContributionCounts counts;

	private final DisclosureControl control;

	private final ConsentPolicies policies;

	private final AnalystBudgets budgets;

	private final Ledger ledger;

	private final TransactionTemplate transactions;

	private final Clock clock;

	Statistics(ContributionCounts counts, DisclosureControl control, ConsentPolicies policies, AnalystBudgets budgets,
			Ledger ledger, PlatformTransactionManager transactions, Clock clock) {
		this.counts = counts;
		this.control = control;
		this.policies = policies;
		this.budgets = budgets;
		this.ledger = ledger;
		this.transactions = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	/**
	 * An answer for {@code analyst} to the question made of {@code indicator}, {@code subject}, {@code groupBy} and
	 * {@code filter}, its event durable in the ledger. The role is checked before anything of the question.
	 *
	 * @param operation how the entry point names the question's source (for the event)
	 * @param requestId the request, to correlate with logs
	 * @throws Forbidden for anyone but a public-health analyst, or when the privacy budget is spent (reason
	 * {@code BUDGET_SPENT})
	 * @throws BadInput for a question that is not one (see {@link StatisticsQuery}), a filter that would set fewer
	 * than k persons apart, or a question too fine to count
	 */
	public StatisticsAnswer answer(Requester analyst, Indicator indicator, String subject, List<Dimension> groupBy,
			Map<Dimension, List<String>> filter, String operation, String requestId) {
		if (!analyst.has(Role.PUBLIC_HEALTH_ANALYST)) {
			// nothing the caller typed reaches the ledger unchecked: the indicator is an enum, the subject left out
			refuse(analyst, indicator, null, "indicator=" + indicator, operation, requestId);
			throw new Forbidden("Only public-health analysts read statistics");
		}
		StatisticsQuery query;
		try {
			query = new StatisticsQuery(indicator, subject, groupBy, filter);
		}
		catch (BadInput ex) {
			refuse(analyst, indicator, null, "indicator=" + indicator + " (not a valid question)", operation,
					requestId);
			throw ex;
		}
		return answer(analyst, query, operation, requestId);
	}

	private StatisticsAnswer answer(Requester analyst, StatisticsQuery query, String operation, String requestId) {
		String description = describe(query);
		Map<Dimension, List<String>> filter = new LinkedHashMap<>(query.filter());
		if (!filter.containsKey(Dimension.HOME_JURISDICTION)) {
			if (analyst.jurisdiction().isEmpty()) {
				refuse(analyst, query.indicator(), query.subject(), description, operation, requestId);
				throw new BadInput("filter", "Name the home jurisdictions to count (your account has none)");
			}
			filter.put(Dimension.HOME_JURISDICTION, List.of(analyst.jurisdiction().get().code()));
		}
		List<Jurisdiction> jurisdictions;
		try {
			jurisdictions = filter.get(Dimension.HOME_JURISDICTION).stream().map(Jurisdiction::of).toList();
		}
		catch (IllegalArgumentException ex) {
			refuse(analyst, query.indicator(), query.subject(), description, operation, requestId);
			throw new BadInput("filter", "A home jurisdiction is not an ISO 3166-1 alpha-2 country code");
		}
		// the question as answered: the home jurisdictions filled in
		query = new StatisticsQuery(query.indicator(), query.subject(), query.groupBy(), filter);
		description = describe(query);
		List<StatisticsPolicy> applying = jurisdictions.stream().map(j -> policies.of(j).statistics()).toList();
		DisclosureRules rules = strictest(applying);
		try {
			// every dimension asked about, at its finest: the filters are applied here, so that what they leave out
			// can be checked as well as what they keep
			List<Dimension> dimensions = new ArrayList<>(new LinkedHashSet<>(concat(query.groupBy(), filter.keySet())));
			Map<List<String>, Counts> finest = counts.count(query.indicator(), query.subject(), dimensions);
			checkFilters(finest, dimensions, filter, rules);
			CountTable table = group(finest, dimensions, filter, query.groupBy());
			ProtectedTable protectedTable = control.protect(table, rules);
			// spent only on figures that are answered: a grouping too fine to protect costs nothing
			Double budgetLeft = rules.epsilon() == null ? null : spend(analyst, jurisdictions, applying);
			long contributing = table.cells().values().stream().mapToLong(Counts::persons).sum();
			long suppressed = protectedTable.cells().stream().filter(c -> c.suppressed() != null).count();
			ledger.append(event(analyst, query.indicator(), query.subject(), AccessOutcome.SUCCESS)
				.withCount((int) Math.min(Integer.MAX_VALUE, contributing))
				.withOperation(text(operation, description + " suppressed=" + suppressed + "/"
						+ protectedTable.cells().size()), requestId));
			return new StatisticsAnswer(query, protectedTable, budgetLeft);
		}
		catch (BadInput | Forbidden ex) {
			refuse(analyst, query.indicator(), query.subject(), description, operation, requestId);
			throw ex;
		}
	}

	/** Refuses a filter that keeps, or leaves out, 1 to k-1 persons of the others it keeps: it would set them apart. */
	private static void checkFilters(Map<List<String>, Counts> finest, List<Dimension> dimensions,
			Map<Dimension, List<String>> filter, DisclosureRules rules) {
		for (Dimension checked : filter.keySet()) {
			int at = dimensions.indexOf(checked);
			long kept = 0;
			long left = 0;
			for (Map.Entry<List<String>, Counts> cell : finest.entrySet()) {
				if (!keeps(cell.getKey(), dimensions, filter, checked)) {
					continue;
				}
				if (filter.get(checked).contains(cell.getKey().get(at))) {
					kept += cell.getValue().persons();
				}
				else {
					left += cell.getValue().persons();
				}
			}
			if ((kept > 0 && kept < rules.threshold()) || (left > 0 && left < rules.threshold())) {
				throw new BadInput("filter", "The filter on " + checked + " would keep or leave out fewer than "
						+ rules.threshold() + " persons, which could single someone out: widen it");
			}
		}
	}

	/** Whether a cell passes every filter but {@code except}. */
	private static boolean keeps(List<String> key, List<Dimension> dimensions, Map<Dimension, List<String>> filter,
			Dimension except) {
		for (Map.Entry<Dimension, List<String>> kept : filter.entrySet()) {
			if (kept.getKey() != except && !kept.getValue().contains(key.get(dimensions.indexOf(kept.getKey())))) {
				return false;
			}
		}
		return true;
	}

	/** The cells of the grouping asked for, summed over what the filters keep. */
	private static CountTable group(Map<List<String>, Counts> finest, List<Dimension> dimensions,
			Map<Dimension, List<String>> filter, List<Dimension> groupBy) {
		Map<List<String>, Counts> cells = new LinkedHashMap<>();
		finest.entrySet()
			.stream()
			.filter(cell -> keeps(cell.getKey(), dimensions, filter, null))
			.sorted(Map.Entry.comparingByKey(StatisticsAnswer.KEY_ORDER))
			.forEach(cell -> {
				List<String> key = groupBy.stream().map(d -> cell.getKey().get(dimensions.indexOf(d))).toList();
				cells.merge(key, cell.getValue(), Counts::plus);
			});
		if (groupBy.isEmpty() && cells.isEmpty()) {
			cells.put(List.of(), new Counts(0, 0));
		}
		return new CountTable(groupBy.stream().map(Enum::name).toList(), cells, true);
	}

	/** The strictest rules of the jurisdictions asked about. */
	private static DisclosureRules strictest(List<StatisticsPolicy> applying) {
		int threshold = applying.stream().mapToInt(StatisticsPolicy::threshold).max().orElse(11);
		int rounding = applying.stream().mapToInt(StatisticsPolicy::rounding).max().orElse(5);
		Double epsilon = applying.stream()
			.filter(StatisticsPolicy::noisy)
			.map(StatisticsPolicy::noiseEpsilon)
			.min(Double::compare)
			.orElse(null);
		return new DisclosureRules(threshold, rounding, epsilon);
	}

	/** Spends each noisy jurisdiction's budget, all or none; the smallest left is what the analyst has. */
	private Double spend(Requester analyst, List<Jurisdiction> jurisdictions, List<StatisticsPolicy> applying) {
		Instant now = clock.instant();
		return transactions.execute(status -> {
			double least = Double.MAX_VALUE;
			for (int i = 0; i < jurisdictions.size(); i++) {
				StatisticsPolicy policy = applying.get(i);
				if (!policy.noisy()) {
					continue;
				}
				Optional<Double> left = budgets.spend(analyst.subject(), jurisdictions.get(i), policy, now);
				if (left.isEmpty()) {
					status.setRollbackOnly();
					throw new Forbidden("Your privacy budget for statistics about " + jurisdictions.get(i).code()
							+ " is spent until " + AnalystBudgets.nextPeriod(now, policy.budgetPeriod()),
							"BUDGET_SPENT");
				}
				least = Math.min(least, left.get());
			}
			return least;
		});
	}

	private void refuse(Requester analyst, Indicator indicator, String subject, String description, String operation,
			String requestId) {
		try {
			ledger.append(event(analyst, indicator, subject, AccessOutcome.DENIED)
				.withOperation(text(operation, description), requestId));
		}
		catch (CarnetException ex) {
			// the refusal stands; the ledger's own log says why it could not record it
		}
	}

	private static AccessEvent event(Requester analyst, Indicator indicator, String subject, AccessOutcome outcome) {
		AccessEvent event = AccessEvent.of(analyst, AccessAction.STATISTICS, outcome)
			.withPurpose(Purpose.PUBLIC_HEALTH)
			.withTarget(indicator == null ? null : "indicator:" + indicator + (subject == null ? "" : ":" + subject));
		if (outcome == AccessOutcome.SUCCESS) {
			event = event.withCategories(List.of(indicator.category()), List.of());
		}
		return event;
	}

	/** The question as an auditor reads it: indicator, subject, grouping and filters. */
	static String describe(StatisticsQuery query) {
		String filters = query.filter()
			.entrySet()
			.stream()
			.map(f -> f.getKey() + "=" + String.join("|", f.getValue()))
			.collect(Collectors.joining(","));
		return "indicator=" + query.indicator() + (query.subject() == null ? "" : ":" + query.subject()) + " groupBy="
				+ query.groupBy() + " filter={" + filters + "}";
	}

	/** Within the ledger's 500 characters. */
	private static String text(String operation, String description) {
		String text = (operation == null ? "statistics" : operation) + " " + description;
		return text.length() <= 500 ? text : text.substring(0, 497) + "...";
	}

	private static <T> List<T> concat(List<T> first, Set<T> second) {
		List<T> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}
}
