package org.carnet.portal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessOutcome;
import org.carnet.consent.Access;
import org.carnet.consent.ConsentGrant;
import org.carnet.consent.ConsentRequests;
import org.carnet.consent.DenyReason;
import org.carnet.consent.GrantConsent;
import org.carnet.consent.Grantee;
import org.carnet.core.Category;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, "Truthful", over HTTP and against the stored facts: a share to someone Carnet does not know is refused
 * and stores nothing; every API error reads as a sentence for the page's role in its language; the person's access
 * log says what happened (refusals as refusals); the verification page claims only what was checked; after erasure
 * the account signs in no more, its sessions and tokens stop, and the record is not served.
 */
@CarnetIntegrationTest
class PortalTruthIntegrationTests extends PortalTestBase {

	static final List<String> LANGUAGES = List.of("en", "ar", "fa", "fr", "uk");

	private static final String MY_RECORD = "{ myRecord { id phrNumber } }";

	@Autowired
	ConsentRequests requests;

	@Autowired
	PortalText text;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void createCast() {
		newCast();
	}

	@AfterEach
	void forgetLocale() {
		LocaleContextHolder.resetLocaleContext();
	}

	// ---- 1. Confirmation only of what happened

	@Test
	void aShareToAnOrganisationTypedByNameIsRefusedInWordsAndStoresNothing() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/consents/new");
		int before = grants.history(data.aminaId()).size();
		for (String language : List.of("en", "ar")) {
			amina.get("/portal/my/consents/new?lang=" + language);
			for (Map.Entry<String, String> typed : List.of(Map.entry("ORGANISATION", "Klinikum Nord"),
					Map.entry("USER", "dr.nobody"))) {
				HttpResponse<String> refused = amina.post("/portal/my/consents", List.of(
						Map.entry("granteeKind", typed.getKey()), Map.entry("granteeValue", typed.getValue()),
						Map.entry("country", "DE"), Map.entry("categories", "ALLERGIES"), Map.entry("access", "READ"),
						Map.entry("purposes", "TREATMENT"), Map.entry("days", "7")));
				assertThat(refused.statusCode()).isEqualTo(200);
				String page = withoutIsolates(refused.body());
				assertThat(page).as(typed + " in " + language)
					.contains("class=\"problem\"")
					.contains(message("problem.field.grantee", language))
					.doesNotContain(message("consents.granted", language, "").strip())
					.doesNotContain("Everyone at Klinikum Nord")
					.doesNotContain("grantee:");
			}
		}
		assertThat(grants.history(data.aminaId())).hasSize(before);
		assertThat(refusedEvents(AccessAction.CONSENT_GRANTED)).isEqualTo(4);
	}

	@Test
	void aMediatorsProposalToAnOrganisationTypedByNameIsRefusedAndStoresNothing() {
		PortalSession sara = new PortalSession(port);
		sara.signIn(data.mediator, PortalTestData.PASSWORD, "/portal/mediator/persons/" + data.aminaId());
		HttpResponse<String> refused = sara.post("/portal/mediator/persons/" + data.aminaId() + "/proposals",
				List.of(Map.entry("granteeKind", "ORGANISATION"), Map.entry("granteeValue", "Klinikum Nord"),
						Map.entry("country", "DE"), Map.entry("categories", "MEDICATIONS"), Map.entry("access", "READ"),
						Map.entry("purposes", "TREATMENT"), Map.entry("days", "90"),
						Map.entry("reason", "Amina moves to Hamburg")));
		String page = withoutIsolates(sara.follow(refused).body());
		assertThat(page).contains(message("problem.field.grantee", "en"))
			.doesNotContain("Your proposal was sent")
			.doesNotContain("Everyone at Klinikum Nord");
		assertThat(requests.forPerson(data.aminaId())).isEmpty();
	}

	@Test
	void aStoredShareToSomeoneCarnetDoesNotKnowNeverReadsAsIfSomeoneCouldUseIt() {
		ConsentGrant toWeber = grants.grant(aminaHerself(), data.aminaId(), PortalTestData.GR,
				GrantConsent.of(Grantee.user(data.weber), Set.of(Category.ALLERGIES), Access.READ,
						Set.of(Purpose.TREATMENT), Set.of(PortalTestData.DE)));
		// as a grant stored before grantees were checked: an organisation's name typed where its id belongs
		jdbc.sql("""
				insert into consent_grants (id, person_id, home_jurisdiction, grantee_kind, grantee, categories, access,
				  purposes, jurisdictions, valid_from, valid_until, granted_by, granted_at, origin, origin_id)
				select gen_random_uuid(), person_id, home_jurisdiction, 'ORGANISATION', 'Klinikum Nord', categories,
				  access, purposes, jurisdictions, valid_from, valid_until, granted_by, granted_at, origin, null
				from consent_grants where id = :id""").param("id", toWeber.id().value()).update();
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/consents");
		for (String language : LANGUAGES) {
			String page = withoutIsolates(amina.get("/portal/my/consents?lang=" + language).body());
			LocaleContextHolder.setLocale(Locale.forLanguageTag(language));
			assertThat(page).as(language)
				.contains(withoutIsolates(text.msg("consents.sentence.unknown", text.isolate("Klinikum Nord"),
						text.category("ALLERGIES"))))
				.doesNotContain(withoutIsolates(text.msg("grantee.ORGANISATION", "Klinikum Nord")));
		}
	}

	// ---- 5. Errors say what is wrong and what to do

	@Test
	void everyApiErrorClassReadsAsItsOwnSentenceForEachRoleInEveryLanguage() {
		List<String> classifications = List.of("CONSENT_REQUIRED", "FORBIDDEN", "UNAUTHORIZED", "NOT_FOUND",
				"BAD_REQUEST", "UNAVAILABLE", "INTEGRITY_FAILURE", "TOO_MANY_REQUESTS");
		for (String language : LANGUAGES) {
			LocaleContextHolder.setLocale(Locale.forLanguageTag(language));
			String unavailable = text.msg("problem.UNAVAILABLE");
			for (ErrorSentences.Role role : ErrorSentences.Role.values()) {
				ErrorSentences sentences = new ErrorSentences(text, role);
				Set<String> distinct = new TreeSet<>();
				for (String classification : classifications) {
					String sentence = sentences.sentence(problem(classification, Map.of()));
					assertThat(sentence).as(language + " " + role + " " + classification).isNotBlank();
					if (!classification.equals("UNAVAILABLE")) {
						assertThat(sentence).as(language + " " + role + " " + classification).isNotEqualTo(unavailable);
					}
					distinct.add(sentence);
				}
				assertThat(distinct).as(language + " " + role).hasSize(classifications.size());
				// an error this portal does not know yet is not dressed up as another one
				assertThat(sentences.sentence(problem("SOMETHING_NEW", Map.of()))).isEqualTo(unavailable);
			}
		}
	}

	@Test
	void aRefusalWithAReasonSaysThatReasonInThePagesLanguage() {
		Map<String, Object> readingOnly = Map.of("reason", DenyReason.ACCESS_NOT_GRANTED.name());
		LocaleContextHolder.setLocale(Locale.ENGLISH);
		ErrorSentences clinician = new ErrorSentences(text, ErrorSentences.Role.CLINICIAN);
		assertThat(clinician.sentence(new GraphQlAnswer.Problem(List.of("addAllergy"), "CONSENT_REQUIRED", "ALLERGIES",
				"The person granted this category for reading only (ALLERGIES, read and write)", readingOnly)))
			.isEqualTo("Allergies: The person shared this with you for reading only, so you cannot add to it. "
					+ "Nothing was saved. You can ask them for consent to add.");
		assertThat(clinician.sentence(problem("TOO_MANY_REQUESTS", Map.of("retryAfterSeconds", 42)))).contains("42");
		assertThat(clinician.sentence(problem("BAD_REQUEST", Map.of("limit", "aliases", "maximum", 15))))
			.isEqualTo(text.msg("problem.BAD_REQUEST.limit"));
		LocaleContextHolder.setLocale(Locale.forLanguageTag("ar"));
		assertThat(clinician.sentence(new GraphQlAnswer.Problem(List.of("addAllergy"), "CONSENT_REQUIRED", "ALLERGIES",
				"The person granted this category for reading only", readingOnly)))
			.startsWith(text.categoryTitle("ALLERGIES") + ": ")
			.contains("للقراءة فقط")
			.doesNotContain("reading only");
		// the English detail of bad input never reaches an Arabic page
		assertThat(new ErrorSentences(text, ErrorSentences.Role.MIGRANT).sentence(new GraphQlAnswer.Problem(
				List.of("grantConsent"), "BAD_REQUEST", null, "grantee: no user has this user name",
				Map.of("field", "input.grantee"))))
			.isEqualTo(text.msg("problem.field.grantee"));
	}

	@Test
	void textThePortalRefusesBeforeAnyCallIsExplainedInThePagesLanguage() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/consents/new");
		for (String language : List.of("en", "ar")) {
			// a right-to-left override hidden in a search, as pasted text may carry
			HttpResponse<String> refused = amina.get("/portal/my/consents/new?lang=" + language
					+ "&search=Weber%E2%80%AEreh");
			// the form again, the problem beside the search in the page's language, never the check's English
			assertThat(refused.statusCode()).isEqualTo(200);
			assertThat(refused.body()).as(language).contains(message("form.problem.characters", language))
				.doesNotContain("search:");
		}
	}

	/** Every reason code the API gives (the consent decision's and every coded refusal) has a sentence. */
	@Test
	void everyReasonTheApiGivesHasASentenceInEveryLanguage() throws IOException {
		Set<String> forbidden = new TreeSet<>();
		Pattern refusal = Pattern.compile("new Forbidden\\((.*?)\\);", Pattern.DOTALL);
		Pattern code = Pattern.compile(",\\s*\"([A-Z_]+)\"\\s*$");
		try (Stream<Path> sources = Files.walk(Path.of("src/main/java/org/carnet"))) {
			for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
				Matcher matcher = refusal.matcher(Files.readString(source));
				while (matcher.find()) {
					Matcher coded = code.matcher(matcher.group(1));
					if (coded.find()) {
						forbidden.add(coded.group(1));
					}
				}
			}
		}
		// codes given through a subclass or a variable
		forbidden.add("SHARE_CODES_PAUSED");
		forbidden.add("OWN_RECORD_ONLY");
		forbidden.add(DenyReason.ROLE_NEVER_ALLOWED.name());
		assertThat(forbidden).contains("BREAK_GLASS_OPTED_OUT", "REQUEST_PENDING", "TOO_MANY", "OWN_RECORD_ONLY");
		for (String language : LANGUAGES) {
			LocaleContextHolder.setLocale(Locale.forLanguageTag(language));
			String general = text.msg("problem.FORBIDDEN");
			for (String reason : forbidden) {
				assertThat(text.msg("problem.FORBIDDEN." + reason)).as(language + " " + reason).isNotEqualTo(general);
			}
			String consent = text.msg("problem.CONSENT_REQUIRED");
			for (DenyReason reason : DenyReason.values()) {
				assertThat(text.msg("problem.CONSENT_REQUIRED." + reason)).as(language + " " + reason)
					.isNotEqualTo(consent);
			}
		}
	}

	@Test
	void aClinicianGrantedReadingOnlyIsToldSoWhenAdding() {
		grants.grant(aminaHerself(), data.aminaId(), PortalTestData.GR, GrantConsent.of(Grantee.user(data.weber),
				Set.of(Category.ALLERGIES), Access.READ, Set.of(Purpose.TREATMENT), Set.of(PortalTestData.DE)));
		String form = "/portal/clinician/persons/" + data.aminaId() + "/entries/allergy";
		PortalSession weber = new PortalSession(port);
		weber.signIn(data.weber, PortalTestData.PASSWORD, form);
		int entries = allergies();
		for (String language : List.of("en", "ar")) {
			weber.get(form + "?lang=" + language);
			HttpResponse<String> refused = weber.post(form, Map.of("substance", "Latex", "severity", "MODERATE",
					"status", "ACTIVE"));
			assertThat(refused.statusCode()).isEqualTo(200);
			assertThat(refused.body()).as(language)
				.contains(message("problem.CONSENT_REQUIRED.ACCESS_NOT_GRANTED", language))
				.doesNotContain(message("problem.UNAVAILABLE", language))
				.contains("value=\"Latex\"");
		}
		assertThat(allergies()).isEqualTo(entries);
		assertThat(refusedEvents(AccessAction.WRITE)).isEqualTo(2);
	}

	// ---- 2. The access log tells what happened

	@Test
	void thePersonsLogSaysWhoDidWhatAndRefusalsReadAsRefusals() {
		// a write refused (Dr Weber holds no grant), her own read, a mediator's proposal
		PortalSession weber = new PortalSession(port);
		String form = "/portal/clinician/persons/" + data.aminaId() + "/entries/allergy";
		weber.signIn(data.weber, PortalTestData.PASSWORD, form);
		weber.post(form, Map.of("substance", "Latex", "severity", "MODERATE", "status", "ACTIVE"));
		PortalSession sara = new PortalSession(port);
		sara.signIn(data.mediator, PortalTestData.PASSWORD, "/portal/mediator/persons/" + data.aminaId());
		sara.post("/portal/mediator/persons/" + data.aminaId() + "/proposals", List.of(
				Map.entry("granteeKind", "USER"), Map.entry("granteeValue", data.weber), Map.entry("country", "DE"),
				Map.entry("categories", "MEDICATIONS"), Map.entry("access", "READ"), Map.entry("purposes", "TREATMENT"),
				Map.entry("days", "90"), Map.entry("reason", "Amina moves to Hamburg")));
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/record");

		String log = withoutIsolates(amina.get("/portal/my/access-log?lang=en").body());
		assertThat(log).contains("Dr Jonas Weber (Klinikum Nord, Germany) tried to add to your allergies and was "
				+ "refused. Nothing was added.")
			.doesNotContain("Dr Jonas Weber (Klinikum Nord, Germany) added")
			.contains("You looked at your record.")
			.doesNotContain("You looked at your record for")
			.contains("Sara Mansour (Health Mediators Network, Greece) proposed that Dr Jonas Weber may see part of "
					+ "your record.")
			.doesNotContain("Sara Mansour (Health Mediators Network, Greece) asked");
		String arabic = withoutIsolates(amina.get("/portal/my/access-log?lang=ar").body());
		assertThat(arabic).contains("حاول Dr Jonas Weber (Klinikum Nord، ألمانيا) الإضافة إلى سجلك (الحساسية) ورُفض طلبه.")
			.contains("اطّلعتَ على سجلك.")
			.contains("اقترح Sara Mansour (Health Mediators Network، اليونان) أن يرى Dr Jonas Weber جزءًا من سجلك.");
		// announced as a proposal on her home page too, not as someone asking to see her record
		String home = withoutIsolates(amina.get("/portal/my?lang=en").body());
		assertThat(home).contains("Sara Mansour (Greece) proposed on").doesNotContain("Sara Mansour (Greece) asked");
	}

	/** Every action and outcome, by the person or by someone else, in every language: refused reads as refused. */
	@Test
	void everyActionAndOutcomeReadsTrueAndUnknownActionsReadNeutral() {
		List<String> actions = new ArrayList<>();
		for (AccessAction action : AccessAction.values()) {
			actions.add(action.name());
		}
		actions.add("SOMETHING_NEW");
		for (String language : LANGUAGES) {
			LocaleContextHolder.setLocale(Locale.forLanguageTag(language));
			for (String action : actions) {
				for (AccessOutcome outcome : AccessOutcome.values()) {
					for (boolean self : List.of(true, false)) {
						String sentence = sentence(action, outcome.name(), self);
						String what = language + " " + action + " " + outcome + (self ? " by herself" : " by Dr Weber");
						assertThat(sentence).as(what).isNotBlank().doesNotContain("{").doesNotContain("null");
						if (!self && !action.equals("ACCOUNT_CLOSED")) {
							assertThat(sentence).as(what).contains("Dr Jonas Weber");
						}
						if (language.equals("en")) {
							if (outcome == AccessOutcome.DENIED) {
								assertThat(sentence).as(what).containsAnyOf("refused", "do not allow", "Refused");
							}
							else if (outcome == AccessOutcome.ERROR) {
								assertThat(sentence).as(what).containsAnyOf("failed", "could not", "Failed");
							}
							else {
								assertThat(sentence).as(what).doesNotContain("was refused").doesNotContain("tried");
							}
						}
						if (language.equals("ar") && outcome == AccessOutcome.DENIED) {
							assertThat(sentence).as(what).containsAnyOf("حاول", "مرفوض");
						}
					}
				}
			}
		}
		LocaleContextHolder.setLocale(Locale.ENGLISH);
		assertThat(sentence("SOMETHING_NEW", "SUCCESS", false))
			.isEqualTo("Dr Jonas Weber (Klinikum Nord, Germany): SOMETHING_NEW. Result: Done.");
		assertThat(sentence("READ", "SUCCESS", true)).isEqualTo("You looked at your record.");
		assertThat(sentence("WRITE", "DENIED", false)).isEqualTo("Dr Jonas Weber (Klinikum Nord, Germany) tried to "
				+ "add to your allergies and was refused. Nothing was added.");
	}

	// ---- 3. The auditor's verification page

	@Test
	void theVerificationClaimsOnlyWhatWasChecked() {
		Answers.AuditVerification unsigned = verification(true, null, null, null);
		Answers.Checkpoint checkpoint = new Answers.Checkpoint(7L, "2026-12-01T10:00:00Z", "0123456789abcdef",
				"Ed25519", List.of(new Answers.StreamHead(0, 40), new Answers.StreamHead(1, 41)));
		Answers.AuditVerification signed = verification(true, checkpoint, null, null);
		Answers.AuditVerification broken = verification(false, checkpoint, 12L, "EDITED");
		for (String language : LANGUAGES) {
			LocaleContextHolder.setLocale(Locale.forLanguageTag(language));
			String intact = text.msg("audit.verify.okSigned", 42, 4, text.dateTime("2026-12-01T10:00:00Z"));
			AuditorPages.VerificationView withoutCheckpoint = AuditorPages.verificationView(unsigned, text);
			assertThat(withoutCheckpoint.status()).as(language)
				.isEqualTo(text.msg("audit.verify.okUnsigned", 42, 4))
				.isNotEqualTo(intact);
			assertThat(withoutCheckpoint.claims().toString()).as(language)
				.contains(text.msg("audit.verify.claim.checked", 42, 4))
				.contains(text.msg("audit.verify.claim.noCheckpoint"));
			assertThat(withoutCheckpoint.checkpointView()).isNull();
			AuditorPages.VerificationView withCheckpoint = AuditorPages.verificationView(signed, text);
			assertThat(withCheckpoint.status()).as(language).isEqualTo(intact);
			assertThat(withCheckpoint.claims().toString()).as(language)
				.contains(text.msg("audit.verify.claim.checkpointMatched", 7, text.dateTime("2026-12-01T10:00:00Z"),
						41L))
				.contains(text.msg("audit.verify.claim.afterCheckpoint", 41L));
			AuditorPages.VerificationView brokenView = AuditorPages.verificationView(broken, text);
			assertThat(brokenView.status()).as(language)
				.isEqualTo(text.msg("audit.verify.broken", 12, text.label("AuditProblem", "EDITED")));
			assertThat(brokenView.claims().toString()).as(language)
				.doesNotContain(text.msg("audit.verify.claim.checkpointMatched", 7,
						text.dateTime("2026-12-01T10:00:00Z"), 41L));
		}
	}

	// ---- 4. After erasure

	@Test
	void erasureClosesTheAccountItsSessionsAndTokensAndSaysSo() {
		Tokens tokens = new Tokens(port);
		GraphQlRequests graphql = new GraphQlRequests(port);
		String token = tokens.login(data.amina, PortalTestData.PASSWORD);
		assertThat(graphql.execute(token, MY_RECORD).at("/data/myRecord/phrNumber").asString())
			.isEqualTo(data.aminaPhrNumber());
		PortalSession otherPhone = new PortalSession(port);
		otherPhone.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/record");
		assertThat(authorizations(data.amina)).isGreaterThanOrEqualTo(2);
		assertThat(jdbc.sql("select count(*) from spring_session where principal_name = :name")
			.param("name", data.amina).query(Long.class).single()).isPositive();

		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/erase");
		HttpResponse<String> erased = amina.post("/portal/my/erase", Map.of("understood", "true"));
		assertThat(erased.body()).contains(message("my.erased.accountClosed", "en"))
			.contains(message("my.erased.record", "en"));
		assertThat(jdbc.sql("select count(*) from spring_session where principal_name = :name")
			.param("name", data.amina).query(Long.class).single())
			.as("her sessions, stored in PostgreSQL for every replica, are gone with what they held").isZero();

		// the other phone's session is gone: its next page asks for a sign-in and shows nothing of the record, and
		// the sign-in then says the account is closed (below)
		HttpResponse<String> next = otherPhone.get("/portal/my/record");
		assertThat(next.statusCode()).isEqualTo(302);
		assertThat(PortalSession.location(next)).endsWith("/oauth2/authorization/carnet");
		assertThat(otherPhone.follow(next).body()).doesNotContain(PortalTestData.ALLERGY);

		// the API token stops working before it expires; the authorization server holds nothing for the account
		assertThat(graphql.post(token, MY_RECORD, null).statusCode()).isEqualTo(401);
		assertThat(authorizations(data.amina)).isZero();
		assertThat(jdbc.sql("select enabled from users where username = :name").param("name", data.amina)
			.query(Boolean.class).single()).isFalse();
		assertThat(jdbc.sql("select display_name from users where username = :name").param("name", data.amina)
			.query(String.class).single()).isEqualTo(data.amina);

		// signing in again: refused with a clear message, only to whoever knows the password
		assertThat(signInLandsOn(data.amina, PortalTestData.PASSWORD)).isEqualTo("/login?closed");
		assertThat(signInLandsOn(data.amina, "not the password")).isEqualTo("/login?error");
		PortalSession again = new PortalSession(port);
		assertThat(again.get("/login?closed").body()).contains(message("signIn.closed", "en"));

		// the record is not served to anyone, and the closing is in the ledger, about her record
		String clinician = tokens.login(data.nikolaou, PortalTestData.PASSWORD);
		assertThat(graphql.execute(clinician, "query($p: String!) { personByPhrNumber(phrNumber: $p, purpose: "
				+ "TREATMENT) { id allergies { substance } } }", Map.of("p", data.aminaPhrNumber()))
			.at("/data/personByPhrNumber").isNull()).isTrue();
		assertThat(jdbc.sql("""
				select count(*) from access_events
				where action = 'ACCOUNT_CLOSED' and outcome = 'SUCCESS' and target = :target and person_id = :person""")
			.param("target", "user:" + data.amina)
			.param("person", data.aminaId().value())
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	private String signInLandsOn(String username, String password) {
		PortalSession browser = new PortalSession(port);
		HttpResponse<String> form = browser.follow(browser.get("/portal/my"));
		assertThat(form.uri().getPath()).isEqualTo("/login");
		HttpResponse<String> answer = browser.post("/login", Map.of("username", username, "password", password));
		assertThat(answer.statusCode()).isEqualTo(302);
		URI location = URI.create(PortalSession.location(answer));
		return location.getPath() + (location.getQuery() == null ? "" : "?" + location.getQuery());
	}

	private long authorizations(String username) {
		return jdbc.sql("select count(*) from oauth2_authorization where principal_name = :name")
			.param("name", username)
			.query(Long.class)
			.single();
	}

	private static Answers.AuditVerification verification(boolean ok, Answers.Checkpoint checkpoint, Long broken,
			String problem) {
		return new Answers.AuditVerification(ok, 42, 4, broken, null, problem, "every stream is unbroken",
				"2026-12-03T10:00:00Z", checkpoint);
	}

	/** One event as the person's log words it: by Amina herself, or by Dr Weber of Klinikum Nord in Germany. */
	private String sentence(String action, String outcome, boolean self) {
		Answers.Requester requester = new Answers.Requester(self ? data.amina : data.weber,
				self ? "Amina Haddad" : "Dr Jonas Weber", List.of(self ? "MIGRANT" : "CLINICIAN"),
				self ? null : new Answers.Organisation("Klinikum Nord", "DE"), self ? null : "DE");
		boolean served = !outcome.equals("DENIED") && !outcome.equals("ERROR");
		Answers.AccessEvent event = new Answers.AccessEvent(1L, "2026-12-03T10:00:00Z", action, outcome, null, null,
				null, null, null, Purpose.TREATMENT, served ? List.of(Category.ALLERGIES) : List.of(),
				served ? List.of() : List.of(Category.ALLERGIES), List.of(), null, null, null, null, requester, null, null);
		List<AccessEvents.PersonRow> rows = AccessEvents.forPerson(List.of(event), data.amina, text);
		return withoutIsolates(rows.get(0).sentence());
	}

	private Requester aminaHerself() {
		return new Requester(data.amina, Set.of(Role.MIGRANT), Optional.empty(), Optional.of(PortalTestData.GR),
				Optional.of(data.aminaId()), "test");
	}

	private int allergies() {
		return jdbc.sql("select count(*) from entries where person_id = :person and section = 'ALLERGY'")
			.param("person", data.aminaId().value())
			.query(Integer.class)
			.single();
	}

	private long refusedEvents(AccessAction action) {
		return jdbc.sql("select count(*) from access_events where person_id = :person and action = :action "
				+ "and outcome = 'DENIED'")
			.param("person", data.aminaId().value())
			.param("action", action.name())
			.query(Long.class)
			.single();
	}

	private String message(String key, String language, Object... args) {
		LocaleContextHolder.setLocale(Locale.forLanguageTag(language));
		try {
			return html(text.msg(key, args));
		}
		finally {
			LocaleContextHolder.resetLocaleContext();
		}
	}

	private static GraphQlAnswer.Problem problem(String classification, Map<String, Object> extensions) {
		return new GraphQlAnswer.Problem(List.of("field"), classification, null, "an English detail", extensions);
	}

	/** As Thymeleaf writes text into a page. */
	private static String html(String text) {
		return withoutIsolates(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
			.replace("\"", "&quot;").replace("'", "&#39;");
	}

	private static String withoutIsolates(String page) {
		return page.replace("\u2068", "").replace("\u2069", "");
	}
}
