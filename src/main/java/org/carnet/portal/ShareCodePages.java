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
		CreateShareCodeInput input = new CreateShareCodeInput(form.categories(), form.purposes(),
				form.days() == null ? 30 : form.days());
		GraphQlAnswer answer = graphQl.document("PortalCreateShareCode").variable("input", input).execute();
		Answers.ShareCode code = answer.field("createShareCode", Answers.ShareCode.class).orElse(null);
		Instant expiresAt = code == null ? null : PortalText.instant(code.expiresAt());
		if (!answer.ok() || code == null || expiresAt == null) {
			problems.refused(answer, ShareCodeForm.API_FIELDS, ShareCodeForm.FIELDS, model);
			return "portal/my/share-code";
		}
		String svg = Objects.toString(code.qrSvg(), "");
		// An image, not inline markup: the page never inserts markup it received.
		String qr = "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
		Shown shown = new Shown(code.id(), code.code(), qr, expiresAt, names(code.categories()),
				names(code.purposes()), code.grantDurationDays() == null ? 0 : code.grantDurationDays());
		keep(session, shown);
		// the same choices sent again (back, then "Make a code") show this code while it works, not a second one
		redirect.addFlashAttribute(FormSubmissions.SAME_VALUES_UNTIL, expiresAt);
		return "redirect:" + MigrantPages.path("/portal/my/share-code/{id}", shown.id());
	}

	@GetMapping("/{id}")
	String shown(@PathVariable String id, HttpSession session, Model model) {
		Instant now = clock.instant();
		Shown shown = kept(session, id, now);
		ShownView view = new ShownView(shown != null && shown.live(), shown != null, null, null, null, null, null);
		if (shown != null && shown.live()) {
			ConsentSentences sentences = new ConsentSentences(text);
			view = new ShownView(true, true, shown.code(), shown.qr(), text.dateTime(shown.expiresAt().toString()),
					Math.max(1, Duration.between(now, shown.expiresAt()).toSeconds()),
					text.msg("share.sentence", sentences.categories(shown.categories()),
							sentences.purposes(shown.purposes()), shown.days()));
		}
		model.addAttribute("shareCode", view);
		return "portal/my/share-code-shown";
	}

	/**
	 * The code's page: {@code live} while it works (with the code, its QR code, when it expires and what it grants),
	 * {@code known} while this session remembers it.
	 */
	record ShownView(boolean live, boolean known, String code, String qr, String expires, Long secondsLeft,
			String sentence) {
	}

	/** {@code CreateShareCodeInput} of the API. */
	record CreateShareCodeInput(List<String> categories, List<String> purposes, Integer grantDurationDays) {
	}

	private static List<String> names(List<? extends Enum<?>> values) {
		return values == null ? List.of() : values.stream().map(Enum::name).toList();
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
