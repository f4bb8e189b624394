package org.carnet.portal;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The person's share code: they choose what it opens, then see the code and its QR code with the time it has left.
 * The code never appears in an address: the page that shows it is reached by the share code's id and reads the code
 * from the person's own session, where it stays only while it works. Once it has expired the code and the QR code
 * leave the screen (the page's script at the stored expiry, and the server on every later request).
 */
@Controller
@RequestMapping("/portal/my/share-code")
class ShareCodePages {

	private static final String SHARE_CODE = """
			mutation PortalCreateShareCode($input: CreateShareCodeInput!) {
			  createShareCode(input: $input) { id code qrSvg expiresAt categories purposes grantDurationDays }
			}""";

	/** How many codes a session keeps to show (the newest); older ones are forgotten. */
	static final int KEPT = 4;

	private static final String SESSION_ATTRIBUTE = ShareCodePages.class.getName();

	/** What a share code will grant. */
	record ShareCodeForm(List<String> categories, List<String> purposes, Integer days) {

		static final Set<String> FIELDS = Set.of("categories", "purposes", "days");

		static final Map<String, String> API_FIELDS = Map.of("grantDurationDays", "days");

		static ShareCodeForm empty() {
			return new ShareCodeForm(List.of(), List.of("TREATMENT"), 30);
		}

		void check(FormProblems problems) {
			MigrantPages.checkTerms(categories, null, purposes, days, problems);
		}
	}

	/** A code to show, as the API answered it, until it expires; then without the code and its QR code. */
	record Shown(String id, String code, String qr, Instant expiresAt, List<String> categories, List<String> purposes,
			int days) implements Serializable {

		boolean live() {
			return code != null;
		}

		Shown spent() {
			return new Shown(id, null, null, expiresAt, categories, purposes, days);
		}
	}

	private final PortalGraphQl graphQl;

	private final PortalText text;

	private final Clock clock;

	ShareCodePages(PortalGraphQl graphQl, PortalText text, Clock clock) {
		this.graphQl = graphQl;
		this.text = text;
		this.clock = clock;
	}

	@ModelAttribute
	void navigation(Model model) {
		model.addAttribute("section", "my");
		model.addAttribute("durations", MigrantPages.DURATIONS);
	}

	@GetMapping
	String form(Model model) {
		model.addAttribute("form", ShareCodeForm.empty());
		return "portal/my/share-code";
	}

	@PostMapping
	String create(@ModelAttribute("form") ShareCodeForm form, BindingResult binding, FormProblems problems,
			HttpSession session, Model model, RedirectAttributes redirect) {
		problems.binding(binding);
		form.check(problems);
		if (!problems.isEmpty()) {
			problems.summarise(model);
			return "portal/my/share-code";
		}
		Map<String, Object> input = new LinkedHashMap<>();
		input.put("categories", form.categories());
		input.put("purposes", form.purposes());
		input.put("grantDurationDays", form.days() == null ? 30 : form.days());
		GraphQlAnswer answer = graphQl.execute(SHARE_CODE, Map.of("input", input));
		Map<String, Object> code = answer.object("createShareCode");
		Instant expiresAt = code == null ? null : PortalText.instant(code.get("expiresAt"));
		if (!answer.ok() || code == null || expiresAt == null) {
			problems.refused(answer, ShareCodeForm.API_FIELDS, ShareCodeForm.FIELDS, model);
			return "portal/my/share-code";
		}
		String svg = Objects.toString(code.get("qrSvg"), "");
		// An image, not inline markup: the page never inserts markup it received.
		String qr = "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
		Shown shown = new Shown(code.get("id").toString(), code.get("code").toString(), qr, expiresAt,
				strings(code.get("categories")), strings(code.get("purposes")),
				code.get("grantDurationDays") instanceof Number days ? days.intValue() : 0);
		keep(session, shown);
		// the same choices sent again (back, then "Make a code") show this code while it works, not a second one
		redirect.addFlashAttribute(FormSubmissions.SAME_VALUES_UNTIL, expiresAt);
		return "redirect:" + MigrantPages.path("/portal/my/share-code/{id}", shown.id());
	}

	@GetMapping("/{id}")
	String shown(@PathVariable String id, HttpSession session, Model model) {
		Instant now = clock.instant();
		Shown shown = kept(session, id, now);
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("live", shown != null && shown.live());
		view.put("known", shown != null);
		if (shown != null && shown.live()) {
			ConsentSentences sentences = new ConsentSentences(text);
			view.put("code", shown.code());
			view.put("qr", shown.qr());
			view.put("expires", text.dateTime(shown.expiresAt().toString()));
			view.put("secondsLeft", Math.max(1, Duration.between(now, shown.expiresAt()).toSeconds()));
			view.put("sentence", text.msg("share.sentence", sentences.categories(shown.categories()),
					sentences.purposes(shown.purposes()), shown.days()));
		}
		model.addAttribute("shareCode", view);
		return "portal/my/share-code-shown";
	}

	private static List<String> strings(Object values) {
		return values instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
	}

	@SuppressWarnings("unchecked")
	private static synchronized void keep(HttpSession session, Shown shown) {
		Object existing = session.getAttribute(SESSION_ATTRIBUTE);
		LinkedHashMap<String, Shown> codes = existing instanceof LinkedHashMap<?, ?> map
				? (LinkedHashMap<String, Shown>) map : new LinkedHashMap<>();
		codes.put(shown.id(), shown);
		Iterator<String> oldest = codes.keySet().iterator();
		while (codes.size() > KEPT && oldest.hasNext()) {
			oldest.next();
			oldest.remove();
		}
		session.setAttribute(SESSION_ATTRIBUTE, codes);
	}

	/** The code kept under this id; once expired, its code and QR code are forgotten, the rest kept to say so. */
	@SuppressWarnings("unchecked")
	private static synchronized Shown kept(HttpSession session, String id, Instant now) {
		if (!(session.getAttribute(SESSION_ATTRIBUTE) instanceof LinkedHashMap<?, ?> map)) {
			return null;
		}
		LinkedHashMap<String, Shown> codes = (LinkedHashMap<String, Shown>) map;
		Shown shown = codes.get(id);
		if (shown != null && shown.live() && !now.isBefore(shown.expiresAt())) {
			shown = shown.spent();
			codes.put(id, shown);
			session.setAttribute(SESSION_ATTRIBUTE, codes);
		}
		return shown;
	}
}
