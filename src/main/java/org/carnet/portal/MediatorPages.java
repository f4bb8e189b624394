package org.carnet.portal;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.Jurisdiction;

import jakarta.servlet.http.HttpServletResponse;
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
 * The health mediator's pages: find the person they are helping and propose a grant (to a clinician, an
 * organisation or a country's clinicians) that the person then confirms in their own portal. A mediator never
 * grants on anyone's behalf.
 */
@Controller
@RequestMapping("/portal/mediator")
class MediatorPages {

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
	String find(@RequestParam(defaultValue = "") String phrNumber, FormProblems problems, Model model) {
		ClinicianPages.checkPhrNumber(phrNumber, problems);
		GraphQlAnswer answer = problems.isEmpty() ? graphQl.document("PortalMediatorFind").variable("phrNumber", phrNumber.trim()).execute()
				: null;
		String id = answer == null ? null : answer.field("personByPhrNumber.id", String.class).orElse(null);
		if (id != null) {
			return "redirect:" + personPath(id);
		}
		if (answer != null) {
			if (answer.failure().map(p -> "NOT_FOUND".equals(p.classification())).orElse(true)) {
				problems.add("phrNumber", "form.problem.phrNumber.unknown");
			}
			else {
				problems.refused(answer, Map.of(), Set.of("phrNumber"), model);
			}
		}
		problems.summarise(model);
		// the page again, with the number as typed and the proposals below it
		String page = home(model);
		model.addAttribute("phrNumber", phrNumber);
		return page;
	}

	static String personPath(String id) {
		return UriComponentsBuilder.fromPath("/portal/mediator/persons/{id}").buildAndExpand(id).encode().toUriString();
	}

	@GetMapping("/persons/{id}")
	String person(@PathVariable String id, @RequestParam(required = false) String search,
			@RequestParam(required = false) String kind, @RequestParam(required = false) String value,
			FormProblems problems, Model model, HttpServletResponse response) {
		GranteeSearch grantees = new GranteeSearch(graphQl, text);
		MigrantPages.GrantForm form = MigrantPages.GrantForm.empty();
		if (!problems.isEmpty()) {
			// what was typed in the search (or the choice in the address) cannot be used: said beside the search
			problems.add("search", "form.problem.characters");
			model.addAttribute("search", search);
		}
		else {
			if (kind != null && value != null) {
				Optional<Answers.Grantee> chosen = grantees.resolve(kind, value);
				if (chosen.isPresent()) {
					String country = chosen.get().country();
					form = new MigrantPages.GrantForm(kind, value, country == null ? "" : country,
							List.of(), "READ", List.of("TREATMENT"), 90, null);
					model.addAttribute("chosen", grantees.candidate(chosen.get()));
				}
			}
			if (search != null && !search.isBlank()) {
				grantees.search(search.strip(), problems, model);
			}
		}
		return personPage(id, form, "", problems, model, response);
	}

	/** The proposal page: who the person is, and the search or the form (with the values given). */
	private String personPage(String id, MigrantPages.GrantForm form, String reason, FormProblems problems,
			Model model, HttpServletResponse response) {
		GraphQlAnswer answer = graphQl.document("PortalMediatorPerson").variable("id", id).execute();
		Answers.PersonNamed person = answer.field("person", Answers.PersonNamed.class).orElse(null);
		if (person == null) {
			model.addAttribute("problem", answer.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("error.NOT_FOUND")));
			// nobody to propose for: the status says so too, and the page offers no proposal form
			response.setStatus(answer.failure().map(PortalErrors::status).orElse(HttpStatus.NOT_FOUND).value());
			model.addAttribute("personId", id);
			return "portal/mediator/person";
		}
		Answers.Names identity = person.identity();
		model.addAttribute("phrNumber", person.phrNumber());
		// a coarse identity (a mediator's default) has no names: the page then names no one
		model.addAttribute("name", identity == null || identity.full().isEmpty() ? null : identity.full());
		model.addAttribute("notice", person.completenessNotice() == null ? null : text.msg("record.completenessNotice"));
		problems.summarise(model);
		model.addAttribute("personId", id);
		model.addAttribute("form", form);
		model.addAttribute("reason", reason);
		model.addAttribute("durations", MigrantPages.DURATIONS);
		model.addAttribute("countryOptions", Countries.options(text));
		return "portal/mediator/person";
	}

	/** The proposal's fields: those of a grant, and the reason told to the person. */
	static final Set<String> PROPOSAL_FIELDS = Set.of("grantee", "country", "categories", "access", "purposes", "days",
			"reason");

	@PostMapping("/persons/{id}/proposals")
	String propose(@PathVariable String id, @ModelAttribute("form") MigrantPages.GrantForm form,
			BindingResult binding, @RequestParam(defaultValue = "") String reason, FormProblems problems, Model model,
			RedirectAttributes redirect, HttpServletResponse response) {
		problems.binding(binding);
		GranteeSearch grantees = new GranteeSearch(graphQl, text);
		String kind = form.granteeKind() == null ? "USER" : form.granteeKind();
		String value = "ANY_CLINICIAN_IN".equals(kind) && Jurisdiction.isKnown(Objects.toString(form.country(), ""))
				? form.country() : Objects.toString(form.granteeValue(), "").trim();
		Optional<Answers.Grantee> chosen = grantees.resolve(kind, value);
		if (chosen.isEmpty()) {
			problems.add("search", "problem.field.grantee");
			return personPage(id, form, reason, problems, model, response);
		}
		model.addAttribute("chosen", grantees.candidate(chosen.get()));
		form.check(problems);
		ClinicianPages.RequestForm.checkReason(reason, problems);
		if (!problems.isEmpty()) {
			return personPage(id, form, reason, problems, model, response);
		}
		ClinicianPages.RequestConsentInput input = new ClinicianPages.RequestConsentInput(id, form.categories(),
				form.access() == null ? "READ" : form.access(), form.purposes(), reason.trim(), form.days(),
				new MigrantPages.GranteeInput(kind, value), List.of(form.country()));
		GraphQlAnswer answer = graphQl.document("PortalProposeGrant").variable("input", input).execute();
		Answers.ConsentRequest proposal = answer.field("requestConsent", Answers.ConsentRequest.class).orElse(null);
		Answers.Grantee proposed = proposal == null ? null : proposal.grantee();
		// confirmed from what the server stored: its grantee as resolved, never the value the form sent
		if (answer.ok() && proposal != null && "PENDING".equals(proposal.status())
				&& ConsentSentences.resolved(proposed)) {
			ConsentSentences sentences = new ConsentSentences(text);
			redirect.addFlashAttribute("notice", text.msg("mediator.proposalSentWhat",
					sentences.grantee(proposed, proposal.jurisdictions()), sentences.categories(proposal.categories()),
					text.dateTime(proposal.expiresAt())));
			return "redirect:/portal/mediator";
		}
		if (answer.ok() && proposal != null) {
			redirect.addFlashAttribute("notice", text.msg("mediator.proposalSent"));
			return "redirect:/portal/mediator";
		}
		String page = personPage(id, form, reason, problems, model, response);
		problems.refused(answer, MigrantPages.GrantForm.API_FIELDS, PROPOSAL_FIELDS, model);
		return page;
	}
}
