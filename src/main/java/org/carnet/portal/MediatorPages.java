package org.carnet.portal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * The health mediator's pages: find the person they are helping and propose a grant (to a clinician, an
 * organisation or a country's clinicians) that the person then confirms in their own portal. A mediator never
 * grants on anyone's behalf.
 */
@Controller
@RequestMapping("/portal/mediator")
class MediatorPages {

	private static final String FIND = """
			query PortalMediatorFind($phrNumber: String!) {
			  personByPhrNumber(phrNumber: $phrNumber, purpose: CARE_COORDINATION) { id }
			}""";

	private static final String PERSON = """
			query PortalMediatorPerson($id: ID!) {
			  person(id: $id, purpose: CARE_COORDINATION) { id phrNumber homeJurisdiction identity { givenNames familyName } }
			}""";

	private static final String PROPOSE = """
			mutation PortalProposeGrant($input: RequestConsentInput!) {
			  requestConsent(input: $input) {
			    id status expiresAt grantee { kind value displayName organisationName country } categories jurisdictions
			  }
			}""";

	private final PortalGraphQl graphQl;

	private final PortalText text;

	MediatorPages(PortalGraphQl graphQl, PortalText text) {
		this.graphQl = graphQl;
		this.text = text;
	}

	@ModelAttribute
	void navigation(Model model) {
		model.addAttribute("section", "mediator");
	}

	@GetMapping
	String home(Model model) {
		// each proposal names the person it is for, as far as their consent lets the mediator see it
		new SentRequests(graphQl, text).list(Purpose.CARE_COORDINATION, MediatorPages::personPath, model);
		return "portal/mediator/home";
	}

	@PostMapping("/find")
	String find(@RequestParam String phrNumber, Model model) {
		GraphQlAnswer answer = graphQl.execute(FIND, Map.of("phrNumber", phrNumber.trim()));
		Object id = answer.at("personByPhrNumber", "id").orElse(null);
		if (id == null) {
			model.addAttribute("problem", answer.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("error.NOT_FOUND")));
			model.addAttribute("sent", List.of());
			return "portal/mediator/home";
		}
		return "redirect:" + personPath(id.toString());
	}

	static String personPath(String id) {
		return UriComponentsBuilder.fromPath("/portal/mediator/persons/{id}").buildAndExpand(id).encode().toUriString();
	}

	@GetMapping("/persons/{id}")
	String person(@PathVariable String id, @RequestParam(required = false) String search,
			@RequestParam(required = false) String kind, @RequestParam(required = false) String value, Model model,
			HttpServletResponse response) {
		GraphQlAnswer answer = graphQl.execute(PERSON, Map.of("id", id));
		Map<String, Object> person = answer.object("person");
		if (person == null) {
			model.addAttribute("problem", answer.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("error.NOT_FOUND")));
			// nobody to propose for: the status says so too, and the page offers no proposal form
			response.setStatus(answer.failure().map(PortalErrors::status).orElse(HttpStatus.NOT_FOUND).value());
			model.addAttribute("personId", id);
			return "portal/mediator/person";
		}
		Map<String, Object> identity = answer.object("person", "identity");
		model.addAttribute("phrNumber", person.get("phrNumber"));
		model.addAttribute("name", identity == null ? null
				: (identity.get("givenNames") + " " + (identity.get("familyName") == null ? ""
						: identity.get("familyName"))).trim());
		model.addAttribute("personId", id);
		GranteeSearch grantees = new GranteeSearch(graphQl, text);
		MigrantPages.GrantForm form = MigrantPages.GrantForm.empty();
		if (kind != null && value != null) {
			Optional<Map<String, Object>> chosen = grantees.resolve(kind, value);
			if (chosen.isPresent()) {
				Object country = chosen.get().get("country");
				form = new MigrantPages.GrantForm(kind, value, country == null ? "" : country.toString(), List.of(),
						"READ", List.of("TREATMENT"), 90);
				model.addAttribute("chosen", grantees.candidate(chosen.get()));
			}
		}
		if (search != null && !search.isBlank()) {
			grantees.search(search.strip(), model);
		}
		model.addAttribute("form", form);
		model.addAttribute("durations", MigrantPages.DURATIONS);
		model.addAttribute("countryOptions", Countries.options(text));
		return "portal/mediator/person";
	}

	@PostMapping("/persons/{id}/proposals")
	String propose(@PathVariable String id, @ModelAttribute("form") MigrantPages.GrantForm form,
			@RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
		Map<String, Object> grantee = new LinkedHashMap<>();
		String kind = form.granteeKind() == null ? "USER" : form.granteeKind();
		grantee.put("kind", kind);
		grantee.put("value", "ANY_CLINICIAN_IN".equals(kind) ? form.country()
				: form.granteeValue() == null ? "" : form.granteeValue().trim());
		Map<String, Object> input = new LinkedHashMap<>();
		input.put("personId", id);
		input.put("categories", form.categories() == null ? List.of() : form.categories());
		input.put("access", form.access() == null ? "READ" : form.access());
		input.put("purposes", form.purposes() == null ? List.of() : form.purposes());
		input.put("reason", reason.trim());
		input.put("grantee", grantee);
		if (form.days() != null) {
			input.put("durationDays", form.days());
		}
		if (form.country() != null && !form.country().isBlank()) {
			input.put("jurisdictions", List.of(form.country()));
		}
		GraphQlAnswer answer = graphQl.execute(PROPOSE, Map.of("input", input));
		Map<String, Object> proposal = answer.object("requestConsent");
		@SuppressWarnings("unchecked")
		Map<String, Object> proposed = proposal == null ? null : (Map<String, Object>) proposal.get("grantee");
		// confirmed from what the server stored: its grantee as resolved, never the value the form sent
		if (answer.ok() && proposal != null && "PENDING".equals(proposal.get("status"))
				&& ConsentSentences.resolved(proposed)) {
			ConsentSentences sentences = new ConsentSentences(text);
			redirect.addFlashAttribute("notice", text.msg("mediator.proposalSentWhat",
					sentences.grantee(proposed, (List<?>) proposal.get("jurisdictions")),
					sentences.categories((List<?>) proposal.get("categories")),
					text.dateTime(proposal.get("expiresAt"))));
			return "redirect:/portal/mediator";
		}
		if (answer.ok() && proposal != null) {
			redirect.addFlashAttribute("notice", text.msg("mediator.proposalSent"));
			return "redirect:/portal/mediator";
		}
		redirect.addFlashAttribute("problem", answer.failure()
			.map(p -> PortalPages.message(p, text))
			.orElse(text.msg("error.UNAVAILABLE")));
		return "redirect:" + personPath(id.toString());
	}
}
