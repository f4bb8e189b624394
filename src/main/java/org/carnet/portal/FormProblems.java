package org.carnet.portal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.MethodParameter;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * What is wrong with a submitted form, field by field, in the page's language. Pages show each problem next to its
 * field (the field names it with {@code aria-describedby} and is {@code aria-invalid}), above the form a summary, and
 * every value as it was typed. One instance per request ({@link #of}); a handler that takes it as a parameter
 * answers the problems itself (re-renders its form), which is also what lets {@link PortalPages} hand it the fields
 * with characters that cannot be accepted instead of refusing the whole request.
 * <p>
 * The API words its refusals of bad input in English and names its own input fields (e.g.
 * {@code input.substance: must not be empty}); {@link #api} attaches such a refusal to the form's field and says it
 * in the page's language, by the kind of problem where it is one the portal knows, else with a general sentence.
 */
final class FormProblems {

	private static final String ATTRIBUTE = FormProblems.class.getName();

	/** Problems the API states about a value, by the start of its English wording: the message key for each. */
	private static final List<Kind> KINDS = List.of(
			new Kind(Pattern.compile("^(?:is required|must not be empty|tell the person why).*"), "form.problem.required"),
			new Kind(Pattern.compile("^name at least one .*"), "form.problem.chooseSome"),
			new Kind(Pattern.compile("^(?:is longer than|at most) (\\d+) characters.*"), "form.problem.tooLong"),
			new Kind(Pattern.compile("^(?:say why this is an emergency in|type) at least (\\d+) characters.*"),
					"form.problem.tooShort"),
			new Kind(Pattern.compile("^describe the emergency in words.*"), "form.problem.words"),
			new Kind(Pattern.compile("^must not be in the future.*"), "form.problem.future"),
			new Kind(Pattern.compile("^must (?:not be before 1900|lie between the years 1900).*"),
					"form.problem.tooEarly"),
			new Kind(Pattern.compile("^must not be before .*"), "form.problem.beforeOther"),
			new Kind(Pattern.compile(".*is not an ICD-10 code.*"), "form.problem.icd10Code"),
			new Kind(Pattern.compile(".*is not an ISO 3166-1 alpha-2 country code.*"), "form.problem.country"),
			new Kind(Pattern.compile("^must be between (\\d+) and (\\d+).*"), "form.problem.number"),
			new Kind(Pattern.compile("^This share code was already used.*"), "form.problem.code.used"),
			new Kind(Pattern.compile("^This share code has expired.*"), "form.problem.code.expired"),
			new Kind(Pattern.compile("^This share code is not valid.*"), "form.problem.code"),
			new Kind(Pattern.compile("^is not a valid PHR number.*"), "form.problem.phrNumber"),
			new Kind(Pattern.compile("^the grantee acts from ([A-Z]{2}).*"), "form.problem.grantee.country"),
			new Kind(Pattern.compile(".*act only for CARE_COORDINATION.*"), "form.problem.purposes.mediator"),
			new Kind(Pattern.compile("^a grant lasts at most .*"), "form.problem.duration"),
			new Kind(Pattern.compile("^(?:no user has|this user cannot act|no organisation has|no clinician or health).*"),
					"form.problem.grantee"));

	/** A kind of problem: the API's wording and the page's message, with the wording's numbers as arguments. */
	private record Kind(Pattern wording, String key) {
	}

	/** One problem as the page shows it. */
	record Problem(String field, String message) {
	}

	private final PortalText text;

	private final Map<String, String> messages = new LinkedHashMap<>();

	private FormProblems(PortalText text) {
		this.text = text;
	}

	/** The problems of this request's form (none yet when first asked for). */
	static FormProblems of(HttpServletRequest request, PortalText text) {
		Object existing = request.getAttribute(ATTRIBUTE);
		if (existing instanceof FormProblems problems) {
			return problems;
		}
		FormProblems problems = new FormProblems(text);
		request.setAttribute(ATTRIBUTE, problems);
		return problems;
	}

	/** Adds the problem of {@code field} (its first problem stays: one thing to fix at a time). */
	FormProblems add(String field, String key, Object... arguments) {
		messages.putIfAbsent(field, text.msg(key, arguments));
		return this;
	}

	/** A message of the page's language, e.g. a field's label to name in another field's problem. */
	String label(String key) {
		return text.msg(key);
	}

	/** Adds a problem for each field Spring could not bind (a number that is not one, say). */
	FormProblems binding(BindingResult binding) {
		binding.getFieldErrors().forEach(error -> add(error.getField(), "form.problem.choose"));
		return this;
	}

	/**
	 * Attaches a refusal of the API to the form's field it concerns: {@code fields} maps the API's input field (the
	 * first name of its path, without {@code input.}) to the form's, where they differ. Only a BAD_REQUEST naming a
	 * field is attached.
	 *
	 * @return whether it was attached (else the caller shows it as the page's problem)
	 */
	boolean api(GraphQlAnswer.Problem problem, Map<String, String> fields, Set<String> formFields) {
		if (!"BAD_REQUEST".equals(problem.classification()) || problem.field() == null) {
			return false;
		}
		String path = problem.field().startsWith("input.") ? problem.field().substring("input.".length())
				: problem.field();
		String first = path.split("[.\\[]", 2)[0];
		String field = fields.getOrDefault(first, first);
		if (!formFields.contains(field)) {
			return false;
		}
		String message = problem.message();
		String prefix = problem.field() + ": ";
		String wording = message != null && message.startsWith(prefix) ? message.substring(prefix.length())
				: message == null ? "" : message;
		for (Kind kind : KINDS) {
			Matcher matcher = kind.wording().matcher(wording);
			if (matcher.matches()) {
				Object[] arguments = new Object[matcher.groupCount()];
				for (int i = 0; i < arguments.length; i++) {
					String value = matcher.group(i + 1);
					arguments[i] = value.matches("\\d+") ? Integer.valueOf(value) : text.country(value);
				}
				add(field, kind.key(), arguments);
				return true;
			}
		}
		add(field, "form.problem.notAccepted");
		return true;
	}

	/**
	 * Shows the API's refusal of a form: next to the field it concerns when it is bad input in one of
	 * {@code formFields} (see {@link #api}), else as the page's problem.
	 */
	void refused(GraphQlAnswer answer, Map<String, String> fields, Set<String> formFields, Model model) {
		java.util.Optional<GraphQlAnswer.Problem> failure = answer.failure();
		if (failure.isPresent() && api(failure.get(), fields, formFields)) {
			// above the form, what is wrong and what to do, for the role; beside the field, the problem of the value
			model.addAttribute("problem", PortalPages.message(failure.get(), text));
			return;
		}
		model.addAttribute("problem", failure.map(problem -> PortalPages.message(problem, text))
			.orElse(text.msg("error.UNAVAILABLE")));
	}

	boolean isEmpty() {
		return messages.isEmpty();
	}

	/** Puts the summary above the form: the page's problem. */
	void summarise(Model model) {
		// a sentence already chosen for the page (the API's refusal, for the role) says more than the summary
		if (!isEmpty() && !model.containsAttribute("problem")) {
			model.addAttribute("problem", text.msg("form.problems"));
		}
	}

	List<Problem> all() {
		return messages.entrySet().stream().map(e -> new Problem(e.getKey(), e.getValue())).toList();
	}

	Map<String, String> messages() {
		return Collections.unmodifiableMap(messages);
	}

	// What the templates ask.

	/** Whether the form sent has any problem. */
	public boolean any() {
		return !messages.isEmpty();
	}

	public boolean has(String field) {
		return messages.containsKey(field);
	}

	public String message(String field) {
		return messages.get(field);
	}

	/** {@code "true"} for a field with a problem, else nothing (the attribute is left out). */
	public String invalid(String field) {
		return has(field) ? "true" : null;
	}

	/** The ids describing the field: its problem first (when it has one), then its help; nothing when neither. */
	public String describedBy(String field, String help) {
		StringJoiner ids = new StringJoiner(" ");
		if (has(field)) {
			ids.add(field + "-problem");
		}
		if (help != null && !help.isBlank()) {
			ids.add(help);
		}
		return ids.length() == 0 ? null : ids.toString();
	}

	public String describedBy(String field) {
		return describedBy(field, null);
	}

	/** Gives handlers their request's {@link FormProblems}. */
	static final class Resolver implements HandlerMethodArgumentResolver {

		private final PortalText text;

		Resolver(PortalText text) {
			this.text = text;
		}

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.getParameterType() == FormProblems.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
				NativeWebRequest request, WebDataBinderFactory binders) {
			return of(request.getNativeRequest(HttpServletRequest.class), text);
		}
	}
}
