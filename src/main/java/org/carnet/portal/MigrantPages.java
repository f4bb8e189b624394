package org.carnet.portal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.carnet.identity.Accounts;
import jakarta.servlet.http.HttpSession;
import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.Purpose;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The person's own pages: their record, who can see what (with revoke), giving consent, answering requests, share
 * codes, who looked at their record, and erasure. Every read and action is a GraphQL document run as the person.
 */
@Controller
@RequestMapping("/portal/my")
class MigrantPages {

	/** Durations offered for a grant or a share code's grant, in days. */
	static final List<Integer> DURATIONS = List.of(1, 7, 30, 90, 180, 365);

	static final String GIVEN_NAMES_ATTRIBUTE = "carnet.portal.givenNames";

	private final PortalGraphQl graphQl;

	private final PortalText text;

	private final PortalSettings settings;

	private final PortalSignOut signOut;

	private final Accounts accounts;

	MigrantPages(PortalGraphQl graphQl, PortalText text, PortalSettings settings, PortalSignOut signOut,
			Accounts accounts) {
		this.graphQl = graphQl;
		this.text = text;
		this.settings = settings;
		this.signOut = signOut;
		this.accounts = accounts;
	}

	@ModelAttribute
	void navigation(Model model) {
		model.addAttribute("section", "my");
	}

	/**
	 * The person's given names from their own record, to greet them by name rather than by their user name: read
	 * once per session (a read of their record, in their access log like any other) and kept in the session only.
	 */
	private String givenNames(HttpSession session) {
		Object known = session.getAttribute(GIVEN_NAMES_ATTRIBUTE);
		if (known instanceof String names) {
			return names.isEmpty() ? null : names;
		}
		GraphQlAnswer answer = graphQl.document("PortalMyGivenNames").execute();
		String names = answer.field("myRecord.identity.givenNames", String.class).orElse("");
		if (answer.ok()) {
			session.setAttribute(GIVEN_NAMES_ATTRIBUTE, names);
		}
		return names.isEmpty() ? null : names;
	}

	@GetMapping
	String home(Model model, HttpSession session) {
		model.addAttribute("givenNames", givenNames(session));
		GraphQlAnswer answer = graphQl.document("PortalHome").execute();
		answer.failure().ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		// a mediator's proposal is announced as a proposal, not as a request to see the record
		List<String> proposals = answer.list("requestKinds", Answers.ConsentRequest.class)
			.stream()
			.filter(request -> "MEDIATOR_PROPOSAL".equals(request.kind()))
			.map(Answers.ConsentRequest::id)
			.toList();
		List<NotificationView> notifications = new ArrayList<>();
		for (Answers.Notification notification : answer.list("myNotifications", Answers.Notification.class)) {
			if (notification.read()) {
				continue;
			}
			boolean proposal = "CONSENT_REQUESTED".equals(notification.kind())
					&& proposals.contains(notification.referenceId());
			notifications.add(new NotificationView(notification.id(), notification.emergency(),
					proposal ? text.msg("notification.proposal", text.person(notification.actor()),
							text.country(notification.actorJurisdiction()), text.dateTime(notification.createdAt()))
							: sentence(notification)));
		}
		model.addAttribute("notifications", notifications);
		model.addAttribute("pendingRequests", answer.list("myConsentRequests", Answers.ConsentRequest.class).size());
		return "portal/my/home";
	}

	/**
	 * A notification as a sentence; an access names the parts of the record concerned (never their contents) and,
	 * when it stands for several accesses within the hour, how many.
	 */
	private String sentence(Answers.Notification notification) {
		String who = text.person(notification.actor());
		String where = text.country(notification.actorJurisdiction());
		if (!"RECORD_ACCESSED".equals(notification.kind())) {
			return text.msg("notification." + notification.kind(), who, where,
					text.dateTime(notification.createdAt()));
		}
		List<String> parts = notification.categories() == null ? List.of()
				: notification.categories().stream().map(text::category).toList();
		String told = text.msg(notification.emergency() ? "notification.RECORD_ACCESSED.emergency"
				: "notification.RECORD_ACCESSED", who, where, text.dateTime(notification.createdAt()),
				text.purpose(notification.purpose()), text.and(parts));
		int times = notification.accessCount() == null ? 1 : notification.accessCount();
		return times > 1 ? told + " " + text.msg("notification.RECORD_ACCESSED.times", text.number(times)) : told;
	}

	/** An unread notification as the home page shows it. */
	record NotificationView(String id, boolean emergency, String text) {
	}

	/** A grant as the consents page lists it. */
	record GrantView(String id, String sentence, String status, String origin) {
	}

	/** A consent request as the requests page lists it. */
	record RequestView(String id, String sentence, String reason, String status, String expires, String asked) {
	}

	@PostMapping("/notifications/{id}/read")
	String markRead(@PathVariable String id, RedirectAttributes redirect) {
		GraphQlAnswer answer = graphQl.document("PortalMarkNotificationRead").variable("id", id).execute();
		answer.failure().ifPresent(p -> redirect.addFlashAttribute("problem", PortalPages.message(p, text)));
		return "redirect:/portal/my";
	}

	@GetMapping("/record")
	String record(Model model) {
		GraphQlAnswer answer = graphQl.document("PortalMyRecord").operation("PortalMyRecord").execute();
		answer.failure().ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		model.addAttribute("record", RecordView.of(answer, "myRecord", text));
		return "portal/my/record";
	}

	@GetMapping("/consents")
	String consents(Model model) {
		GraphQlAnswer answer = graphQl.document("PortalMyConsents").execute();
		answer.failure().ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		ConsentSentences sentences = new ConsentSentences(text);
		List<GrantView> current = new ArrayList<>();
		List<GrantView> past = new ArrayList<>();
		for (Answers.Grant grant : answer.list("myConsents", Answers.Grant.class)) {
			GrantView view = new GrantView(grant.id(), sentences.grant(grant) + coarse(grant.coarseCategories()),
					grant.status(), grant.origin());
			String status = Objects.toString(grant.status(), "");
			if (status.equals("ACTIVE") || status.equals("NOT_YET_VALID")) {
				current.add(view);
			}
			else {
				past.add(view);
			}
		}
		model.addAttribute("current", current);
		model.addAttribute("past", past);
		Optional<Answers.StatisticsConsent> statistics = answer.field("myStatisticsConsent",
				Answers.StatisticsConsent.class);
		statistics.ifPresent(agreement -> {
			model.addAttribute("statistics", agreement);
			// the choice is a setting: the same boxes sent again after a change (in, out, in again) must act, so
			// each rendering of the form is its own; a double click still sends one form token and acts once
			model.addAttribute("statisticsRendering", UUID.randomUUID().toString());
			model.addAttribute("statisticsSentence", agreement.contributing()
					? text.msg("statistics.on", sentences.categories(agreement.categories()))
					: text.msg("statistics.off"));
		});
		return "portal/my/consents";
	}

	/**
	 * The person chooses the parts of their record that count in anonymous statistics (none: they stop). Only the
	 * categories the server offers are sent on; the answer says, from what the server stored, whether they contribute.
	 */
	@PostMapping("/statistics")
	String statistics(@RequestParam(required = false) List<String> categories, RedirectAttributes redirect) {
		List<String> chosen = categories == null ? List.of() : categories;
		if (!chosen.stream().allMatch(MigrantPages::isCategory)) {
			redirect.addFlashAttribute("problem", text.msg("form.problem.choose"));
			return "redirect:/portal/my/consents#statistics";
		}
		GraphQlAnswer answer = graphQl.document("PortalSetStatisticsConsent").variable("categories", chosen).execute();
		Optional<Answers.StatisticsConsent> stored = answer.field("setStatisticsConsent",
				Answers.StatisticsConsent.class);
		if (answer.ok() && stored.isPresent()) {
			redirect.addFlashAttribute("notice", stored.get().contributing()
					? text.msg("statistics.saved", new ConsentSentences(text).categories(stored.get().categories()))
					: text.msg("statistics.stopped"));
		}
		else {
			redirect.addFlashAttribute("problem", answer.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("error.UNAVAILABLE")));
		}
		return "redirect:/portal/my/consents#statistics";
	}

	/** What the person fills in to give consent. */
	record GrantForm(String granteeKind, String granteeValue, String country, List<String> categories,
			String access, List<String> purposes, Integer days, List<String> coarseCategories) {

		/** The parts a grant may give as a summary only (the server computes it; the details never leave). */
		static final List<String> COARSE_OFFERED = List.of("IDENTITY", "VITALS", "LAB_RESULTS");

		/**
		 * The summary-only parts the person ticked among those they share, or null when they ticked none: the
		 * server's default then applies (a health mediator sees the identity as a summary).
		 */
		List<String> coarseChosen() {
			if (coarseCategories == null || categories == null) {
				return null;
			}
			List<String> chosen = coarseCategories.stream()
				.filter(COARSE_OFFERED::contains)
				.filter(categories::contains)
				.distinct()
				.toList();
			return chosen.isEmpty() ? null : chosen;
		}

		/** The form's fields, as pages name them (the chosen grantee is {@code grantee}). */
		static final Set<String> FIELDS = Set.of("grantee", "country", "categories", "access", "purposes", "days");

		/** The API's input fields that the form's fields stand for, where the names differ. */
		static final Map<String, String> API_FIELDS = Map.of("jurisdictions", "country", "validUntil", "days",
				"validFrom", "days", "durationDays", "days");

		static GrantForm empty() {
			return new GrantForm("USER", "", "", List.of(), "READ", List.of("TREATMENT"), 30, null);
		}

		/** Each choice the person must make, made from what the page offers. */
		void check(FormProblems problems) {
			checkTerms(categories, access, purposes, days, problems);
			if (country == null || country.isBlank() || !Jurisdiction.isKnown(country)) {
				problems.add("country", "form.problem.country");
			}
		}
	}

	/**
	 * The terms of a grant as chosen on a page (a grant, a share code, a request, a proposal): at least one part of
	 * the record and one purpose, each one the page offers; an access and a duration of the list (when sent).
	 */
	static void checkTerms(List<String> categories, String access, List<String> purposes, Integer days,
			FormProblems problems) {
		if (categories == null || categories.isEmpty()) {
			problems.add("categories", "form.problem.chooseSome");
		}
		else if (!categories.stream().allMatch(MigrantPages::isCategory)) {
			problems.add("categories", "form.problem.choose");
		}
		if (purposes == null || purposes.isEmpty()) {
			problems.add("purposes", "form.problem.chooseSome");
		}
		else if (!purposes.stream().allMatch(MigrantPages::isPurpose)) {
			problems.add("purposes", "form.problem.choose");
		}
		if (access != null && !List.of("READ", "READ_WRITE").contains(access)) {
			problems.add("access", "form.problem.choose");
		}
		if (days != null && !DURATIONS.contains(days)) {
			problems.add("days", "form.problem.choose");
		}
	}

	static boolean isCategory(String name) {
		return Arrays.stream(Category.values()).anyMatch(category -> category.name().equals(name));
	}

	static boolean isPurpose(String name) {
		return Arrays.stream(Purpose.values()).anyMatch(purpose -> purpose.name().equals(name));
	}

	/**
	 * Step one: type a name, a clinic or a country and see who matches; step two: choose one, then say what, why and
	 * how long. The grantee is always one the server found, never typed free text.
	 */
	@GetMapping("/consents/new")
	String grantForm(@RequestParam(required = false) String search, @RequestParam(required = false) String kind,
			@RequestParam(required = false) String value, FormProblems problems, Model model) {
		if (!problems.isEmpty()) {
			// what was typed in the search (or the choice in the address) has characters that cannot be used: say so
			// beside the search, the one thing the person typed here
			problems.add("search", "form.problem.characters");
			model.addAttribute("search", search);
			model.addAttribute("form", GrantForm.empty());
			problems.summarise(model);
			return grantPage(model);
		}
		GrantForm form = GrantForm.empty();
		if (kind != null && value != null) {
			Optional<Answers.Grantee> chosen = search().resolve(kind, value);
			if (chosen.isPresent()) {
				String country = chosen.get().country();
				form = new GrantForm(kind, value, country == null ? "" : country, List.of(), "READ",
						List.of("TREATMENT"), 30, null);
				model.addAttribute("chosen", search().candidate(chosen.get()));
			}
		}
		model.addAttribute("form", form);
		if (search != null && !search.isBlank()) {
			search().search(search.strip(), problems, model);
		}
		return grantPage(model);
	}

	private GranteeSearch search() {
		return new GranteeSearch(graphQl, text);
	}

	private String grantPage(Model model) {
		model.addAttribute("durations", DURATIONS);
		model.addAttribute("countryOptions", Countries.options(text));
		model.addAttribute("coarseOffered", GrantForm.COARSE_OFFERED);
		return "portal/my/grant";
	}

	/** {@code GranteeInput} of the API. */
	record GranteeInput(String kind, String value) {
	}

	/** {@code GrantConsentInput} of the API, as the grant form sends it (valid from now). */
	record GrantConsentInput(GranteeInput grantee, List<String> categories, String access, List<String> purposes,
			List<String> jurisdictions, String validUntil, List<String> coarseCategories) {
	}

	@PostMapping("/consents")
	String grant(@ModelAttribute("form") GrantForm form, BindingResult binding, FormProblems problems, Model model,
			RedirectAttributes redirect) {
		problems.binding(binding);
		form.check(problems);
		String kind = form.granteeKind() == null ? "USER" : form.granteeKind();
		// any clinician in a country: the country chosen last is the grantee
		String value = "ANY_CLINICIAN_IN".equals(kind) && Jurisdiction.isKnown(Objects.toString(form.country(), ""))
				? form.country() : trimmed(form.granteeValue());
		if (problems.isEmpty()) {
			int days = form.days() == null ? 30 : form.days();
			GrantConsentInput input = new GrantConsentInput(new GranteeInput(kind, value), form.categories(),
					form.access() == null ? "READ" : form.access(), form.purposes(), List.of(form.country()),
					Instant.now().plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.SECONDS).toString(),
					form.coarseChosen());
			GraphQlAnswer answer = graphQl.document("PortalGrantConsent").variable("input", input).execute();
			Optional<Answers.Grant> stored = answer.field("grantConsent", Answers.Grant.class);
			if (answer.ok() && stored.isPresent()) {
				// the sentence names the grantee as stored and resolved by the server, not as typed
				if (ConsentSentences.resolved(stored.get().grantee())) {
					redirect.addFlashAttribute("notice",
							text.msg("consents.granted", new ConsentSentences(text).grant(stored.get()))
									+ coarse(stored.get().coarseCategories()));
					// what the grantee will not see (the parts left out), as stored
					List<Category> left = Arrays.stream(Category.values())
						.filter(category -> !stored.get().categories().contains(category))
						.toList();
					if (!left.isEmpty()) {
						redirect.addFlashAttribute("effects", effects(left));
					}
				}
				else {
					redirect.addFlashAttribute("problem", text.msg("consents.grantedUnknown"));
				}
				return "redirect:/portal/my/consents";
			}
			problems.refused(answer, GrantForm.API_FIELDS, GrantForm.FIELDS, model);
		}
		else {
			problems.summarise(model);
		}
		// the form again, for the grantee the server finds (never the text sent); else the search, to choose again
		Optional<Answers.Grantee> chosen = search().resolve(kind, value);
		if (chosen.isPresent()) {
			model.addAttribute("chosen", search().candidate(chosen.get()));
		}
		else {
			problems.add("search", "form.problem.grantee");
			problems.summarise(model);
		}
		return grantPage(model);
	}

	/**
	 * Stopping a share is confirmed first, on a page of its own (no script needed): the sentence of what stops, then
	 * "Yes, stop sharing" or "No, keep sharing".
	 */
	@GetMapping("/consents/{id}/revoke")
	String revokeConfirmation(@PathVariable String id, Model model, RedirectAttributes redirect) {
		GraphQlAnswer answer = graphQl.document("PortalMyConsents").execute();
		if (!answer.ok()) {
			redirect.addFlashAttribute("problem", PortalPages.message(answer.failure().get(), text));
			return "redirect:/portal/my/consents";
		}
		Optional<Answers.Grant> grant = answer.list("myConsents", Answers.Grant.class)
			.stream()
			.filter(g -> id.equals(g.id()))
			.findFirst();
		String status = grant.map(g -> Objects.toString(g.status(), "")).orElse("");
		if (!status.equals("ACTIVE") && !status.equals("NOT_YET_VALID")) {
			redirect.addFlashAttribute("notice", text.msg(grant.isPresent() ? "my.revoke.already" : "my.revoke.gone"));
			return "redirect:/portal/my/consents";
		}
		model.addAttribute("confirm", new Confirmation("my.revoke.title", "my.revoke.heading",
				new ConsentSentences(text).grant(grant.get()), "my.revoke.warning", path("/portal/my/consents/{id}/revoke", id),
				"my.revoke.yes", "/portal/my/consents", "my.revoke.no", effects(grant.get().categories())));
		return "portal/confirm";
	}

	/**
	 * A page that asks before something that cannot be undone: what, the two ways on, and, when the person restricts
	 * what is shared, what a clinician will then not see and why it can matter for their care (one line a category).
	 */
	record Confirmation(String titleKey, String headingKey, String sentence, String warningKey, String action,
			String yesKey, String cancel, String noKey, List<String> effects) {

		Confirmation(String titleKey, String headingKey, String sentence, String warningKey, String action,
				String yesKey, String cancel, String noKey) {
			this(titleKey, headingKey, sentence, warningKey, action, yesKey, cancel, noKey, List.of());
		}
	}

	/** The parts a grant gives only as a summary, as a sentence after the grant's (empty when none). */
	private String coarse(List<Category> categories) {
		if (categories == null || categories.isEmpty()) {
			return "";
		}
		return " " + text.msg("consents.coarse",
				text.and(categories.stream().sorted().map(category -> text.msg("coarse." + category.name())).toList()));
	}

	/** What a clinician will not see of each of these categories, and why it can matter, in the person's language. */
	private List<String> effects(Collection<Category> categories) {
		return categories.stream().sorted().map(category -> text.msg("restriction." + category.name())).toList();
	}

	@PostMapping("/consents/{id}/revoke")
	String revoke(@PathVariable String id, @RequestParam(defaultValue = "false") boolean confirmed,
			RedirectAttributes redirect) {
		if (!confirmed) {
			// asked from anywhere but the confirmation page: ask first
			return "redirect:" + path("/portal/my/consents/{id}/revoke", id);
		}
		GraphQlAnswer answer = graphQl.document("PortalRevokeConsent").variable("id", id).variable("reason", null).execute();
		Answers.Grant revoked = answer.field("revokeConsent", Answers.Grant.class).orElse(null);
		// confirmed from what the server stored: the grant's status, and the sentence of the stopped grant
		if (answer.ok() && revoked != null && "REVOKED".equals(revoked.status())) {
			redirect.addFlashAttribute("notice",
					text.msg("consents.revokedWhat", new ConsentSentences(text).grant(revoked)));
			redirect.addFlashAttribute("effects", effects(revoked.categories()));
		}
		else {
			redirect.addFlashAttribute("problem", answer.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("error.UNAVAILABLE")));
		}
		return "redirect:/portal/my/consents";
	}

	static String path(String template, String id) {
		return UriComponentsBuilder.fromPath(template).buildAndExpand(id).encode().toUriString();
	}

	@GetMapping("/requests")
	String requests(Model model) {
		GraphQlAnswer answer = graphQl.document("PortalMyConsentRequests").execute();
		answer.failure().ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		ConsentSentences sentences = new ConsentSentences(text);
		List<RequestView> pending = new ArrayList<>();
		List<RequestView> answered = new ArrayList<>();
		for (Answers.ConsentRequest request : answer.list("myConsentRequests", Answers.ConsentRequest.class)) {
			RequestView view = new RequestView(request.id(),
					sentences.request(request) + coarse(request.coarseCategories()), request.reason(),
					request.status(), text.dateTime(request.expiresAt()), text.dateTime(request.createdAt()));
			("PENDING".equals(request.status()) ? pending : answered).add(view);
		}
		model.addAttribute("pending", pending);
		model.addAttribute("answered", answered);
		return "portal/my/requests";
	}

	/** Saying no to a request is confirmed first, as stopping a share is. */
	@GetMapping("/requests/{id}/decline")
	String declineConfirmation(@PathVariable String id, Model model, RedirectAttributes redirect) {
		GraphQlAnswer answer = graphQl.document("PortalMyConsentRequests").execute();
		if (!answer.ok()) {
			redirect.addFlashAttribute("problem", PortalPages.message(answer.failure().get(), text));
			return "redirect:/portal/my/requests";
		}
		Optional<Answers.ConsentRequest> request = answer.list("myConsentRequests", Answers.ConsentRequest.class)
			.stream()
			.filter(r -> id.equals(r.id()))
			.findFirst();
		if (request.isEmpty() || !"PENDING".equals(request.get().status())) {
			redirect.addFlashAttribute("notice",
					text.msg(request.isPresent() ? "my.decline.already" : "my.decline.gone"));
			return "redirect:/portal/my/requests";
		}
		model.addAttribute("confirm", new Confirmation("my.decline.title", "my.decline.heading",
				new ConsentSentences(text).request(request.get()), "my.decline.warning",
				path("/portal/my/requests/{id}/answer", id), "my.decline.yes", "/portal/my/requests", "my.decline.no"));
		model.addAttribute("confirmFields", Map.of("approve", "false"));
		return "portal/confirm";
	}

	@PostMapping("/requests/{id}/answer")
	String answer(@PathVariable String id, @RequestParam boolean approve,
			@RequestParam(defaultValue = "false") boolean confirmed, RedirectAttributes redirect) {
		if (!approve && !confirmed) {
			return "redirect:" + path("/portal/my/requests/{id}/decline", id);
		}
		GraphQlAnswer answer = graphQl.document("PortalAnswerConsentRequest").variable("id", id).variable("approve", approve).execute();
		Answers.ConsentRequest answered = answer.field("answerConsentRequest", Answers.ConsentRequest.class)
			.orElse(null);
		Answers.Grant grant = answered == null ? null : answered.grant();
		// confirmed from the stored answer: an approval by the grant it created, as the server resolved it
		if (answer.ok() && answered != null && approve && "APPROVED".equals(answered.status()) && grant != null) {
			redirect.addFlashAttribute("notice",
					text.msg("requests.approvedWhat", new ConsentSentences(text).grant(grant)));
		}
		else if (answer.ok() && answered != null && !approve && "DECLINED".equals(answered.status())) {
			redirect.addFlashAttribute("notice", text.msg("requests.declined"));
		}
		else {
			redirect.addFlashAttribute("problem", answer.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("error.UNAVAILABLE")));
		}
		return "redirect:/portal/my/requests";
	}

	@GetMapping("/access-log")
	String accessLog(@RequestParam(required = false) String after, Model model, Authentication authentication) {
		GraphQlAnswer answer = graphQl.document("PortalMyAccessLog").variable("first", settings.pageSize()).variable("after", after).execute();
		answer.failure().ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		Optional<Answers.AccessEventPage> page = answer.field("myAccessLog", Answers.AccessEventPage.class);
		model.addAttribute("events", AccessEvents.forPerson(
				page.map(Answers.AccessEventPage::events).orElse(List.of()), authentication.getName(), text));
		Answers.PageInfo info = page.map(Answers.AccessEventPage::pageInfo).orElse(null);
		if (info != null && info.hasNextPage()) {
			model.addAttribute("next", info.endCursor());
		}
		model.addAttribute("paged", after != null);
		answer.field("myNotificationPreference", String.class).ifPresent(preference -> {
			model.addAttribute("preference", preference);
			model.addAttribute("preferences", PREFERENCES);
			// a setting: the same choice sent again after a change must act, so each rendering is its own form
			model.addAttribute("preferenceRendering", UUID.randomUUID().toString());
		});
		return "portal/my/access-log";
	}

	/** The choices of what the person is told, as the API names them, in the order the page offers them. */
	static final List<String> PREFERENCES = List.of("EVERY_ACCESS", "CROSS_BORDER_AND_EMERGENCY", "EMERGENCY_ONLY");

	/**
	 * The person chooses which accesses to their record they are told about; the notice says what the server
	 * stored, not what was sent.
	 */
	@PostMapping("/notification-preference")
	String notificationPreference(@RequestParam(required = false) String preference, RedirectAttributes redirect) {
		if (preference == null || !PREFERENCES.contains(preference)) {
			redirect.addFlashAttribute("problem", text.msg("form.problem.choose"));
			return "redirect:/portal/my/access-log#notify";
		}
		GraphQlAnswer answer = graphQl.document("PortalSetNotificationPreference")
			.variable("preference", preference)
			.execute();
		Optional<String> stored = answer.field("setNotificationPreference", String.class);
		if (answer.ok() && stored.isPresent() && PREFERENCES.contains(stored.get())) {
			redirect.addFlashAttribute("notice", text.msg("notify.saved", text.msg("notify.now." + stored.get())));
		}
		else {
			redirect.addFlashAttribute("problem", answer.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("error.UNAVAILABLE")));
		}
		return "redirect:/portal/my/access-log#notify";
	}

	@GetMapping("/erase")
	String eraseForm() {
		return "portal/my/erase";
	}

	@PostMapping("/erase")
	String erase(@RequestParam(defaultValue = "false") boolean understood, FormProblems problems, Model model,
			HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
		if (!understood) {
			problems.add("understood", "erase.confirmFirst");
			problems.summarise(model);
			return "portal/my/erase";
		}
		GraphQlAnswer own = graphQl.document("PortalMyRecordId").execute();
		String id = own.field("myRecord.id", String.class).orElse(null);
		if (id == null) {
			model.addAttribute("problem", own.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("error.NOT_FOUND")));
			return "portal/my/erase";
		}
		GraphQlAnswer answer = graphQl.document("PortalErasePerson").variable("id", id).execute();
		if (!answer.ok() || answer.field("erasePerson", Answers.ErasureReceipt.class).isEmpty()) {
			model.addAttribute("problem", answer.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("error.UNAVAILABLE")));
			return "portal/my/erase";
		}
		// The record is gone: end the session and its tokens too. The page says the account is closed only when
		// identity says so (the erasure closes it in the same transaction).
		model.addAttribute("accountClosed", !accounts.isOpen(authentication.getName()));
		signOut.logout(request, response, authentication);
		new SecurityContextLogoutHandler().logout(request, response, authentication);
		return "portal/my/erased";
	}

	private static String trimmed(String value) {
		return value == null ? "" : value.trim();
	}
}
