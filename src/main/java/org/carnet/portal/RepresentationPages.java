package org.carnet.portal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Acting for others in the portal. A guardian or proxy (a person's or a mediator's account) chooses on
 * {@code /portal/acting-for} whom to act for; the person's pages ({@code /portal/my/...}) then show that person's
 * record, consents and access log, under a banner naming them, until they stop. The person manages their proxies on
 * {@code /portal/my/proxies}: authorise an account for a period, revoke at once. Everything goes through the API,
 * which checks the guardianship or proxy at every request and records both names.
 */
@Controller
class RepresentationPages {

	/** Periods offered for a proxy, in days. */
	static final List<Integer> PROXY_DAYS = List.of(1, 7, 30, 90, 180, 365);

	private final PortalGraphQl graphQl;

	private final PortalText text;

	RepresentationPages(PortalGraphQl graphQl, PortalText text) {
		this.graphQl = graphQl;
		this.text = text;
	}

	/** A representation as the pages list it. */
	record RepresentationView(String id, String personId, String phrNumber, String who, String kind, String rights,
			String until, String status, boolean active) {
	}

	@GetMapping("/portal/acting-for")
	String choose(Model model, HttpServletRequest request) {
		if (ActingForSession.current(request).isPresent()) {
			// acting for someone, this user's own list is not theirs to see: stop first
			return "portal/acting-for";
		}
		GraphQlAnswer answer = graphQl.document("PortalMyRepresentations").execute();
		answer.failure().ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		model.addAttribute("representations", views(answer.list("myRepresentations", Answers.Representation.class)));
		return "portal/acting-for";
	}

	/**
	 * Starts acting for a person, if this user holds an active guardianship or proxy for them now (asked of the API
	 * as this user, not as anyone they act for).
	 */
	@PostMapping("/portal/acting-for")
	String start(@RequestParam String personId, HttpServletRequest request, RedirectAttributes redirect) {
		HttpSession session = request.getSession();
		ActingForSession.stop(session);
		session.removeAttribute(MigrantPages.GIVEN_NAMES_ATTRIBUTE);
		GraphQlAnswer answer = graphQl.document("PortalMyRepresentations").execute();
		Optional<Answers.Representation> chosen = answer.list("myRepresentations", Answers.Representation.class)
			.stream()
			.filter(each -> "ACTIVE".equals(each.status()) && each.personId().equals(personId))
			.findFirst();
		if (chosen.isEmpty()) {
			redirect.addFlashAttribute("problem", answer.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("actingFor.notAllowed")));
			return "redirect:/portal/acting-for";
		}
		ActingForSession.start(session, personId, chosen.get().phrNumber(), chosen.get().kind());
		redirect.addFlashAttribute("notice", text.msg("actingFor.started." + chosen.get().kind(),
				Optional.ofNullable(chosen.get().phrNumber()).orElse("")));
		return "redirect:/portal/my";
	}

	@PostMapping("/portal/acting-for/stop")
	String stop(HttpServletRequest request, RedirectAttributes redirect) {
		HttpSession session = request.getSession();
		ActingForSession.stop(session);
		session.removeAttribute(MigrantPages.GIVEN_NAMES_ATTRIBUTE);
		redirect.addFlashAttribute("notice", text.msg("actingFor.stopped"));
		return "redirect:/portal/acting-for";
	}

	@GetMapping("/portal/my/proxies")
	String proxies(Model model) {
		GraphQlAnswer answer = graphQl.document("PortalMyRepresentatives").execute();
		answer.failure().ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		model.addAttribute("representatives",
				views(answer.list("myRepresentatives", Answers.Representation.class)));
		model.addAttribute("days", PROXY_DAYS);
		return "portal/my/proxies";
	}

	/** The person authorises a proxy; the page says what the server stored. */
	@PostMapping("/portal/my/proxies")
	String authorise(@RequestParam(required = false) String proxy,
			@RequestParam(required = false) List<String> rights, @RequestParam(required = false) Integer days,
			RedirectAttributes redirect) {
		List<String> chosen = rights == null ? List.of()
				: rights.stream().filter(r -> r.equals("READ_RECORD") || r.equals("MANAGE_CONSENT")).toList();
		int period = days != null && PROXY_DAYS.contains(days) ? days : 30;
		Map<String, Object> input = new LinkedHashMap<>();
		input.put("proxy", proxy == null ? "" : proxy.strip());
		input.put("rights", chosen);
		input.put("validUntil", Instant.now().plus(period, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
		GraphQlAnswer answer = graphQl.document("PortalAuthoriseProxy").variable("input", input).execute();
		Optional<Answers.Representation> stored = answer.field("authoriseProxy", Answers.Representation.class);
		if (answer.ok() && stored.isPresent()) {
			redirect.addFlashAttribute("notice", text.msg("proxies.authorised", name(stored.get()),
					text.day(stored.get().validUntil())));
		}
		else {
			redirect.addFlashAttribute("problem", answer.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("error.UNAVAILABLE")));
		}
		return "redirect:/portal/my/proxies";
	}

	@PostMapping("/portal/my/proxies/{id}/revoke")
	String revoke(@PathVariable String id, RedirectAttributes redirect) {
		GraphQlAnswer answer = graphQl.document("PortalRevokeRepresentation").variable("id", id).execute();
		Optional<Answers.Representation> stored = answer.field("revokeRepresentation", Answers.Representation.class);
		if (answer.ok() && stored.isPresent() && "REVOKED".equals(stored.get().status())) {
			redirect.addFlashAttribute("notice", text.msg("proxies.revoked", name(stored.get())));
		}
		else {
			redirect.addFlashAttribute("problem", answer.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("error.UNAVAILABLE")));
		}
		return "redirect:/portal/my/proxies";
	}

	private List<RepresentationView> views(List<Answers.Representation> representations) {
		List<RepresentationView> views = new ArrayList<>();
		for (Answers.Representation each : representations) {
			List<String> rights = new ArrayList<>();
			if (each.rights() != null) {
				each.rights().forEach(right -> rights.add(text.msg("representation.right." + right)));
			}
			views.add(new RepresentationView(each.id(), each.personId(), each.phrNumber(), name(each),
					text.msg("representation.kind." + each.kind()), String.join(", ", rights),
					text.day(each.validUntil()), text.msg("representation.status." + each.status()),
					"ACTIVE".equals(each.status())));
		}
		return views;
	}

	private String name(Answers.Representation representation) {
		String name = representation.representativeName() != null ? representation.representativeName()
				: representation.representative();
		return name == null ? "" : text.isolate(name);
	}
}
