package org.carnet.portal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.carnet.core.Jurisdiction;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The auditor's pages: the access ledger with filters and paging, emergency accesses, cross-border flows (requester
 * country to home country) and the verification of the hash chains against the latest signed checkpoint. Filters
 * travel in the query string: they name requesters, organisations, countries and record ids, never health data.
 * Every claim of the verification page follows from what the verification answered.
 */
@Controller
@RequestMapping("/portal/audit")
class AuditorPages {

	static final List<String> ACTIONS = List.of("READ", "WRITE", "REGISTER", "CONSENT_GRANTED", "CONSENT_REVOKED",
			"CONSENT_REQUESTED", "CONSENT_ANSWERED", "SHARE_CODE_CREATED", "SHARE_CODE_REDEEMED", "SHARE_CODE_FAILED",
			"BREAK_GLASS", "BREAK_GLASS_OPTED_OUT", "BREAK_GLASS_OPTED_IN", "ERASURE", "ERASURE_REQUESTED",
			"ERASURE_PROPOSED", "ACCOUNT_CLOSED", "KEY_ROTATION", "DENIED", "LOOKUP_MISSED", "LOOKUP_REFUSED",
			"LOGIN_SUCCEEDED", "LOGIN_FAILED", "USER_CREATED", "ACCOUNT_CLAIMED", "ORGANISATION_CREATED",
			"CLIENT_REGISTERED", "AUDIT_READ", "POLICY_CHANGED");

	static final List<String> OUTCOMES = List.of("SUCCESS", "PARTIAL", "DENIED", "ERROR");

	private static final String EVENTS = """
			query PortalAuditEvents($filter: AuditFilter, $first: Int, $after: String) {
			  auditEvents(filter: $filter, first: $first, after: $after) {
			    edges { node {
			      sequence time action outcome clientId personId homeJurisdiction crossBorder emergency purpose
			      categoriesServed categoriesWithheld breakGlassJustification operationName target count
			      requester { subject displayName roles organisation { name jurisdiction } jurisdiction }
			    } }
			    pageInfo { hasNextPage endCursor }
			  }
			}""";

	private static final String CROSS_BORDER = """
			query PortalCrossBorder($from: DateTime!, $to: DateTime!) {
			  crossBorderSummary(from: $from, to: $to) {
			    flows { requesterJurisdiction homeJurisdiction accesses emergencyAccesses denied }
			  }
			}""";

	/** The verification and the checkpoint it was checked against (not whichever is latest a moment later). */
	private static final String VERIFY = """
			query PortalVerifyAuditLog {
			  verifyAuditLog {
			    ok eventsChecked streamsChecked firstBrokenSequence brokenStream problem reason verifiedAt
			    checkpoint { id createdAt keyId algorithm streams { stream sequence } }
			  }
			}""";

	private static final String SIGN = """
			mutation PortalCreateAuditCheckpoint {
			  createAuditCheckpoint { id createdAt streams { stream sequence } }
			}""";

	private final PortalGraphQl graphQl;

	private final PortalText text;

	private final PortalSettings settings;

	AuditorPages(PortalGraphQl graphQl, PortalText text, PortalSettings settings) {
		this.graphQl = graphQl;
		this.text = text;
		this.settings = settings;
	}

	@ModelAttribute
	void navigation(Model model) {
		model.addAttribute("section", "audit");
	}

	/** The filter form; every field optional. Dates are calendar days in the portal's time zone. */
	record Filter(String personId, String requester, String organisationId, String requesterJurisdiction,
			String homeJurisdiction, String crossBorder, String emergency, String action, String outcome,
			String from, String to) {

		/** Each filter as the auditor typed or chose it: a record id, a country, a day, a known action... */
		void check(FormProblems problems) {
			if (personId != null && !personId.isBlank() && !isUuid(personId.trim())) {
				problems.add("personId", "form.problem.recordId");
			}
			if (requester != null && requester.trim().length() > 200) {
				problems.add("requester", "form.problem.tooLong", 200);
			}
			if (organisationId != null && organisationId.trim().length() > 64) {
				problems.add("organisationId", "form.problem.tooLong", 64);
			}
			country(problems, "requesterJurisdiction", requesterJurisdiction);
			country(problems, "homeJurisdiction", homeJurisdiction);
			choice(problems, "crossBorder", crossBorder, List.of("true", "false"));
			choice(problems, "emergency", emergency, List.of("true", "false"));
			choice(problems, "action", action, ACTIONS);
			choice(problems, "outcome", outcome, OUTCOMES);
			period(problems, from, to);
		}

		private static void country(FormProblems problems, String name, String value) {
			if (value != null && !value.isBlank() && !Jurisdiction.isKnown(value.trim())) {
				problems.add(name, "form.problem.country");
			}
		}

		private static void choice(FormProblems problems, String name, String value, List<String> choices) {
			if (value != null && !value.isBlank() && !choices.contains(value)) {
				problems.add(name, "form.problem.choose");
			}
		}

		private static boolean isUuid(String value) {
			try {
				return UUID.fromString(value).toString().equalsIgnoreCase(value);
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		}

		Map<String, Object> variables(PortalSettings settings) {
			Map<String, Object> filter = new LinkedHashMap<>();
			put(filter, "personId", personId);
			put(filter, "requester", requester);
			put(filter, "organisationId", organisationId);
			put(filter, "requesterJurisdiction", requesterJurisdiction);
			put(filter, "homeJurisdiction", homeJurisdiction);
			if ("true".equals(crossBorder) || "false".equals(crossBorder)) {
				filter.put("crossBorder", Boolean.valueOf(crossBorder));
			}
			if ("true".equals(emergency) || "false".equals(emergency)) {
				filter.put("emergency", Boolean.valueOf(emergency));
			}
			if (action != null && ACTIONS.contains(action)) {
				filter.put("actions", List.of(action));
			}
			if (outcome != null && OUTCOMES.contains(outcome)) {
				filter.put("outcomes", List.of(outcome));
			}
			Instant start = startOf(from, settings, 0);
			if (start != null) {
				filter.put("from", start.toString());
			}
			Instant end = startOf(to, settings, 1);
			if (end != null) {
				filter.put("to", end.toString());
			}
			return filter;
		}

		/** The query string of this filter, for the next page's link. */
		UriComponentsBuilder query(UriComponentsBuilder uri) {
			add(uri, "personId", personId);
			add(uri, "requester", requester);
			add(uri, "organisationId", organisationId);
			add(uri, "requesterJurisdiction", requesterJurisdiction);
			add(uri, "homeJurisdiction", homeJurisdiction);
			add(uri, "crossBorder", crossBorder);
			add(uri, "emergency", emergency);
			add(uri, "action", action);
			add(uri, "outcome", outcome);
			add(uri, "from", from);
			add(uri, "to", to);
			return uri;
		}

		private static void put(Map<String, Object> filter, String name, String value) {
			if (value != null && !value.isBlank()) {
				filter.put(name, value.trim());
			}
		}

		private static void add(UriComponentsBuilder uri, String name, String value) {
			if (value != null && !value.isBlank()) {
				uri.queryParam(name, value.trim());
			}
		}

		private static Instant startOf(String day, PortalSettings settings, int plusDays) {
			if (day == null || day.isBlank()) {
				return null;
			}
			try {
				return LocalDate.parse(day.trim()).plusDays(plusDays).atStartOfDay(settings.zone()).toInstant();
			}
			catch (DateTimeParseException ex) {
				return null;
			}
		}
	}

	/** A period's days as typed: each a real day, the first not after the last. */
	static void period(FormProblems problems, String from, String to) {
		LocalDate start = day(from, problems, "from");
		LocalDate end = day(to, problems, "to");
		if (start != null && end != null && start.isAfter(end)) {
			problems.add("to", "form.problem.period");
		}
	}

	private static LocalDate day(String value, FormProblems problems, String name) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(value.trim());
		}
		catch (DateTimeParseException ex) {
			problems.add(name, "form.problem.date");
			return null;
		}
	}

	@GetMapping
	String events(@ModelAttribute("filter") Filter filter, @RequestParam(required = false) String after,
			FormProblems problems, Model model) {
		model.addAttribute("actions", ACTIONS);
		model.addAttribute("outcomes", OUTCOMES);
		model.addAttribute("countryOptions", Countries.options(text));
		model.addAttribute("emergencyOnly", "true".equals(filter.emergency()));
		filter.check(problems);
		if (!problems.isEmpty()) {
			// a filter that cannot be applied shows no events rather than events it did not filter
			problems.summarise(model);
			model.addAttribute("events", List.of());
			return "portal/audit/events";
		}
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put("filter", filter.variables(settings));
		variables.put("first", settings.pageSize());
		variables.put("after", after);
		GraphQlAnswer answer = graphQl.execute(EVENTS, variables);
		answer.failure().ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		model.addAttribute("events", AccessEvents.views(answer.list("auditEvents", "edges"), text));
		Map<String, Object> page = answer.object("auditEvents", "pageInfo");
		if (page != null && Boolean.TRUE.equals(page.get("hasNextPage")) && page.get("endCursor") != null) {
			model.addAttribute("next", filter.query(UriComponentsBuilder.fromPath("/portal/audit"))
				.queryParam("after", page.get("endCursor"))
				.encode()
				.toUriString());
		}
		model.addAttribute("paged", after != null);
		return "portal/audit/events";
	}

	@GetMapping("/cross-border")
	String crossBorder(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			FormProblems problems, Model model) {
		period(problems, from, to);
		if (!problems.isEmpty()) {
			problems.summarise(model);
			model.addAttribute("flows", List.of());
			model.addAttribute("max", 1);
			model.addAttribute("from", from);
			model.addAttribute("to", to);
			return "portal/audit/cross-border";
		}
		LocalDate today = LocalDate.now(settings.zone());
		LocalDate start = parse(from, today.minusDays(30));
		LocalDate end = parse(to, today);
		Instant fromInstant = start.atStartOfDay(settings.zone()).toInstant();
		Instant toInstant = end.plusDays(1).atStartOfDay(settings.zone()).toInstant();
		GraphQlAnswer answer = graphQl.execute(CROSS_BORDER,
				Map.of("from", fromInstant.toString(), "to", toInstant.truncatedTo(ChronoUnit.SECONDS).toString()));
		answer.failure().ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		List<Map<String, Object>> flows = new ArrayList<>();
		long max = 1;
		for (Map<String, Object> flow : answer.list("crossBorderSummary", "flows")) {
			long total = number(flow.get("accesses")) + number(flow.get("emergencyAccesses"));
			max = Math.max(max, total);
		}
		for (Map<String, Object> flow : answer.list("crossBorderSummary", "flows")) {
			Map<String, Object> view = new LinkedHashMap<>();
			view.put("from", text.country(flow.get("requesterJurisdiction")));
			view.put("to", text.country(flow.get("homeJurisdiction")));
			view.put("accesses", number(flow.get("accesses")));
			view.put("emergencies", number(flow.get("emergencyAccesses")));
			view.put("denied", number(flow.get("denied")));
			view.put("total", number(flow.get("accesses")) + number(flow.get("emergencyAccesses")));
			flows.add(view);
		}
		model.addAttribute("flows", flows);
		model.addAttribute("max", max);
		model.addAttribute("from", start.toString());
		model.addAttribute("to", end.toString());
		model.addAttribute("fromDay", text.date(start.toString()));
		model.addAttribute("toDay", text.date(end.toString()));
		return "portal/audit/cross-border";
	}

	@GetMapping("/verification")
	String verification(Model model) {
		GraphQlAnswer answer = graphQl.execute(VERIFY);
		answer.failure().ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		Map<String, Object> verification = answer.object("verifyAuditLog");
		if (verification != null) {
			model.addAttribute("verification", verificationView(verification, text));
		}
		return "portal/audit/verification";
	}

	/** Signs every chain's head now; the page then says what the stored checkpoint covers. */
	@PostMapping("/verification/checkpoint")
	String sign(RedirectAttributes redirect) {
		GraphQlAnswer answer = graphQl.execute(SIGN);
		Map<String, Object> checkpoint = answer.object("createAuditCheckpoint");
		if (answer.ok() && checkpoint != null) {
			redirect.addFlashAttribute("notice", text.msg("audit.verify.signed", checkpoint.get("id"),
					text.dateTime(checkpoint.get("createdAt")), head(checkpoint)));
		}
		else {
			redirect.addFlashAttribute("problem", answer.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("error.UNAVAILABLE")));
		}
		return "redirect:/portal/audit/verification";
	}

	/**
	 * What the verification checked, as claims that each follow from its answer: how many events and chains, whether
	 * a signed checkpoint existed and whether the chains reached what it signed, when it was signed and what it
	 * covers. Without a checkpoint the page says that nothing outside the database vouches for the log.
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> verificationView(Map<String, Object> verification, PortalText text) {
		Map<String, Object> view = new LinkedHashMap<>(verification);
		boolean ok = Boolean.TRUE.equals(verification.get("ok"));
		long events = number(verification.get("eventsChecked"));
		long chains = number(verification.get("streamsChecked"));
		Map<String, Object> checkpoint = verification.get("checkpoint") instanceof Map<?, ?> map
				? (Map<String, Object>) map : null;
		String signedAt = checkpoint == null ? null : text.dateTime(checkpoint.get("createdAt"));
		List<String> claims = new ArrayList<>();
		String status;
		if (!ok) {
			Object broken = verification.get("firstBrokenSequence");
			String problem = verification.get("problem") == null ? ""
					: text.label("AuditProblem", verification.get("problem"));
			status = broken == null ? text.msg("audit.verify.brokenUnchecked", problem)
					: text.msg("audit.verify.broken", broken, problem);
		}
		else if (events == 0) {
			status = text.msg("audit.verify.empty");
		}
		else {
			status = checkpoint == null ? text.msg("audit.verify.okUnsigned", events, chains)
					: text.msg("audit.verify.okSigned", events, chains, signedAt);
		}
		claims.add(text.msg("audit.verify.claim.checked", events, chains));
		if (checkpoint == null) {
			claims.add(text.msg("audit.verify.claim.noCheckpoint"));
			view.put("checkpointView", null);
		}
		else {
			long head = head(checkpoint);
			claims.add(text.msg(ok ? "audit.verify.claim.checkpointMatched" : "audit.verify.claim.checkpointChecked",
					checkpoint.get("id"), signedAt, head));
			claims.add(text.msg("audit.verify.claim.afterCheckpoint", head));
			view.put("checkpointView", Map.of("id", checkpoint.get("id"), "created", signedAt, "head", head, "key",
					checkpoint.get("algorithm") + " " + checkpoint.get("keyId")));
		}
		view.put("status", status);
		view.put("claims", claims);
		view.put("verified", text.dateTime(verification.get("verifiedAt")));
		view.put("problemLabel", verification.get("problem") == null ? ""
				: text.label("AuditProblem", verification.get("problem")));
		return view;
	}

	/** The highest sequence a checkpoint signed. */
	@SuppressWarnings("unchecked")
	private static long head(Map<String, Object> checkpoint) {
		long head = 0;
		if (checkpoint.get("streams") instanceof List<?> streams) {
			for (Object stream : streams) {
				if (stream instanceof Map<?, ?> map) {
					head = Math.max(head, number(((Map<String, Object>) map).get("sequence")));
				}
			}
		}
		return head;
	}

	private static LocalDate parse(String day, LocalDate otherwise) {
		if (day == null || day.isBlank()) {
			return otherwise;
		}
		try {
			return LocalDate.parse(day.trim());
		}
		catch (DateTimeParseException ex) {
			return otherwise;
		}
	}

	private static long number(Object value) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		try {
			return value == null ? 0 : Long.parseLong(value.toString());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}
}
