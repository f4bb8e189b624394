package org.carnet.portal;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.carnet.core.BadInput;
import org.carnet.core.Category;
import org.carnet.core.Purpose;
import org.carnet.core.Text;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.UrlPathHelper;

/**
 * What every portal page knows: its language and direction, the language switch, and who is signed in. Technical
 * failures become a page that says so, with no data.
 */
@ControllerAdvice(basePackageClasses = PortalPages.class)
class PortalPages {

	/** The signed-in user as pages show them: name and roles (for the navigation), never a token. */
	record Viewer(String subject, String displayName, List<String> roles) {

		public boolean has(String role) {
			return roles.contains(role);
		}
	}

	/** A language of the switch: its code and its name in itself. */
	record Language(String code, String messageKey) {
	}

	private static final UrlPathHelper PATHS = new UrlPathHelper();

	private final PortalText text;

	PortalPages(PortalText text) {
		this.text = text;
	}

	/** Form fields meant for several lines (the API accepts line breaks in the same fields). */
	private static final Set<String> MULTI_LINE = Set.of("reason", "justification", "notes", "note", "summary",
			"description", "reaction", "address", "message");

	/**
	 * Every form field and query parameter, before any handler reads it: no control, direction-changing or broken
	 * characters ({@link Text}), whether or not the value then goes through the API (which checks again). A handler
	 * that answers its form's problems itself (it takes {@link FormProblems}) gets each such field as a problem next
	 * to the field, with what was typed kept; any other request is refused.
	 */
	@ModelAttribute
	void checkedParameters(HttpServletRequest request) {
		if (request.getDispatcherType() == DispatcherType.ERROR) {
			// an error page acts on no form, and reading the body of a refused (e.g. oversized) request must not fail it
			return;
		}
		FormProblems problems = answersItsForm(request) ? FormProblems.of(request, text) : null;
		request.getParameterMap().forEach((name, values) -> {
			if (!"password".equals(name) && !"_csrf".equals(name)) {
				Text.check("(a form field's name)", name);
				for (String value : values) {
					if (problems == null) {
						Text.check(name, value, MULTI_LINE.contains(name));
					}
					else if (Text.problem(value, MULTI_LINE.contains(name)).isPresent()) {
						problems.add(name, "form.problem.characters");
					}
				}
			}
		});
	}

	private static boolean answersItsForm(HttpServletRequest request) {
		return request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler
				&& Arrays.stream(handler.getMethodParameters())
					.anyMatch(parameter -> parameter.getParameterType() == FormProblems.class);
	}

	@ExceptionHandler(BadInput.class)
	String badInput(BadInput ex, Model model, HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) {
		common(model, request, authentication);
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		// the portal's own check of what was typed (hidden, direction-changing or broken characters)
		model.addAttribute("problem", text.msg("problem.typedText"));
		return "portal/problem";
	}

	@ModelAttribute
	void common(Model model, HttpServletRequest request, Authentication authentication) {
		Locale locale = text.locale();
		model.addAttribute("lang", locale.getLanguage());
		model.addAttribute("dir", PortalLocales.rightToLeft(locale) ? "rtl" : "ltr");
		model.addAttribute("languages", PortalLocales.SUPPORTED.stream()
			.map(l -> new Language(l.getLanguage(), "language." + l.getLanguage()))
			.toList());
		model.addAttribute("path", PATHS.getPathWithinApplication(request));
		model.addAttribute("allCategories", Category.values());
		model.addAttribute("allPurposes", Purpose.values());
		// the same instance the handler adds its form's problems to, for the fields to show them
		model.addAttribute("formProblems", FormProblems.of(request, text));
		if (authentication instanceof OAuth2AuthenticationToken user && user.isAuthenticated()) {
			List<String> roles = user.getAuthorities()
				.stream()
				.map(GrantedAuthority::getAuthority)
				.filter(a -> a.startsWith("ROLE_"))
				.map(a -> a.substring("ROLE_".length()))
				.toList();
			Optional<ActingForSession.Current> actingFor = ActingForSession.current(request);
			// acting for someone, the pages and menu are the person's: the API serves them in the person's place
			model.addAttribute("viewer", new Viewer(user.getName(), text.person(user.getName()),
					actingFor.isPresent() ? List.of("MIGRANT") : roles));
			actingFor.ifPresent(current -> model.addAttribute("actingFor", current));
			model.addAttribute("mayRepresent", actingFor.isEmpty()
					&& (roles.contains("MIGRANT") || roles.contains("MEDIATOR")));
		}
	}

	@ExceptionHandler(PortalUnavailable.class)
	String unavailable(PortalUnavailable ex, Model model, HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) {
		common(model, request, authentication);
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		model.addAttribute("problem", text.msg("error.UNAVAILABLE"));
		return "portal/problem";
	}

	/**
	 * A page message for an error of the API: what is wrong and what to do, for the role whose page this is, in the
	 * page's language ({@link ErrorSentences}).
	 */
	static String message(GraphQlAnswer.Problem problem, PortalText text) {
		return ErrorSentences.forCurrentPage(text).sentence(problem);
	}
}
