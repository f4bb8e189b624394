package org.carnet.portal;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;
import org.carnet.core.BadInput;
import org.carnet.core.PhrNumber;
import org.carnet.core.Purpose;

import org.springframework.http.HttpStatus;
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
 * The clinician's pages: find a person by PHR number or share code, read the record for a stated purpose (withheld
 * sections say "not shared with you"), ask for consent, open emergency access with a justification, add an entry.
 * Persons are addressed by their opaque id only; PHR numbers and codes travel in POST bodies.
 */
@Controller
@RequestMapping("/portal/clinician")
class ClinicianPages {

	/** A share code as typed, without spaces and dashes: nine letters and digits of its alphabet. */
	private static final Pattern SHARE_CODE = Pattern.compile("[23456789ABCDEFGHJKLMNPQRSTVWXYZ]{9}");

	private final PortalGraphQl graphQl;

	private final PortalText text;

	private final PortalSettings settings;

	ClinicianPages(PortalGraphQl graphQl, PortalText text, PortalSettings settings) {
		this.graphQl = graphQl;
		this.text = text;
		this.settings = settings;
	}

	@ModelAttribute
	void navigation(Model model) {
		model.addAttribute("section", "clinician");
		model.addAttribute("purposes", List.of(Purpose.values()));
	}

	@GetMapping
	String search() {
		return "portal/clinician/search";
	}

	/** The search page again, with what was typed in both of its forms and the problems of the one sent. */
	private static String searchAgain(String phrNumber, String purpose, String code, FormProblems problems,
			Model model) {
		model.addAttribute("phrNumber", phrNumber);
		model.addAttribute("findPurpose", purpose);
		model.addAttribute("code", code);
		problems.summarise(model);
		return "portal/clinician/search";
	}

	/** A PHR number as typed: the problem of its form (any case, spaces and dashes are fine), if any. */
	static void checkPhrNumber(String phrNumber, FormProblems problems) {
		if (phrNumber.isBlank()) {
			problems.add("phrNumber", "form.problem.required");
			return;
		}
		try {
			PhrNumber.parse(phrNumber.trim());
		}
		catch (BadInput ex) {
			problems.add("phrNumber", "form.problem.phrNumber");
		}
	}

	@PostMapping("/find")
	String find(@RequestParam(defaultValue = "") String phrNumber,
			@RequestParam(defaultValue = "TREATMENT") String purpose, FormProblems problems, Model model) {
		checkPhrNumber(phrNumber, problems);
		if (!MigrantPages.isPurpose(purpose)) {
			problems.add("purpose", "form.problem.choose");
		}
		if (!problems.isEmpty()) {
			return searchAgain(phrNumber, purpose, null, problems, model);
		}
		GraphQlAnswer answer = graphQl.document("PortalFindPerson").variable("phrNumber", phrNumber.trim()).variable("purpose", purpose).execute();
		String id = answer.field("personByPhrNumber.id", String.class).orElse(null);
		if (id == null) {
			if (answer.failure().map(p -> "NOT_FOUND".equals(p.classification())).orElse(true)) {
				problems.add("phrNumber", "form.problem.phrNumber.unknown");
				problems.summarise(model);
			}
			else {
				problems.refused(answer, Map.of(), Set.of("phrNumber"), model);
			}
			return searchAgain(phrNumber, purpose, null, problems, model);
		}
		return "redirect:" + personPath(id, purpose);
	}

	@PostMapping("/redeem")
	String redeem(@RequestParam(defaultValue = "") String code, FormProblems problems, Model model,
			RedirectAttributes redirect) {
		if (code.isBlank()) {
			problems.add("code", "form.problem.required");
		}
		else if (!SHARE_CODE.matcher(code.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "")).matches()) {
			problems.add("code", "form.problem.code");
		}
		if (!problems.isEmpty()) {
			return searchAgain(null, null, code, problems, model);
		}
		GraphQlAnswer answer = graphQl.document("PortalRedeemShareCode").variable("code", code.trim()).execute();
		Answers.Grant grant = answer.field("redeemShareCode", Answers.Grant.class).orElse(null);
		if (!answer.ok() || grant == null) {
			problems.refused(answer, Map.of(), Set.of("code"), model);
			return searchAgain(null, null, code, problems, model);
		}
		List<Purpose> purposes = grant.purposes() == null ? List.of() : grant.purposes();
		String purpose = purposes.contains(Purpose.TREATMENT) || purposes.isEmpty() ? "TREATMENT"
				: purposes.get(0).name();
		// what the stored grant lets this clinician do, not that "it worked"
		ConsentSentences sentences = new ConsentSentences(text);
		redirect.addFlashAttribute("notice", text.msg("clinician.shareCodeGranted",
				sentences.categories(grant.categories()), sentences.purposes(purposes),
				text.day(grant.validUntil())));
		return "redirect:" + personPath(grant.personId(), purpose);
	}

	/** The consent requests this clinician sent, with their state, newest first. */
	@GetMapping("/requests")
	String requests(Model model) {
		new SentRequests(graphQl, text).list(Purpose.TREATMENT, person -> personPath(person, "TREATMENT"), model);
		return "portal/clinician/requests";
	}

	@GetMapping("/persons/{id}")
	String person(@PathVariable String id, @RequestParam(defaultValue = "TREATMENT") Purpose purpose, Model model,
			HttpServletResponse response) {
		GraphQlAnswer answer = graphQl.document("PortalPerson").variable("id", id).variable("purpose", purpose.name()).execute();
		answer.failure().ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		RecordView record = RecordView.of(answer, "person", text);
		if (record == null) {
			// no record to show (none with this id, or refused): the page says why, with the status that says so
			response.setStatus(answer.failure().map(PortalErrors::status).orElse(HttpStatus.NOT_FOUND).value());
		}
		model.addAttribute("record", record);
		model.addAttribute("personId", id);
		model.addAttribute("purpose", purpose.name());
		model.addAttribute("entryForms", EntryForms.ALL);
		model.addAttribute("durations", MigrantPages.DURATIONS);
		return "portal/clinician/person";
	}

	/** What a clinician asks the person to allow. */
	record RequestForm(List<String> categories, String access, List<String> purposes, String reason, Integer days) {

		static final Set<String> FIELDS = Set.of("categories", "access", "purposes", "reason", "days");

		static final Map<String, String> API_FIELDS = Map.of("durationDays", "days");

		/** Longest reason the API accepts. */
		static final int REASON = 1000;

		static RequestForm empty() {
			return new RequestForm(List.of(), "READ", List.of("TREATMENT"), "", 30);
		}

		void check(FormProblems problems) {
			MigrantPages.checkTerms(categories, access, purposes, days, problems);
			checkReason(reason, problems);
		}

		/** The reason told to the person: required, at most {@link #REASON} characters. */
		static void checkReason(String reason, FormProblems problems) {
			if (reason == null || reason.isBlank()) {
				problems.add("reason", "form.problem.required");
			}
			else if (reason.strip().length() > REASON) {
				problems.add("reason", "form.problem.tooLong", REASON);
			}
		}
	}

	/** {@code RequestConsentInput} of the API: a clinician's request, or (with a grantee) a mediator's proposal. */
	record RequestConsentInput(String personId, List<String> categories, String access, List<String> purposes,
			String reason, Integer durationDays, MigrantPages.GranteeInput grantee, List<String> jurisdictions) {
	}

	/** The request form on a page of its own: where it comes back with its problems, without reading the record. */
	@GetMapping("/persons/{id}/consent-request")
	String requestForm(@PathVariable String id, Model model) {
		return requestPage(id, RequestForm.empty(), model);
	}

	private String requestPage(String id, RequestForm form, Model model) {
		model.addAttribute("personId", id);
		model.addAttribute("requestForm", form);
		model.addAttribute("durations", MigrantPages.DURATIONS);
		return "portal/clinician/consent-request";
	}

	@PostMapping("/persons/{id}/consent-request")
	String requestConsent(@PathVariable String id, @ModelAttribute("requestForm") RequestForm form,
			BindingResult binding, FormProblems problems, Model model, RedirectAttributes redirect) {
		problems.binding(binding);
		form.check(problems);
		if (!problems.isEmpty()) {
			problems.summarise(model);
			return requestPage(id, form, model);
		}
		RequestConsentInput input = new RequestConsentInput(id, form.categories(),
				form.access() == null ? "READ" : form.access(), form.purposes(), form.reason().trim(), form.days(),
				null, null);
		GraphQlAnswer answer = graphQl.document("PortalRequestConsent").variable("input", input).execute();
		Answers.ConsentRequest sent = answer.field("requestConsent", Answers.ConsentRequest.class).orElse(null);
		if (!answer.ok() || sent == null) {
			problems.refused(answer, RequestForm.API_FIELDS, RequestForm.FIELDS, model);
			return requestPage(id, form, model);
		}
		redirect.addFlashAttribute("notice", text.msg("clinician.requestSent", text.dateTime(sent.expiresAt())));
		return "redirect:" + personPath(id, "TREATMENT");
	}

	@GetMapping("/persons/{id}/emergency")
	String emergencyForm(@PathVariable String id, Model model) {
		model.addAttribute("personId", id);
		return "portal/clinician/emergency";
	}

	/** Shortest and longest justification the API accepts, counted as it counts (spaces tidied). */
	static final int JUSTIFICATION_MIN = 20;

	static final int JUSTIFICATION_MAX = 1000;

	@PostMapping("/persons/{id}/emergency")
	String breakGlass(@PathVariable String id, @RequestParam(defaultValue = "") String justification,
			FormProblems problems, Model model, RedirectAttributes redirect) {
		String tidy = justification.strip().replaceAll("\\s+", " ");
		if (tidy.isEmpty()) {
			problems.add("justification", "form.problem.required");
		}
		else if (tidy.length() < JUSTIFICATION_MIN) {
			problems.add("justification", "form.problem.tooShort", JUSTIFICATION_MIN);
		}
		else if (tidy.length() > JUSTIFICATION_MAX) {
			problems.add("justification", "form.problem.tooLong", JUSTIFICATION_MAX);
		}
		GraphQlAnswer answer = problems.isEmpty()
				? graphQl.document("PortalBreakGlass").variable("personId", id).variable("justification", justification.trim()).execute() : null;
		Answers.EmergencyAccess opened = answer == null ? null
				: answer.field("breakGlass", Answers.EmergencyAccess.class).orElse(null);
		if (answer == null || !answer.ok() || opened == null) {
			model.addAttribute("personId", id);
			model.addAttribute("justification", justification);
			if (answer == null) {
				problems.summarise(model);
			}
			else {
				problems.refused(answer, Map.of(), Set.of("justification"), model);
			}
			return "portal/clinician/emergency";
		}
		redirect.addFlashAttribute("notice", text.msg("clinician.emergencyOpened", text.dateTime(opened.expiresAt())));
		return "redirect:" + personPath(id, Purpose.EMERGENCY.name());
	}

	@GetMapping("/persons/{id}/entries/{kind}")
	String entryForm(@PathVariable String id, @PathVariable String kind, Model model) {
		EntryForms.Form form = EntryForms.find(kind).orElseThrow(() -> new PortalNotFound("No such kind of entry"));
		model.addAttribute("personId", id);
		model.addAttribute("form", form);
		model.addAttribute("values", Map.of());
		model.addAttribute("countryOptions", Countries.options(text));
		return "portal/clinician/entry";
	}

	@PostMapping("/persons/{id}/entries/{kind}")
	String addEntry(@PathVariable String id, @PathVariable String kind, @RequestParam Map<String, String> values,
			FormProblems problems, Model model, RedirectAttributes redirect) {
		EntryForms.Form form = EntryForms.find(kind).orElseThrow(() -> new PortalNotFound("No such kind of entry"));
		form.check(values, LocalDate.now(settings.zone()), problems);
		GraphQlAnswer answer = problems.isEmpty()
				? graphQl.document(form.document()).variable("personId", id).variable("input", form.input(values)).execute() : null;
		if (answer == null || !answer.ok() || answer.field(form.mutation(), Answers.Id.class).isEmpty()) {
			model.addAttribute("personId", id);
			model.addAttribute("form", form);
			model.addAttribute("values", values);
			model.addAttribute("countryOptions", Countries.options(text));
			if (answer == null) {
				problems.summarise(model);
			}
			else {
				problems.refused(answer, Map.of(), form.names(), model);
			}
			return "portal/clinician/entry";
		}
		redirect.addFlashAttribute("notice", text.msg("clinician.entryAdded"));
		return "redirect:" + personPath(id, "TREATMENT");
	}

	static String personPath(String id, String purpose) {
		return UriComponentsBuilder.fromPath("/portal/clinician/persons/{id}")
			.queryParam("purpose", purpose)
			.buildAndExpand(id)
			.encode()
			.toUriString();
	}
}
