package org.carnet.portal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
			"CLIENT_REGISTERED", "AUDIT_READ", "POLICY_CHANGED", "DATABASE_RESTORED", "STATISTICS");

	static final List<String> OUTCOMES = List.of("SUCCESS", "PARTIAL", "DENIED", "ERROR");

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

		/** The API's {@code AuditFilter} for this form: what was left empty or is unknown filters nothing. */
		AuditFilterInput input(PortalSettings settings) {
			Instant start = startOf(from, settings, 0);
			Instant end = startOf(to, settings, 1);
			return new AuditFilterInput(trimmed(personId), trimmed(requester), trimmed(organisationId),
					trimmed(requesterJurisdiction), trimmed(homeJurisdiction), bool(crossBorder), bool(emergency),
					action != null && ACTIONS.contains(action) ? List.of(action) : null,
					outcome != null && OUTCOMES.contains(outcome) ? List.of(outcome) : null,
					start == null ? null : start.toString(), end == null ? null : end.toString());
		}

		private static String trimmed(String value) {
			return value == null || value.isBlank() ? null : value.trim();
		}

		private static Boolean bool(String value) {
			return "true".equals(value) || "false".equals(value) ? Boolean.valueOf(value) : null;
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

	/** {@code AuditFilter} of the API; null fields filter nothing. */
	record AuditFilterInput(String personId, String requester, String organisationId, String requesterJurisdiction,
			String homeJurisdiction, Boolean crossBorder, Boolean emergency, List<String> actions,
			List<String> outcomes, String from, String to) {
	}

	/** A cross-border flow as the table shows it. */
	record FlowView(String from, String to, long accesses, long emergencies, long denied, long total) {
	}

	/**
	 * The verification page: what was checked ({@code ok}, counts, the verifier's {@code reason}), the status
	 * sentence and the claims that follow from the answer, and the checkpoint it was checked against, if any.
	 */
	record VerificationView(boolean ok, long eventsChecked, int streamsChecked, String reason, String status,
			List<String> claims, String verified, String problemLabel, CheckpointView checkpointView) {
	}

	/** The checkpoint a verification was checked against: its id, when it was signed, the head it covers, its key. */
	record CheckpointView(Long id, String created, long head, String key) {
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
		GraphQlAnswer answer = graphQl.document("PortalAuditEvents")
			.variable("filter", filter.input(settings))
			.variable("first", settings.pageSize())
			.variable("after", after)
			.execute();
		answer.failure().ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		Optional<Answers.AccessEventPage> page = answer.field("auditEvents", Answers.AccessEventPage.class);
		model.addAttribute("events",
				AccessEvents.views(page.map(Answers.AccessEventPage::events).orElse(List.of()), text));
		Answers.PageInfo info = page.map(Answers.AccessEventPage::pageInfo).orElse(null);
		if (info != null && info.hasNextPage() && info.endCursor() != null) {
			model.addAttribute("next", filter.query(UriComponentsBuilder.fromPath("/portal/audit"))
				.queryParam("after", info.endCursor())
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
		GraphQlAnswer answer = graphQl.document("PortalCrossBorder")
			.variable("from", fromInstant.toString())
			.variable("to", toInstant.truncatedTo(ChronoUnit.SECONDS).toString())
			.execute();
		answer.failure().ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		List<FlowView> flows = new ArrayList<>();
		long max = 1;
		for (Answers.CrossBorderFlow flow : answer.list("crossBorderSummary.flows", Answers.CrossBorderFlow.class)) {
			long total = flow.accesses() + flow.emergencyAccesses();
			max = Math.max(max, total);
			flows.add(new FlowView(text.country(flow.requesterJurisdiction()), text.country(flow.homeJurisdiction()),
					flow.accesses(), flow.emergencyAccesses(), flow.denied(), total));
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
		GraphQlAnswer answer = graphQl.document("PortalVerifyAuditLog").execute();
		answer.failure().ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		answer.field("verifyAuditLog", Answers.AuditVerification.class)
			.ifPresent(verification -> model.addAttribute("verification", verificationView(verification, text)));
		return "portal/audit/verification";
	}

	/** Signs every chain's head now; the page then says what the stored checkpoint covers. */
	@PostMapping("/verification/checkpoint")
	String sign(RedirectAttributes redirect) {
		GraphQlAnswer answer = graphQl.document("PortalCreateAuditCheckpoint").execute();
		Answers.Checkpoint checkpoint = answer.field("createAuditCheckpoint", Answers.Checkpoint.class).orElse(null);
		if (answer.ok() && checkpoint != null) {
			redirect.addFlashAttribute("notice", text.msg("audit.verify.signed", checkpoint.id(),
					text.dateTime(checkpoint.createdAt()), checkpoint.head()));
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
	static VerificationView verificationView(Answers.AuditVerification verification, PortalText text) {
		boolean ok = verification.ok();
		long events = verification.eventsChecked();
		long chains = verification.streamsChecked();
		Answers.Checkpoint checkpoint = verification.checkpoint();
		String signedAt = checkpoint == null ? null : text.dateTime(checkpoint.createdAt());
		List<String> claims = new ArrayList<>();
		String status;
		if (!ok) {
			Long broken = verification.firstBrokenSequence();
			String problem = verification.problem() == null ? "" : text.label("AuditProblem", verification.problem());
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
		CheckpointView checkpointView = null;
		if (checkpoint == null) {
			claims.add(text.msg("audit.verify.claim.noCheckpoint"));
		}
		else {
			long head = checkpoint.head();
			claims.add(text.msg(ok ? "audit.verify.claim.checkpointMatched" : "audit.verify.claim.checkpointChecked",
					checkpoint.id(), signedAt, head));
			claims.add(text.msg("audit.verify.claim.afterCheckpoint", head));
			checkpointView = new CheckpointView(checkpoint.id(), signedAt, head,
					checkpoint.algorithm() + " " + checkpoint.keyId());
		}
		return new VerificationView(ok, events, verification.streamsChecked(), verification.reason(), status,
				List.copyOf(claims), text.dateTime(verification.verifiedAt()),
				verification.problem() == null ? "" : text.label("AuditProblem", verification.problem()),
				checkpointView);
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
}
