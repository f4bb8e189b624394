package org.carnet.portal;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.NoSuchMessageException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * An error of the API as a sentence for the person reading the page, in its language: what is wrong and what to do,
 * worded for their role (a person, a clinician, a mediator, an auditor). Chosen from the error's classification and
 * its stable codes ({@code reason}, {@code field}, {@code limit}, {@code retryAfterSeconds}), never from the API's
 * English message, which a page in another language cannot show.
 */
final class ErrorSentences {

	/** The classifications of {@code org.carnet.graphql.ErrorType}. */
	private static final Set<String> KNOWN = Set.of("CONSENT_REQUIRED", "FORBIDDEN", "UNAUTHORIZED", "NOT_FOUND",
			"BAD_REQUEST", "UNAVAILABLE", "INTEGRITY_FAILURE", "TOO_MANY_REQUESTS");

	/** Whose pages these are, from the address: each role's pages live under their own path. */
	enum Role {
		MIGRANT("/portal/my"), CLINICIAN("/portal/clinician"), MEDIATOR("/portal/mediator"), AUDITOR("/portal/audit"),
		ANYONE("");

		private final String path;

		Role(String path) {
			this.path = path;
		}

		String key() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

		static Role of(String path) {
			for (Role role : values()) {
				if (role != ANYONE && path != null && (path.equals(role.path) || path.startsWith(role.path + "/"))) {
					return role;
				}
			}
			return ANYONE;
		}
	}

	private final PortalText text;

	private final Role role;

	ErrorSentences(PortalText text, Role role) {
		this.text = text;
		this.role = role;
	}

	/** For the page being answered: its role from the request's address. */
	static ErrorSentences forCurrentPage(PortalText text) {
		String path = null;
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet) {
			HttpServletRequest request = servlet.getRequest();
			path = request.getRequestURI().substring(request.getContextPath().length());
		}
		return new ErrorSentences(text, Role.of(path));
	}

	String sentence(GraphQlAnswer.Problem problem) {
		String classification = problem.classification();
		if (classification == null || !KNOWN.contains(classification)) {
			return text.msg("problem.UNAVAILABLE");
		}
		switch (classification) {
			case "CONSENT_REQUIRED":
				return consentRequired(problem.extension("reason"), problem.category());
			case "FORBIDDEN":
				return first("problem.FORBIDDEN." + problem.extension("reason"), roleKey("problem.FORBIDDEN"));
			case "BAD_REQUEST":
				return badRequest(problem);
			case "TOO_MANY_REQUESTS": {
				String seconds = problem.extension("retryAfterSeconds");
				return seconds == null ? text.msg("problem.TOO_MANY_REQUESTS")
						: text.msg("problem.TOO_MANY_REQUESTS.wait", seconds);
			}
			default:
				return first(roleKey("problem." + classification));
		}
	}

	private String consentRequired(String reason, String category) {
		String sentence = first("problem.CONSENT_REQUIRED." + reason, "problem.CONSENT_REQUIRED");
		if (category == null) {
			return sentence;
		}
		try {
			return text.msg("problem.aboutCategory", text.categoryTitle(category), sentence);
		}
		catch (NoSuchMessageException ex) {
			return sentence;
		}
	}

	private String badRequest(GraphQlAnswer.Problem problem) {
		String limit = problem.extension("limit") != null ? problem.extension("limit") : problem.extension("maxLookups");
		if (limit != null) {
			return text.msg("problem.BAD_REQUEST.limit");
		}
		String field = problem.extension("field");
		if (field != null) {
			// "input.grantee" is the grantee field of an input; any other field of an entry's input is the entry's
			String specific = optional("problem.field." + field);
			if (specific == null && field.contains(".")) {
				specific = optional("problem.field." + field.substring(field.lastIndexOf('.') + 1));
			}
			if (specific == null && field.startsWith("input.")) {
				specific = optional("problem.field.input");
			}
			if (specific != null) {
				return specific;
			}
		}
		// Nothing more specific: the API's detail, worded in English, helps an English page only.
		String general = text.msg("problem.BAD_REQUEST");
		String detail = problem.message();
		if (detail == null || detail.isBlank() || !"en".equals(text.locale().getLanguage())) {
			return general;
		}
		return general + " " + detail;
	}

	/** {@code key.<role>}, else {@code key}. */
	private String[] roleKey(String key) {
		return new String[] { key + "." + role.key(), key };
	}

	private String first(String key, String... more) {
		String[] keys = new String[more.length + 1];
		keys[0] = key;
		System.arraycopy(more, 0, keys, 1, more.length);
		return first(keys);
	}

	private String first(String[] keys) {
		for (String key : keys) {
			String found = optional(key);
			if (found != null) {
				return found;
			}
		}
		return text.msg("problem.UNAVAILABLE");
	}

	private String optional(String key) {
		try {
			return text.msg(key);
		}
		catch (NoSuchMessageException ex) {
			return null;
		}
	}
}
