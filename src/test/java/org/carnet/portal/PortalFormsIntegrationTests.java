package org.carnet.portal;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carnet.consent.ConsentGrant;
import org.carnet.consent.GrantOrigin;
import org.carnet.consent.Grantee;
import org.carnet.core.Category;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal's forms over HTTP, as a browser without script sends them: a form sent twice (at once, or again after
 * "back" with a new token) acts once and answers both with the first outcome; a form with a problem keeps what was
 * typed and names the problem beside its field, in the page's language, whether the portal or the API found it; the
 * sign-in form keeps the user name after a wrong password.
 */
@CarnetIntegrationTest
class PortalFormsIntegrationTests extends PortalTestBase {

	private static final Pattern GRANT_FORM_TOKEN = Pattern
		.compile("id=\"grant-form\".*?name=\"_form\" value=\"([^\"]+)\"", Pattern.DOTALL);

	@Autowired
	MessageSource messages;

	@BeforeEach
	void createCast() {
		newCast();
	}

	@Test
	void theSameFormSentTwiceAtOnceGrantsOnceAndAnswersBothWithTheFirstOutcome() throws Exception {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		String token = grantFormToken(amina);
		List<Map.Entry<String, String>> form = grantForm("ALLERGIES", token);

		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<HttpResponse<String>>> twins = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			twins.add(CompletableFuture.supplyAsync(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return amina.post("/portal/my/consents", form);
			}));
		}
		start.countDown();
		for (CompletableFuture<HttpResponse<String>> twin : twins) {
			HttpResponse<String> answer = twin.get();
			assertThat(answer.statusCode()).isEqualTo(302);
			assertThat(PortalSession.location(answer)).endsWith("/portal/my/consents");
		}
		assertThat(grantsToWeber(Category.ALLERGIES)).hasSize(1);
	}

	@Test
	void theSameValuesSentAgainAfterBackWithANewTokenShowTheFirstOutcomeAndGrantOnce() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		HttpResponse<String> first = amina.post("/portal/my/consents",
				grantForm("VACCINATIONS", grantFormToken(amina)));
		assertThat(first.statusCode()).isEqualTo(302);
		assertThat(amina.follow(first).body()).contains("Done.");

		// "back": the browser fetches the form again (a new token) and the same choices are sent again
		String again = grantFormToken(amina);
		HttpResponse<String> second = amina.post("/portal/my/consents", grantForm("VACCINATIONS", again));
		assertThat(second.statusCode()).isEqualTo(302);
		assertThat(PortalSession.location(second)).endsWith("/portal/my/consents");
		// the first outcome, not an error and not a second grant
		assertThat(withoutIsolates(amina.follow(second).body()))
			.contains("Done. Dr Jonas Weber (Germany) can see and add to your vaccinations")
			.doesNotContain("class=\"problem\"");
		assertThat(grantsToWeber(Category.VACCINATIONS)).hasSize(1);

		// other values are another grant
		HttpResponse<String> other = amina.post("/portal/my/consents", grantForm("LAB_RESULTS", grantFormToken(amina)));
		assertThat(other.statusCode()).isEqualTo(302);
		assertThat(grantsToWeber(Category.LAB_RESULTS)).hasSize(1);
	}

	@Test
	void thePersonSharesOnlyASummaryOfThePartsTheyTickAndThePageSaysSo() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		List<Map.Entry<String, String>> form = new ArrayList<>(grantForm("IDENTITY", grantFormToken(amina)));
		form.add(Map.entry("categories", "VITALS"));
		form.add(Map.entry("coarseCategories", "VITALS"));
		// a summary of a part not shared, or of a part that has none, is not sent on
		form.add(Map.entry("coarseCategories", "LAB_RESULTS"));
		form.add(Map.entry("coarseCategories", "ALLERGIES"));
		HttpResponse<String> granted = amina.post("/portal/my/consents", form);
		assertThat(granted.statusCode()).isEqualTo(302);
		assertThat(withoutIsolates(amina.follow(granted).body()))
			.contains("Only a summary of some parts: the latest of each measurement.")
			.doesNotContain("class=\"problem\"");
		List<ConsentGrant> stored = grantsToWeber(Category.VITALS);
		assertThat(stored).hasSize(1);
		assertThat(stored.get(0).coarseCategories()).containsExactly(Category.VITALS);
	}

	@Test
	void aFormThatCameBackWithAProblemIsNotRememberedAndWorksOnceCorrected() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		String token = grantFormToken(amina);
		List<Map.Entry<String, String>> nothingChosen = new ArrayList<>(grantForm(null, token));
		HttpResponse<String> problem = amina.post("/portal/my/consents", nothingChosen);
		assertThat(problem.statusCode()).isEqualTo(200);
		assertThat(problem.body()).contains("id=\"categories-problem\"")
			.contains(message("form.problem.chooseSome", Locale.ENGLISH))
			// what was chosen stays chosen
			.containsPattern("value=\"7\"\\s+selected")
			.containsPattern("id=\"access-READ_WRITE\"\\s+checked");
		assertThat(grantsToWeber(Category.CONDITIONS)).isEmpty();

		// the same form, now with a part chosen, acts (the refused attempt left nothing behind)
		HttpResponse<String> corrected = amina.post("/portal/my/consents", grantForm("CONDITIONS", token));
		assertThat(corrected.statusCode()).isEqualTo(302);
		assertThat(grantsToWeber(Category.CONDITIONS)).hasSize(1);
	}

	@Test
	void aFieldWithAHiddenDirectionCharacterIsNamedBesideItWithWhatWasTypedAndNothingIsAdded() {
		PortalSession nikolaou = new PortalSession(port);
		String form = "/portal/clinician/persons/" + data.aminaId() + "/entries/allergy";
		nikolaou.signIn(data.nikolaou, PortalTestData.PASSWORD, form);
		HttpResponse<String> answer = nikolaou.post(form,
				Map.of("substance", "Latex\u202Egpj.exe", "reaction", "Contact dermatitis"));
		assertThat(answer.statusCode()).isEqualTo(200);
		String page = HtmlUtils.htmlUnescape(answer.body());
		assertThat(page).contains(message("form.problem.characters", Locale.ENGLISH))
			.containsPattern("id=\"substance\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"substance-problem\"")
			.contains("value=\"Contact dermatitis\"")
			// the message never names the API's fields
			.doesNotContain("input.substance");
		assertThat(nikolaou.get("/portal/clinician/persons/" + data.aminaId()).body()).doesNotContain("gpj.exe");
	}

	@Test
	void theApisRefusalOfAFieldIsSaidBesideItInArabic() {
		PortalSession weber = new PortalSession(port);
		String page = "/portal/clinician/persons/" + data.aminaId() + "/emergency";
		weber.signIn(data.weber, PortalTestData.PASSWORD, page);
		weber.get(page + "?lang=ar");
		// long enough for the portal, but no words: the API refuses it, naming its field
		HttpResponse<String> filler = weber.post(page, Map.of("justification", "xxxxxxxxxxxxxxxxxxxxxxxxx"));
		assertThat(filler.statusCode()).isEqualTo(200);
		String body = filler.body();
		assertThat(body).contains("lang=\"ar\"")
			.containsPattern("<p class=\"field-problem\"\\s+id=\"justification-problem\">"
					+ Pattern.quote(message("form.problem.words", Locale.forLanguageTag("ar"))) + "</p>")
			.contains("xxxxxxxxxxxxxxxxxxxxxxxxx</textarea>")
			.doesNotContain("describe the emergency in words")
			.doesNotContain("justification:");
	}

	@Test
	void theSignInFormKeepsTheUserNameAfterAWrongPasswordAndNotThePassword() {
		PortalSession browser = new PortalSession(port);
		HttpResponse<String> form = browser.get("/login");
		assertThat(form.statusCode()).isEqualTo(200);
		HttpResponse<String> wrong = browser.post("/login", Map.of("username", data.amina, "password",
				"not the password"));
		assertThat(PortalSession.location(wrong)).endsWith("/login?error");
		String again = browser.follow(wrong).body();
		assertThat(again).containsPattern("id=\"username\"[^>]*value=\"" + Pattern.quote(data.amina) + "\"")
			.doesNotContain("not the password")
			.containsPattern("id=\"password\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"sign-in-problem\"");
		// shown once: the failed attempt (which held the password) is not kept in the session for later pages
		assertThat(browser.get("/login?error").body()).doesNotContain("value=\"" + data.amina + "\"");
	}

	private String grantFormToken(PortalSession amina) {
		String page = amina.get("/portal/my/consents/new?kind=USER&value=" + data.weber).body();
		Matcher token = GRANT_FORM_TOKEN.matcher(page);
		assertThat(token.find()).as("the grant form carries its token").isTrue();
		return token.group(1);
	}

	/** Dr Weber, from Germany, for treatment, 7 days, reading and writing: {@code category} (none when null). */
	private List<Map.Entry<String, String>> grantForm(String category, String token) {
		List<Map.Entry<String, String>> form = new ArrayList<>(List.of(Map.entry("granteeKind", "USER"),
				Map.entry("granteeValue", data.weber), Map.entry("country", "DE"), Map.entry("access", "READ_WRITE"),
				Map.entry("purposes", "TREATMENT"), Map.entry("days", "7"), Map.entry(FormSubmissions.FIELD, token)));
		if (category != null) {
			form.add(Map.entry("categories", category));
		}
		return form;
	}

	private List<ConsentGrant> grantsToWeber(Category category) {
		return grants.history(data.aminaId())
			.stream()
			.filter(g -> g.origin() == GrantOrigin.PERSON && g.grantee().equals(Grantee.user(data.weber)))
			.filter(g -> g.categories().contains(category))
			.toList();
	}

	private String message(String key, Locale locale) {
		return messages.getMessage(key, null, locale);
	}

	private static String withoutIsolates(String text) {
		return text.replace("\u2068", "").replace("\u2069", "");
	}
}
