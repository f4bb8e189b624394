package org.carnet.portal;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** Where a signed-in user starts (their role's pages), the public welcome page and the refusal page. */
@Controller
class HomePages {

	private final PortalText text;

	HomePages(PortalText text) {
		this.text = text;
	}

	@GetMapping("/")
	String root() {
		return "redirect:/portal";
	}

	@GetMapping("/portal")
	String home(Authentication authentication) {
		if (has(authentication, "MIGRANT")) {
			return "redirect:/portal/my";
		}
		if (has(authentication, "CLINICIAN")) {
			return "redirect:/portal/clinician";
		}
		if (has(authentication, "MEDIATOR")) {
			return "redirect:/portal/mediator";
		}
		if (has(authentication, "AUDITOR")) {
			return "redirect:/portal/audit";
		}
		if (has(authentication, "PUBLIC_HEALTH_ANALYST")) {
			return "redirect:/portal/statistics";
		}
		return "portal/home";
	}

	/**
	 * The sign-in form, in the page's language. The authorization server sends browsers here; the form posts to
	 * identity's sign-in chain (fields {@code username}, {@code password} and the CSRF token), which answers a
	 * failure with {@code /login?error}.
	 */
	@GetMapping(PortalConfiguration.SIGN_IN_FORM)
	String signIn(HttpServletRequest request, Model model) {
		SignInAttempt.last(request).ifPresent(attempt -> {
			model.addAttribute("username", attempt.username());
			attempt.problems(FormProblems.of(request, text));
		});
		return "portal/sign-in";
	}

	@GetMapping("/portal/welcome")
	String welcome() {
		return "portal/welcome";
	}

	/**
	 * Shown with status 403 when a role opens another role's pages, or a form is sent with a missing or stale CSRF
	 * token (a page left open past its session, or sent after signing out): each says which (any method: it is a
	 * forward).
	 */
	@RequestMapping("/portal/denied")
	String denied(HttpServletRequest request, Model model) {
		model.addAttribute("staleForm", request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException);
		return "portal/denied";
	}

	private static boolean has(Authentication authentication, String role) {
		return authentication != null && authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.anyMatch(("ROLE_" + role)::equals);
	}
}
