package org.carnet.portal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.carnet.core.QrCodes;
import org.carnet.fhir.PatientSummaries;

import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The person's own health summary to take away: downloaded as a FHIR International Patient Summary (JSON) for a
 * health system, or printed on A4 in their language beside a second one. Each is one read of their own record (or of
 * the record of the person they act for) as the signed-in user, audited under its own operation name.
 */
@Controller
@RequestMapping("/portal/my/summary")
class SummaryPages {

	/**
	 * The language of a destination country, when the summary can be printed in it (one of the portal's, or of the
	 * print-only languages of the countries Carnet serves); otherwise the summary offers English.
	 */
	private static final Map<String, String> COUNTRY_LANGUAGES = Map.ofEntries(Map.entry("GR", "el"),
			Map.entry("CY", "el"), Map.entry("IT", "it"), Map.entry("DE", "de"), Map.entry("AT", "de"),
			Map.entry("ES", "es"), Map.entry("FR", "fr"),
			Map.entry("BE", "fr"), Map.entry("LU", "fr"), Map.entry("MC", "fr"), Map.entry("UA", "uk"),
			Map.entry("IR", "fa"), Map.entry("AF", "fa"), Map.entry("EG", "ar"), Map.entry("JO", "ar"),
			Map.entry("LB", "ar"), Map.entry("SY", "ar"), Map.entry("IQ", "ar"), Map.entry("MA", "ar"),
			Map.entry("TN", "ar"), Map.entry("DZ", "ar"), Map.entry("LY", "ar"), Map.entry("SA", "ar"));

	/** The sections first on paper, in this order: what a clinician must know before treating; then the rest. */
	private static final List<String> FIRST = List.of("allergies", "medications", "conditions", "vaccinations");

	private final PortalGraphQl graphQl;

	private final PortalText text;

	private final PatientSummaries summaries;

	SummaryPages(PortalGraphQl graphQl, PortalText text, PatientSummaries summaries) {
		this.graphQl = graphQl;
		this.text = text;
		this.summaries = summaries;
	}

	@ModelAttribute
	void navigation(Model model) {
		model.addAttribute("section", "my");
	}

	/**
	 * "Download my health summary": the FHIR document of the record as the API serves it to the signed-in user, as a
	 * file named by the record number. When there is nothing to download the person is back on the record page,
	 * which says why.
	 */
	@GetMapping("/download")
	ResponseEntity<byte[]> download(HttpServletRequest request, HttpServletResponse response) {
		GraphQlAnswer answer = graphQl.document("PortalMyRecord").operation("PortalDownloadMySummary").execute();
		Optional<String> phrNumber = answer.field("person.phrNumber", String.class);
		if (!answer.ok() || phrNumber.isEmpty()) {
			FlashMap flash = RequestContextUtils.getOutputFlashMap(request);
			flash.put("problem", answer.failure()
				.map(p -> PortalPages.message(p, text))
				.orElse(text.msg("error.NOT_FOUND")));
			String location = "/portal/my/record";
			RequestContextUtils.saveOutputFlashMap(location, request, response);
			return ResponseEntity.status(HttpStatus.SEE_OTHER)
				.location(URI.create(request.getContextPath() + location))
				.build();
		}
		String file = "carnet-summary-" + phrNumber.get().replaceAll("[^A-Za-z0-9-]", "") + ".json";
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.parseMediaType(PatientSummaries.MEDIA_TYPE),
					StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file).build().toString())
			.cacheControl(CacheControl.noStore())
			.body(summaries.json(answer.data()));
	}

	/** One column of the printed summary, every word in its language. */
	record Column(String lang, String dir, String heading, String phrNumberLabel, String printed, String home,
			String alertLabel, String nothing, String notShared, String nothingList, String empty,
			String notSharedList, String withheld, String notice, RecordView record,
			List<RecordView.SectionView> sections) {
	}

	/** A language the person may choose for the second column, named in itself. */
	record Choice(String code, String name) {
	}

	/**
	 * The summary to print: the person's language and, beside it, {@code second} (one of the portal's languages or of
	 * the print-only ones; anything else, or nothing, is the destination country's language when it is one of them,
	 * else English), with
	 * the record number as text and as a QR code, the allergies first, and the date it was printed.
	 */
	@GetMapping("/print")
	String print(@RequestParam(required = false) String second, Model model) {
		GraphQlAnswer answer = graphQl.document("PortalMyRecord").operation("PortalPrintMySummary").execute();
		answer.failure().ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		Locale first = text.locale();
		Optional<String> home = answer.field("myRecord.homeJurisdiction", String.class);
		Locale other = chosen(second).orElseGet(() -> home.map(COUNTRY_LANGUAGES::get)
			.map(Locale::forLanguageTag)
			.orElse(Locale.ENGLISH));
		model.addAttribute("second", other.getLanguage());
		List<Choice> choices = new ArrayList<>();
		PortalLocales.SUPPORTED
			.forEach(locale -> choices.add(new Choice(locale.getLanguage(), text.msg("language." + locale.getLanguage()))));
		PortalLocales.PRINT_ONLY
			.forEach(locale -> choices.add(new Choice(locale.getLanguage(), PortalLocales.printOnlyName(locale))));
		model.addAttribute("choices", choices);
		Optional<String> phrNumber = answer.field("myRecord.phrNumber", String.class);
		if (phrNumber.isEmpty()) {
			return "portal/my/summary-print";
		}
		List<Column> columns = new ArrayList<>();
		columns.add(column(answer, first));
		if (!other.getLanguage().equals(first.getLanguage())) {
			columns.add(column(answer, other));
		}
		model.addAttribute("columns", columns);
		model.addAttribute("phrNumber", phrNumber.get());
		model.addAttribute("qr", QrCodes.svg(phrNumber.get()));
		return "portal/my/summary-print";
	}

	/**
	 * The sections in this state that have no place of their own on paper (all but the identity, at the top, and the
	 * allergies, always shown), named in one phrase of the current language.
	 */
	private String named(RecordView record, RecordView.State state) {
		return text.and(record.sections()
			.stream()
			.filter(section -> section.state() == state && !section.field().equals("identity")
					&& !section.field().equals("allergies"))
			.map(section -> text.msg("section." + section.field() + ".name"))
			.toList());
	}

	/** One of the portal's languages or of the print-only ones, by its code; empty for anything else. */
	private static Optional<Locale> chosen(String code) {
		if (code == null) {
			return Optional.empty();
		}
		return Stream.concat(PortalLocales.SUPPORTED.stream(), PortalLocales.PRINT_ONLY.stream())
			.filter(locale -> locale.getLanguage().equals(code))
			.findFirst();
	}

	/** The column of the answer in {@code locale}: the record view and every word, written in that language. */
	Column column(GraphQlAnswer answer, Locale locale) {
		LocaleContext previous = LocaleContextHolder.getLocaleContext();
		LocaleContextHolder.setLocale(locale);
		try {
			RecordView record = RecordView.of(answer, "myRecord", text);
			List<RecordView.SectionView> sections = new ArrayList<>();
			for (String field : FIRST) {
				record.sections()
					.stream()
					.filter(section -> section.field().equals(field))
					.filter(section -> section.shown() || field.equals("allergies"))
					.forEach(sections::add);
			}
			record.sections()
				.stream()
				.filter(section -> !FIRST.contains(section.field()) && !section.field().equals("identity"))
				.filter(RecordView.SectionView::shown)
				.forEach(sections::add);
			return new Column(locale.getLanguage(), PortalLocales.rightToLeft(locale) ? "rtl" : "ltr",
					text.msg("print.heading"), text.msg("record.phrNumberLabel"),
					text.msg("print.printedOn", text.date(text.today())), text.msg("record.home", record.home()),
					text.msg("print.alert"), text.msg("record.nothing"), text.msg("record.notShared"),
					text.msg("record.nothingList"), named(record, RecordView.State.EMPTY),
					text.msg("record.notSharedList"), named(record, RecordView.State.WITHHELD), record.notice(), record,
					sections);
		}
		finally {
			LocaleContextHolder.setLocaleContext(previous);
		}
	}
}
