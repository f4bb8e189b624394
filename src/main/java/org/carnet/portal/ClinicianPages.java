package org.carnet.portal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.carnet.core.Purpose;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
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

	private static final String FIND = """
			query PortalFindPerson($phrNumber: String!, $purpose: Purpose!) {
			  personByPhrNumber(phrNumber: $phrNumber, purpose: $purpose) { id }
			}""";

	private static final String REDEEM = """
			mutation PortalRedeemShareCode($code: String!) {
			  redeemShareCode(code: $code) { id personId categories access purposes validUntil status }
			}""";

	private static final String PERSON = "query PortalPerson($id: ID!, $purpose: Purpose!) { person(id: $id, "
			+ "purpose: $purpose) { " + RecordSections.PERSON_SELECTION + " } }";

	private static final String REQUEST = """
			mutation PortalRequestConsent($input: RequestConsentInput!) {
			  requestConsent(input: $input) { id status expiresAt }
			}""";

	private static final String BREAK_GLASS = """
			mutation PortalBreakGlass($personId: ID!, $justification: String!) {
			  breakGlass(personId: $personId, justification: $justification) { id expiresAt categories }
			}""";

	private final PortalGraphQl graphQl;

	private final PortalText text;

	ClinicianPages(PortalGraphQl graphQl, PortalText text) {
		this.graphQl = graphQl;
		this.text = text;
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

	@PostMapping("/find")
	String find(@RequestParam String phrNumber, @RequestParam(defaultValue = "TREATMENT") Purpose purpose,
			Model model) {
		GraphQlAnswer answer = graphQl.execute(FIND, Map.of("phrNumber", phrNumber.trim(), "purpose", purpose.name()));
		Object id = answer.at("personByPhrNumber", "id").orElse(null);
		if (id == null) {
			model.addAttribute("problem", answer.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("error.NOT_FOUND")));
			return "portal/clinician/search";
		}
		return "redirect:" + personPath(id.toString(), purpose.name());
	}

	@PostMapping("/redeem")
	String redeem(@RequestParam String code, Model model, RedirectAttributes redirect) {
		GraphQlAnswer answer = graphQl.execute(REDEEM, Map.of("code", code.trim()));
		Map<String, Object> grant = answer.object("redeemShareCode");
		if (!answer.ok() || grant == null) {
			model.addAttribute("problem", answer.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("error.UNAVAILABLE")));
			return "portal/clinician/search";
		}
		List<?> purposes = grant.get("purposes") instanceof List<?> list ? list : List.of();
		String purpose = purposes.contains("TREATMENT") || purposes.isEmpty() ? "TREATMENT"
				: purposes.get(0).toString();
		// what the stored grant lets this clinician do, not that "it worked"
		ConsentSentences sentences = new ConsentSentences(text);
		redirect.addFlashAttribute("notice", text.msg("clinician.shareCodeGranted",
				sentences.categories((List<?>) grant.get("categories")), sentences.purposes(purposes),
				text.day(grant.get("validUntil"))));
		return "redirect:" + personPath(grant.get("personId").toString(), purpose);
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
		GraphQlAnswer answer = graphQl.execute(PERSON, Map.of("id", id, "purpose", purpose.name()));
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

	@PostMapping("/persons/{id}/consent-request")
	String requestConsent(@PathVariable String id, @RequestParam(required = false) List<String> categories,
			@RequestParam(required = false) List<String> purposes, @RequestParam(defaultValue = "READ") String access,
			@RequestParam(defaultValue = "") String reason, @RequestParam(required = false) Integer days,
			RedirectAttributes redirect) {
		Map<String, Object> input = new LinkedHashMap<>();
		input.put("personId", id);
		input.put("categories", categories == null ? List.of() : categories);
		input.put("access", access);
		input.put("purposes", purposes == null ? List.of() : purposes);
		input.put("reason", reason.trim());
		if (days != null) {
			input.put("durationDays", days);
		}
		GraphQlAnswer answer = graphQl.execute(REQUEST, Map.of("input", input));
		if (answer.ok() && answer.object("requestConsent") != null) {
			redirect.addFlashAttribute("notice", text.msg("clinician.requestSent",
					text.dateTime(answer.at("requestConsent", "expiresAt").orElse(null))));
		}
		else {
			redirect.addFlashAttribute("problem", answer.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("error.UNAVAILABLE")));
		}
		return "redirect:" + personPath(id, "TREATMENT");
	}

	@GetMapping("/persons/{id}/emergency")
	String emergencyForm(@PathVariable String id, Model model) {
		model.addAttribute("personId", id);
		return "portal/clinician/emergency";
	}

	@PostMapping("/persons/{id}/emergency")
	String breakGlass(@PathVariable String id, @RequestParam(defaultValue = "") String justification, Model model,
			RedirectAttributes redirect) {
		GraphQlAnswer answer = graphQl.execute(BREAK_GLASS,
				Map.of("personId", id, "justification", justification.trim()));
		if (!answer.ok() || answer.object("breakGlass") == null) {
			model.addAttribute("personId", id);
			model.addAttribute("justification", justification);
			model.addAttribute("problem", answer.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("error.UNAVAILABLE")));
			return "portal/clinician/emergency";
		}
		redirect.addFlashAttribute("notice", text.msg("clinician.emergencyOpened",
				text.dateTime(answer.at("breakGlass", "expiresAt").orElse(null))));
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
			Model model, RedirectAttributes redirect) {
		EntryForms.Form form = EntryForms.find(kind).orElseThrow(() -> new PortalNotFound("No such kind of entry"));
		GraphQlAnswer answer = graphQl.execute(form.document(), Map.of("personId", id, "input", form.input(values)));
		if (!answer.ok() || answer.object(form.mutation()) == null) {
			model.addAttribute("personId", id);
			model.addAttribute("form", form);
			model.addAttribute("values", values);
			model.addAttribute("countryOptions", Countries.options(text));
			model.addAttribute("problem", answer.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("error.UNAVAILABLE")));
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
