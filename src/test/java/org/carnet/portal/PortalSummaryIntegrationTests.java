package org.carnet.portal;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import org.carnet.consent.Representations;
import org.carnet.core.QrCodesTests;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.testing.CarnetIntegrationTest;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The person's health summary to take away, as they and an auditor would check it: "Download my health summary" on
 * the record page gives a FHIR document of their own record, named by their record number, and the ledger holds the
 * read as theirs (or, for a helper acting for them, as the helper's for them); no other role gets it. The printable
 * summary shows their language beside a second one, the record number as text and QR code, allergies first.
 */
@CarnetIntegrationTest
class PortalSummaryIntegrationTests extends PortalTestBase {

	private static final String DOWNLOAD = "/portal/my/summary/download";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	FhirContext fhir;

	@Autowired
	Representations representations;

	@BeforeEach
	void createCast() {
		newCast();
	}

	@Test
	void aPersonDownloadsHerOwnSummaryAsAFhirDocumentAndTheLedgerHoldsHerRead() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/record");
		assertThat(amina.get("/portal/my/record?lang=en").body()).contains("href=\"" + DOWNLOAD + "\"")
			.contains("Download my health summary")
			.contains("href=\"/portal/my/summary/print\"");

		HttpResponse<String> download = amina.get(DOWNLOAD);

		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/fhir+json"));
		assertThat(download.headers().firstValue("Content-Disposition"))
			.contains("attachment; filename=\"carnet-summary-" + data.aminaPhrNumber() + ".json\"");
		assertThat(download.headers().firstValue("Cache-Control")).hasValueSatisfying(
				value -> assertThat(value).contains("no-store"));
		Bundle bundle = fhir.newJsonParser().parseResource(Bundle.class, download.body());
		assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
		assertThat(bundle.getEntryFirstRep().getResource()).isInstanceOf(Composition.class);
		assertThat(resources(bundle, Patient.class)).singleElement()
			.satisfies(patient -> assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Haddad"));
		assertThat(resources(bundle, AllergyIntolerance.class)).singleElement()
			.satisfies(allergy -> assertThat(allergy.getCode().getText()).isEqualTo(PortalTestData.ALLERGY));
		// nothing of another person's record
		assertThat(download.body()).doesNotContain("Sulfonamides").doesNotContain("Tesfaye");

		assertThat(downloads(data.amina)).singleElement().satisfies(event -> {
			assertThat(event.get("action")).isEqualTo("READ");
			assertThat(event.get("outcome")).isEqualTo("SUCCESS");
			assertThat(event.get("person_id")).hasToString(data.aminaId().toString());
			assertThat(event.get("acting_for")).isNull();
		});
	}

	@Test
	void aHelperActingForThePersonDownloadsHerSummaryAndTheLedgerSaysForWhom() {
		Requester amina = new Requester(data.amina, Set.of(Role.MIGRANT), Optional.empty(),
				Optional.of(PortalTestData.GR), Optional.of(data.aminaId()), "test");
		representations.authoriseProxy(amina, data.aminaId(), data.mediator, true, false,
				Instant.now().plus(7, ChronoUnit.DAYS));
		PortalSession mediator = new PortalSession(port);
		mediator.signIn(data.mediator, PortalTestData.PASSWORD, "/portal/acting-for");
		mediator.get("/portal/acting-for");
		mediator.post("/portal/acting-for", Map.of("personId", data.aminaId().toString()));

		HttpResponse<String> download = mediator.get(DOWNLOAD);

		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("Content-Disposition"))
			.contains("attachment; filename=\"carnet-summary-" + data.aminaPhrNumber() + ".json\"");
		assertThat(download.body()).contains(PortalTestData.ALLERGY);
		assertThat(downloads(data.mediator)).singleElement().satisfies(event -> {
			assertThat(event.get("action")).isEqualTo("READ");
			assertThat(event.get("person_id")).hasToString(data.aminaId().toString());
			assertThat((String) event.get("acting_for")).startsWith("proxy:");
		});
	}

	@Test
	void aClinicianSignedInToThePortalGetsNoPersonsSummary() {
		PortalSession clinician = new PortalSession(port);
		clinician.signIn(data.nikolaou, PortalTestData.PASSWORD, "/portal/clinician");

		HttpResponse<String> download = clinician.get(DOWNLOAD);
		HttpResponse<String> print = clinician.get("/portal/my/summary/print");

		assertThat(download.statusCode()).isEqualTo(403);
		assertThat(download.headers().firstValue("Content-Disposition")).isEmpty();
		assertThat(download.body()).doesNotContain(PortalTestData.ALLERGY).doesNotContain("resourceType");
		assertThat(print.statusCode()).isEqualTo(403);
		assertThat(print.body()).doesNotContain(PortalTestData.ALLERGY);
		assertThat(downloads(data.nikolaou)).isEmpty();
	}

	@Test
	void thePrintableSummaryShowsTwoLanguagesTheRecordNumberAsAQrCodeAndAllergiesFirst() throws Exception {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/record");

		String page = amina.get("/portal/my/summary/print?lang=en&second=ar").body();

		List<String> columns = columns(page);
		assertThat(columns).hasSize(2);
		assertThat(columns.get(0)).contains("lang=\"en\"").contains("dir=\"ltr\"").contains("Health summary")
			.contains("Printed on ");
		assertThat(columns.get(1)).contains("lang=\"ar\"").contains("dir=\"rtl\"").contains("ملخص صحي")
			.contains("طُبع في");
		for (String column : columns) {
			assertThat(column).contains(data.aminaPhrNumber()).contains(PortalTestData.ALLERGY);
			int allergies = column.indexOf("data-section=\"allergies\"");
			assertThat(allergies).isPositive().isLessThan(column.indexOf("data-section=\"mentalHealth\""));
			assertThat(column.indexOf("data-section=\"")).isEqualTo(allergies);
		}
		Matcher qr = Pattern.compile("id=\"print-qr\"[^>]*>(<svg.*?</svg>)", Pattern.DOTALL).matcher(page);
		assertThat(qr.find()).isTrue();
		assertThat(QrCodesTests.decode(qr.group(1))).isEqualTo(data.aminaPhrNumber());
		assertThat(page).doesNotContain("Sulfonamides").doesNotContain("??");

		// the second language is one of the five or of the destination languages: anything else is the default,
		// her record being in Greece, Greek; the page around the columns stays French
		String chosenBadly = amina.get("/portal/my/summary/print?lang=fr&second=tr").body();
		assertThat(columns(chosenBadly)).extracting(column -> column.substring(0, column.indexOf('>')))
			.satisfiesExactly(first -> assertThat(first).contains("lang=\"fr\""),
					second -> assertThat(second).contains("lang=\"el\""));
		assertThat(chosenBadly).containsPattern("<option value=\"el\" lang=\"el\"\\s+selected=\"selected\">")
			.contains(">Ελληνικά</option>")
			.contains(">Italiano</option>")
			.contains(">Deutsch</option>")
			.contains(">Español</option>")
			.contains("<html lang=\"fr\"");
		assertThat(columns(chosenBadly).get(0)).contains("Allergies").contains("Imprimé le");

		assertThat(jdbc.sql("""
				select count(*) from access_events
				where operation_name = 'PortalPrintMySummary' and action = 'READ' and requester_subject = :user
				  and person_id = :person""")
			.param("user", data.amina)
			.param("person", data.aminaId().value())
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void thePrintableSummaryOffersTheDestinationLanguagesForTheClinicianThereAndThePortalStaysInItsOwn() {
		PortalSession amina = new PortalSession(port);
		amina.signIn(data.amina, PortalTestData.PASSWORD, "/portal/my/record");

		String greek = amina.get("/portal/my/summary/print?lang=en&second=el").body();

		List<String> columns = columns(greek);
		assertThat(columns).hasSize(2);
		assertThat(columns.get(0)).contains("lang=\"en\"").contains("Allergies").contains("Printed on ");
		assertThat(columns.get(1)).contains("lang=\"el\"").contains("dir=\"ltr\"").contains("Σύνοψη υγείας")
			.contains("Αλλεργίες")
			.contains("Εκτυπώθηκε στις")
			.contains(PortalTestData.ALLERGY)
			.doesNotContain("Allergies")
			.doesNotContain("Printed on");
		assertThat(greek).doesNotContain("??");
		// her home is Greece: Greek unless she chooses otherwise
		assertThat(columns(amina.get("/portal/my/summary/print?lang=en").body()).get(1)).contains("lang=\"el\"");
		assertThat(columns(amina.get("/portal/my/summary/print?lang=en&second=de").body()).get(1))
			.contains("lang=\"de\"")
			.contains("Allergien");

		// a destination language is no language of the portal's pages: asked for, the page is English
		String record = amina.get("/portal/my/record?lang=el").body();
		assertThat(record).contains("<html lang=\"en\"").doesNotContain("Αλλεργίες");
		// and French and Arabic pages find nothing of the print bundles
		String french = amina.get("/portal/my/record?lang=fr").body();
		assertThat(french).contains("<html lang=\"fr\"").contains("Médicaments").doesNotContain("Αλλεργίες");
		String frenchAndArabic = amina.get("/portal/my/summary/print?lang=fr&second=ar").body();
		assertThat(columns(frenchAndArabic).get(0)).contains("Résumé de santé").contains("Imprimé le");
		assertThat(columns(frenchAndArabic).get(1)).contains("lang=\"ar\"").contains("ملخص صحي");
	}

	/** The columns of a printable summary, each from its opening tag to the next. */
	private static List<String> columns(String page) {
		String[] parts = page.split("<section class=\"print-column\"");
		return List.of(parts).subList(1, parts.length);
	}

	private static <T> List<T> resources(Bundle bundle, Class<T> type) {
		return bundle.getEntry()
			.stream()
			.map(Bundle.BundleEntryComponent::getResource)
			.filter(type::isInstance)
			.map(type::cast)
			.toList();
	}

	/** The ledger's events of summary downloads by this user. */
	private List<Map<String, Object>> downloads(String user) {
		return jdbc.sql("""
				select action, outcome, person_id, acting_for from access_events
				where operation_name = 'PortalDownloadMySummary' and requester_subject = :user""")
			.param("user", user)
			.query()
			.listOfRows();
	}
}
