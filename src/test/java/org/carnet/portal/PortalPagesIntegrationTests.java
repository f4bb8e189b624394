package org.carnet.portal;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carnet.consent.Access;
import org.carnet.consent.ConsentGrant;
import org.carnet.consent.GrantConsent;
import org.carnet.consent.GrantStatus;
import org.carnet.consent.Grantee;
import org.carnet.core.Category;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page and action of the portal over HTTP, as each role: the pages render in every language, and each action
 * (share code, consent request, mediator's proposal, emergency access, new entry, auditor's views) does what the
 * person would check, through the API's consent gate and audit.
 */
@CarnetIntegrationTest
class PortalPagesIntegrationTests extends PortalTestBase {

	private static final Pattern SHARE_CODE = Pattern.compile("id=\"share-code\"[^>]*>([A-Z0-9-]+)<");

	@BeforeEach
	void createCast() {
		newCast();
	}

	@Test
	void everyPageRendersInEveryLanguageWithoutErrorsOrMissingMessages() {
		String amina = data.aminaId().toString();
		Map<String, List<String>> pages = Map.of(data.amina,
				List.of("/portal/my", "/portal/my/record", "/portal/my/consents", "/portal/my/consents/new",
						"/portal/my/consents/new?search=Jonas+Weber", "/portal/my/consents/new?kind=USER&value="
								+ data.weber, "/portal/my/requests", "/portal/my/share-code", "/portal/my/access-log", "/portal/my/erase"),
				data.nikolaou,
				List.of("/portal/clinician", "/portal/clinician/persons/" + amina,
						"/portal/clinician/persons/" + amina + "/emergency",
						"/portal/clinician/persons/" + amina + "/entries/allergy",
						"/portal/clinician/persons/" + amina + "/entries/medication",
						"/portal/clinician/persons/" + amina + "/entries/condition",
						"/portal/clinician/persons/" + amina + "/entries/vaccination",
						"/portal/clinician/persons/" + amina + "/entries/vitalSign"),
				data.mediator, List.of("/portal/mediator", "/portal/mediator/persons/" + amina,
						"/portal/mediator/persons/" + amina + "?search=Jonas+Weber",
						"/portal/mediator/persons/" + amina + "?kind=USER&value=" + data.weber), data.auditor,
				List.of("/portal/audit", "/portal/audit?emergency=true", "/portal/audit/cross-border",
						"/portal/audit/verification"));
		pages.forEach((user, paths) -> {
			PortalSession session = new PortalSession(port);
			session.signIn(user, PortalTestData.PASSWORD, paths.get(0));
			for (String language : List.of("en", "ar", "fa", "fr", "uk")) {
				for (String path : paths) {
					String address = path + (path.contains("?") ? "&" : "?") + "lang=" + language;
					HttpResponse<String> page = session.get(address);
					assertThat(page.statusCode()).as(address).isEqualTo(200);
					String html = page.body();
					boolean rtl = language.equals("ar") || language.equals("fa");
					assertThat(html).as(address)
						.contains("<html lang=\"" + language + "\" dir=\"" + (rtl ? "rtl" : "ltr") + "\"")
						.doesNotContain("??")
						.doesNotContain("class=\"problem\"");
				}
			}
		});
	}

	@Test
	void aShareCodeShownOnceLetsTheClinicianWhoTypesItReadWhatItGrants() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/share-code");
		HttpResponse<String> created = amina.post("/portal/my/share-code", List.of(Map.entry("categories", "ALLERGIES"),
				Map.entry("purposes", "TREATMENT"), Map.entry("days", "1")));
		// post/redirect/get: the page that shows the code is reached by the share code's id, never by the code
		assertThat(created.statusCode()).isEqualTo(302);
		HttpResponse<String> shown = amina.follow(created);
		assertThat(shown.statusCode()).isEqualTo(200);
		assertThat(shown.uri().getQuery()).isNull();
		Matcher code = SHARE_CODE.matcher(shown.body());
		assertThat(code.find()).isTrue();
		assertThat(shown.uri().toString()).doesNotContain(code.group(1));
		assertThat(shown.body()).contains("src=\"data:image/svg+xml;base64,")
			.contains("data-seconds-left=\"")
			.contains("allergies");

		PortalSession weber = new PortalSession(port);
		weber.signIn(data.weber, PortalTestData.PASSWORD, "/portal/clinician");
		HttpResponse<String> redeemed = weber.post("/portal/clinician/redeem", Map.of("code", code.group(1)));
		assertThat(redeemed.statusCode()).isEqualTo(302);
		assertThat(PortalSession.location(redeemed)).contains("/portal/clinician/persons/" + data.aminaId())
			.doesNotContain(code.group(1));
		String record = weber.follow(redeemed).body();
		assertThat(record).contains("The share code worked: you can see the person’s allergies for treatment until")
			.contains(PortalTestData.ALLERGY)
			.doesNotContain(PortalTestData.MENTAL_HEALTH_SUMMARY);

		// Single use: the same code from another clinician is refused (the same clinician sending it again is shown
		// what his first use did).
		PortalSession nikolaou = new PortalSession(port);
		nikolaou.signIn(data.nikolaou, PortalTestData.PASSWORD, "/portal/clinician");
		HttpResponse<String> again = nikolaou.post("/portal/clinician/redeem", Map.of("code", code.group(1)));
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(again.body()).contains("class=\"problem\"").contains("This code was already used.");
	}

	@Test
	void aClinicianAsksAndThePersonAllows() {
		PortalSession weber = new PortalSession(port);
		weber.signIn(data.weber, PortalTestData.PASSWORD, "/portal/clinician/persons/" + data.aminaId());
		assertThat(weber.get("/portal/clinician/persons/" + data.aminaId()).body())
			.contains("Not shared with you")
			.doesNotContain(PortalTestData.ALLERGY);
		HttpResponse<String> asked = weber.post("/portal/clinician/persons/" + data.aminaId() + "/consent-request",
				List.of(Map.entry("categories", "ALLERGIES"), Map.entry("purposes", "TREATMENT"),
						Map.entry("access", "READ"), Map.entry("days", "30"),
						Map.entry("reason", "Planned surgery at Klinikum Nord next week")));
		assertThat(weber.follow(asked).body()).contains("Your request was sent.");

		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		assertThat(amina.get("/portal/my").body()).contains("One request to see your record waits for your answer");
		String requests = withoutIsolates(amina.get("/portal/my/requests").body());
		assertThat(requests).contains("Dr Jonas Weber (Klinikum Nord, Germany, acting from Germany) asks to see your "
				+ "allergies for treatment, for 30 days.")
			.contains("Planned surgery at Klinikum Nord next week");
		String requestId = formTarget(requests, "/portal/my/requests/", "/answer");
		HttpResponse<String> approved = amina.post("/portal/my/requests/" + requestId + "/answer",
				Map.of("approve", "true"));
		// confirmed from the grant the approval stored, as the server names its grantee
		assertThat(withoutIsolates(amina.follow(approved).body()))
			.contains("Done. Dr Jonas Weber (Germany) can see your allergies for treatment until");

		assertThat(weber.get("/portal/clinician/persons/" + data.aminaId()).body())
			.contains(PortalTestData.ALLERGY)
			.doesNotContain(PortalTestData.MENTAL_HEALTH_SUMMARY);
	}

	@Test
	void thePersonPicksTheGranteeFromWhatTheServerFoundAndTheConfirmationNamesWhoWasStored() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");

		String found = withoutIsolates(amina.get("/portal/my/consents/new?search=" + data.weber).body());
		assertThat(found).contains("Dr Jonas Weber, Klinikum Nord (Germany)").contains("value=\"" + data.weber + "\"");
		assertThat(withoutIsolates(amina.get("/portal/my/consents/new?search=Klinikum+Nord").body()))
			.contains("Everyone at Klinikum Nord (Germany)");
		String chosen = amina.get("/portal/my/consents/new?kind=USER&value=" + data.weber).body();
		assertThat(chosen).contains("You are sharing with:").contains("id=\"grant-form\"");
		String invented = amina.get("/portal/my/consents/new?kind=USER&value=dr.invented").body();
		assertThat(invented).doesNotContain("id=\"grant-form\"").contains("id=\"grantee-search\"");

		HttpResponse<String> granted = amina.post("/portal/my/consents", List.of(Map.entry("granteeKind", "USER"),
				Map.entry("granteeValue", data.weber.toUpperCase()), Map.entry("country", "DE"),
				Map.entry("categories", "LAB_RESULTS"), Map.entry("access", "READ"), Map.entry("purposes", "TREATMENT"),
				Map.entry("days", "7")));
		assertThat(granted.statusCode()).isEqualTo(302);
		assertThat(withoutIsolates(amina.follow(granted).body())).contains("Done. Dr Jonas Weber (Germany) can see your");
		HttpResponse<String> toNobody = amina.post("/portal/my/consents", List.of(Map.entry("granteeKind", "USER"),
				Map.entry("granteeValue", "dr.invented"), Map.entry("country", "DE"),
				Map.entry("categories", "LAB_RESULTS"), Map.entry("access", "READ"), Map.entry("purposes", "TREATMENT"),
				Map.entry("days", "7")));
		assertThat(toNobody.statusCode()).isEqualTo(200);
		assertThat(toNobody.body()).doesNotContain("Done.");
		assertThat(grants.history(data.aminaId()))
			.filteredOn(g -> g.origin() == org.carnet.consent.GrantOrigin.PERSON
					&& g.categories().contains(org.carnet.core.Category.LAB_RESULTS))
			.singleElement()
			.satisfies(g -> assertThat(g.grantee().value()).isEqualTo(data.weber));
	}

	@Test
	void aMediatorProposesAGrantThatOnlyThePersonsApprovalMakes() {
		PortalSession sara = new PortalSession(port);
		sara.signIn(data.mediator, PortalTestData.PASSWORD, "/portal/mediator");
		HttpResponse<String> found = sara.post("/portal/mediator/find", Map.of("phrNumber", data.aminaPhrNumber()));
		assertThat(found.statusCode()).isEqualTo(302);
		assertThat(PortalSession.location(found)).endsWith("/portal/mediator/persons/" + data.aminaId());
		sara.follow(found);
		HttpResponse<String> proposed = sara.post("/portal/mediator/persons/" + data.aminaId() + "/proposals",
				List.of(Map.entry("granteeKind", "USER"), Map.entry("granteeValue", data.weber),
						Map.entry("country", "DE"), Map.entry("categories", "MEDICATIONS"),
						Map.entry("access", "READ"), Map.entry("purposes", "TREATMENT"), Map.entry("days", "90"),
						Map.entry("reason", "Amina moves to Hamburg; Dr Weber will follow her asthma")));
		String home = withoutIsolates(sara.follow(proposed).body());
		assertThat(home).contains("Your proposal was sent: that Dr Jonas Weber (Germany) may see the person’s medicines.")
			.contains("Waiting for an answer");
		assertThat(medicationGrantsToWeber()).isEmpty();

		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/requests");
		String requests = withoutIsolates(amina.get("/portal/my/requests").body());
		assertThat(requests).contains("Sara Mansour (Health Mediators Network, Greece, acting from Greece) proposes "
				+ "that Dr Jonas Weber (Germany) may see your medicines for treatment, for 90 days.");
		String requestId = formTarget(requests, "/portal/my/requests/", "/answer");
		amina.post("/portal/my/requests/" + requestId + "/answer", Map.of("approve", "true"));
		assertThat(medicationGrantsToWeber()).hasSize(1);
		assertThat(withoutIsolates(amina.get("/portal/my/consents").body()))
			.contains("Dr Jonas Weber (Germany) can see your medicines for treatment until");
	}

	@Test
	void emergencyAccessNeedsAJustificationOpensTheEmergencySetAndIsHighlightedForThePerson() {
		PortalSession weber = new PortalSession(port);
		weber.signIn(data.weber, PortalTestData.PASSWORD, "/portal/clinician/persons/" + data.aminaId() + "/emergency");
		String form = weber.get("/portal/clinician/persons/" + data.aminaId() + "/emergency").body();
		assertThat(form).contains("Open emergency access only in a real emergency.");
		HttpResponse<String> tooShort = weber.post("/portal/clinician/persons/" + data.aminaId() + "/emergency",
				Map.of("justification", "urgent"));
		assertThat(tooShort.statusCode()).isEqualTo(200);
		assertThat(tooShort.body()).contains("class=\"problem\"");

		HttpResponse<String> opened = weber.post("/portal/clinician/persons/" + data.aminaId() + "/emergency",
				Map.of("justification", "Unconscious after a road accident, brought to the emergency department"));
		assertThat(opened.statusCode()).isEqualTo(302);
		assertThat(PortalSession.location(opened)).endsWith("?purpose=EMERGENCY");
		String record = weber.follow(opened).body();
		assertThat(record).contains("Emergency access is open until").contains(PortalTestData.ALLERGY)
			.doesNotContain(PortalTestData.MENTAL_HEALTH_SUMMARY);

		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my");
		assertThat(withoutIsolates(amina.get("/portal/my").body())).contains("class=\"emergency\"")
			.contains("Dr Jonas Weber (Germany) opened your record in an emergency");
		String log = amina.get("/portal/my/access-log").body();
		assertThat(log).contains("class=\"event emergency\"").contains("Emergency access")
			.contains("Unconscious after a road accident");
	}

	@Test
	void aClinicianAddsAnEntryThePersonThenReadsWithWhoWroteIt() {
		PortalSession nikolaou = new PortalSession(port);
		String form = "/portal/clinician/persons/" + data.aminaId() + "/entries/allergy";
		nikolaou.signIn(data.nikolaou, PortalTestData.PASSWORD, form);
		HttpResponse<String> incomplete = nikolaou.post(form, Map.of("reaction", "Rash"));
		assertThat(incomplete.statusCode()).isEqualTo(200);
		assertThat(incomplete.body()).contains("class=\"problem\"").contains("value=\"Rash\"");

		HttpResponse<String> added = nikolaou.post(form, Map.of("substance", "Latex", "reaction", "Contact dermatitis",
				"severity", "MODERATE", "status", "ACTIVE"));
		assertThat(added.statusCode()).isEqualTo(302);
		assertThat(nikolaou.follow(added).body()).contains("The entry was added.").contains("Latex");

		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/record");
		String record = withoutIsolates(amina.get("/portal/my/record").body());
		assertThat(record).contains("Latex").contains("Contact dermatitis").contains("Moderate")
			.contains("by Dr Eleni Nikolaou in Greece");
	}

	@Test
	void theAuditorSeesReadsCrossBorderFlowsAndAnIntactLog() {
		Requester aminaHerself = new Requester(data.amina, java.util.Set.of(Role.MIGRANT), java.util.Optional.empty(),
				java.util.Optional.of(PortalTestData.GR), java.util.Optional.of(data.aminaId()), "test");
		grants.grant(aminaHerself, data.aminaId(), PortalTestData.GR, GrantConsent.of(Grantee.user(data.weber),
				java.util.Set.of(Category.ALLERGIES), Access.READ, java.util.Set.of(Purpose.TREATMENT),
				java.util.Set.of(PortalTestData.DE)));
		PortalSession weber = new PortalSession(port);
		weber.signIn(data.weber, PortalTestData.PASSWORD, "/portal/clinician/persons/" + data.aminaId());

		PortalSession ines = new PortalSession(port);
		ines.signIn(data.auditor, PortalTestData.PASSWORD, "/portal/audit");
		String events = ines.get("/portal/audit?personId=" + data.aminaId() + "&action=READ").body();
		assertThat(events).contains("Dr Jonas Weber").contains("Germany").contains("Saw: allergies")
			.contains("Asked for but not shared:");
		assertThat(ines.get("/portal/audit?personId=" + data.aminaId() + "&requesterJurisdiction=IT").body())
			.contains("No event matches.");
		String flows = ines.get("/portal/audit/cross-border").body();
		assertThat(flows).containsPattern("<th scope=\"row\"[^>]*>Germany</th>\\s*<td[^>]*>Greece</td>");
		// signed now, so that the page can say the log matches a signed checkpoint
		ines.get("/portal/audit/verification");
		HttpResponse<String> signed = ines.post("/portal/audit/verification/checkpoint", Map.of());
		String verification = ines.follow(signed).body();
		assertThat(verification).contains("was signed on").contains("The log is intact").contains("has a valid signature");
	}

	@Test
	void aPersonErasesTheirRecordAfterConfirming() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/erase");
		HttpResponse<String> unconfirmed = amina.post("/portal/my/erase", Map.of());
		assertThat(unconfirmed.body()).contains("Please tick the box");
		assertThat(records.find(data.aminaId())).isPresent();
		HttpResponse<String> erased = amina.post("/portal/my/erase", Map.of("understood", "true"));
		assertThat(erased.body()).contains("Your record is erased");
		assertThat(records.find(data.aminaId())).isEmpty();
		// The session ended with the record.
		HttpResponse<String> after = amina.get("/portal/my/record");
		assertThat(after.statusCode()).isEqualTo(302);
		assertThat(PortalSession.location(after)).endsWith("/oauth2/authorization/carnet");
	}

	private List<ConsentGrant> medicationGrantsToWeber() {
		return grants.history(data.aminaId())
			.stream()
			.filter(g -> g.grantee().equals(Grantee.user(data.weber)))
			.filter(g -> g.categories().contains(Category.MEDICATIONS))
			.filter(g -> grants.statusNow(g) == GrantStatus.ACTIVE)
			.toList();
	}

	/** The id in the first form action of the page between a prefix and a suffix. */
	private static String formTarget(String page, String prefix, String suffix) {
		Matcher matcher = Pattern.compile("action=\"" + Pattern.quote(prefix) + "([0-9a-f-]{36})" + Pattern.quote(suffix))
			.matcher(page);
		assertThat(matcher.find()).as("a form posting to " + prefix + "...").isTrue();
		return matcher.group(1);
	}

	/** Names inside sentences sit between Unicode isolates (U+2068, U+2069); the words read without them. */
	private static String withoutIsolates(String page) {
		return page.replace("\u2068", "").replace("\u2069", "");
	}
}
