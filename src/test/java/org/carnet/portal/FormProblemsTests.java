package org.carnet.portal;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.carnet.core.BadInput;
import org.carnet.core.PhrNumber;
import org.carnet.record.content.Check;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The API's refusals of bad input, as the API words them (thrown here by the very checks the API runs), become the
 * page's sentence for that kind of problem, in the page's language, beside the form's field; a refusal of a kind
 * the portal does not know still gets a sentence of the page's language, never the API's English.
 */
class FormProblemsTests {

	private static final Set<String> FIELDS = Set.of("substance", "reaction", "notedOn", "endedOn", "icd10Code",
			"country", "doseNumber", "phrNumber", "days");

	private final PortalText text = new PortalText(messages(), null, new PortalSettings(null, null, 25));

	private final Check check = new Check("input", LocalDate.now());

	@AfterEach
	void resetLanguage() {
		LocaleContextHolder.resetLocaleContext();
	}

	@Test
	void eachKindOfTheApisProblemsIsSaidInThePagesWords() {
		assertSaid(() -> check.text("substance", " ", 200), "substance", "form.problem.required");
		assertSaid(() -> check.optionalText("reaction", "x".repeat(2001), 2000), "reaction", "form.problem.tooLong",
				2000);
		assertSaid(() -> check.notInFuture("notedOn", LocalDate.now().plusDays(30)), "notedOn", "form.problem.future");
		assertSaid(() -> check.notInFuture("notedOn", LocalDate.of(1850, 1, 1)), "notedOn", "form.problem.tooEarly");
		assertSaid(() -> check.icd10("icd10Code", "j45"), "icd10Code", "form.problem.icd10Code");
		assertSaid(() -> check.country("country", "XX"), "country", "form.problem.country");
		assertSaid(() -> check.range("doseNumber", 50, 1, 20), "doseNumber", "form.problem.number", 1, 20);
		assertSaid(() -> PhrNumber.parse("CAR-1"), "phrNumber", "form.problem.phrNumber");
	}

	@Test
	void aProblemOfAnUnknownKindIsStillSaidInThePagesLanguage() {
		LocaleContextHolder.setLocale(Locale.forLanguageTag("ar"));
		FormProblems problems = problems();
		boolean attached = problems.api(badRequest("input.grantDurationDays", "a wholly new rule of the API"),
				Map.of("grantDurationDays", "days"), FIELDS);
		assertThat(attached).isTrue();
		assertThat(problems.message("days")).isEqualTo(text.msg("form.problem.notAccepted"))
			.doesNotContain("rule")
			.doesNotContain("grantDurationDays");
	}

	@Test
	void onlyBadInputOfTheFormsOwnFieldsIsAttachedToAField() {
		FormProblems problems = problems();
		assertThat(problems.api(badRequest("input.personId", "is not a valid id"), Map.of(), FIELDS)).isFalse();
		assertThat(problems.api(new GraphQlAnswer.Problem(List.of("x"), "FORBIDDEN", null, "no", Map.of("field", "substance")),
				Map.of(), FIELDS)).isFalse();
		assertThat(problems.isEmpty()).isTrue();
	}

	@Test
	void theFieldNamesItsProblemForAssistiveTechnology() {
		FormProblems problems = problems();
		assertThat(problems.describedBy("substance", "substance-help")).isEqualTo("substance-help");
		assertThat(problems.invalid("substance")).isNull();
		problems.add("substance", "form.problem.required");
		assertThat(problems.describedBy("substance", "substance-help")).isEqualTo("substance-problem substance-help");
		assertThat(problems.invalid("substance")).isEqualTo("true");
		// one thing to fix at a time: the first problem of a field stays
		problems.add("substance", "form.problem.tooLong", 200);
		assertThat(problems.message("substance")).isEqualTo(text.msg("form.problem.required"));
	}

	private void assertSaid(Executable refused, String field, String key, Object... arguments) {
		BadInput bad = catchThrowableOfType(BadInput.class, refused::execute);
		assertThat(bad).as("the API's check refuses it").isNotNull();
		for (String language : List.of("en", "ar", "fa", "fr", "uk")) {
			LocaleContextHolder.setLocale(Locale.forLanguageTag(language));
			FormProblems problems = problems();
			// as ErrorMapping writes it: the message "<field>: <problem>" and extensions.field
			assertThat(problems.api(badRequest(bad.field(), bad.getMessage()), Map.of(), FIELDS)).isTrue();
			assertThat(problems.message(field)).as(language + ": " + bad.getMessage())
				.isEqualTo(text.msg(key, arguments));
		}
	}

	private FormProblems problems() {
		return FormProblems.of(new MockHttpServletRequest(), text);
	}

	private static GraphQlAnswer.Problem badRequest(String field, String message) {
		return new GraphQlAnswer.Problem(List.of("addAllergy"), "BAD_REQUEST", null, message, Map.of("field", field));
	}

	private static ResourceBundleMessageSource messages() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasename("messages");
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		return messages;
	}
}
