package org.carnet.portal;

import java.util.Set;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Every error the container or Spring answers for any path (an unknown address, a bad parameter, a refused body,
 * an OAuth error shown to a browser): a page of the portal in the user's language for browsers, JSON
 * {@code {"error": ...}} for API clients. Plain sentences chosen by status only: nothing of the request, the
 * exception or the code behind it is shown.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
class PortalErrors implements ErrorController {

	private static final Set<Integer> EXPLAINED = Set.of(400, 401, 403, 404, 405, 413, 415, 429);

	private final PortalText text;

	PortalErrors(PortalText text) {
		this.text = text;
	}

	@RequestMapping(produces = MediaType.TEXT_HTML_VALUE)
	String page(HttpServletRequest request, HttpServletResponse response, Model model) {
		HttpStatus status = status(request);
		response.setStatus(status.value());
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		boolean api = uri instanceof String path && (path.equals(request.getContextPath() + "/graphql")
				|| path.startsWith(request.getContextPath() + "/graphql/"));
		// the API's address opened in a browser: no sign-in on this page would help, say what the address is for
		model.addAttribute("problem", api ? text.msg("error.page.api") : message(status));
		// The language switch of the page leads back into the portal, not to this error address.
		model.addAttribute("path", "/portal");
		return "portal/problem";
	}

	/** The JSON answer to a client that does not want a page: the sentence and the status. */
	record ErrorBody(String error, int status) {
	}

	@RequestMapping
	ResponseEntity<ErrorBody> json(HttpServletRequest request) {
		HttpStatus status = status(request);
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(new ErrorBody(message(status), status.value()));
	}

	/** The status a page answers with when the API refused or failed what the page is about. */
	static HttpStatus status(GraphQlAnswer.Problem problem) {
		String classification = problem.classification() == null ? "" : problem.classification();
		return switch (classification) {
			case "NOT_FOUND" -> HttpStatus.NOT_FOUND;
			case "BAD_REQUEST" -> HttpStatus.BAD_REQUEST;
			case "FORBIDDEN", "CONSENT_REQUIRED" -> HttpStatus.FORBIDDEN;
			case "UNAUTHORIZED" -> HttpStatus.UNAUTHORIZED;
			case "TOO_MANY_REQUESTS" -> HttpStatus.TOO_MANY_REQUESTS;
			default -> HttpStatus.SERVICE_UNAVAILABLE;
		};
	}

	private String message(HttpStatus status) {
		return text.msg(EXPLAINED.contains(status.value()) ? "error.page." + status.value() : "error.page.other");
	}

	private static HttpStatus status(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
		// Asked for directly (no error behind it): there is nothing here.
		if (status == null || !status.isError()) {
			return HttpStatus.NOT_FOUND;
		}
		return status;
	}
}
