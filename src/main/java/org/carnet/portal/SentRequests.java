package org.carnet.portal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.carnet.core.Purpose;

import org.springframework.ui.Model;

/**
 * The consent requests a clinician or a mediator sent, as their own pages list them: whose record (the person's name
 * when their identity is shared with the reader, else the record number), what was asked, when, and what became of
 * it. Names are read through the API's {@code persons} like any other read: decided by the person's consent and
 * written to the audit log.
 */
final class SentRequests {

	/**
	 * At most this many requests are listed, the newest: naming their persons is one look-up each, counted against
	 * the requester's look-up budget ({@code carnet.graphql.lookups}), which a list page must not use up.
	 */
	static final int SHOWN = 50;

	private final PortalGraphQl graphQl;

	private final PortalText text;

	SentRequests(PortalGraphQl graphQl, PortalText text) {
		this.graphQl = graphQl;
		this.text = text;
	}

	/**
	 * Lists the requests the signed-in user sent ({@code sent}, and {@code sentNewest} when some were left out),
	 * naming persons as read for {@code purpose}; {@code link} gives the address of a person's page.
	 */
	void list(Purpose purpose, Function<String, String> link, Model model) {
		GraphQlAnswer answer = graphQl.document("PortalSentConsentRequests").execute();
		answer.failure().ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		List<Answers.ConsentRequest> requests = answer.list("mySentConsentRequests", Answers.ConsentRequest.class);
		if (requests.size() > SHOWN) {
			model.addAttribute("sentNewest", text.msg("sent.newest", text.number(SHOWN)));
			requests = requests.subList(0, SHOWN);
		}
		Map<String, String> names = names(requests, purpose, model);
		ConsentSentences sentences = new ConsentSentences(text);
		List<Sent> views = new ArrayList<>();
		for (Answers.ConsentRequest request : requests) {
			String personId = Objects.toString(request.personId(), "");
			String status = Objects.toString(request.status(), "PENDING");
			views.add(new Sent(request.id(),
					names == null ? text.msg("sent.notNamed") : names.getOrDefault(personId, text.msg("sent.erased")),
					names == null || names.containsKey(personId), link.apply(personId), sentence(request, sentences),
					text.msg("sent.sentOn", text.dateTime(request.createdAt())), status,
					text.msg("sent.status." + status, switch (status) {
						case "PENDING" -> text.dateTime(request.expiresAt());
						case "EXPIRED" -> text.day(request.expiresAt());
						default -> text.day(request.answeredAt());
					})));
		}
		model.addAttribute("sent", views);
	}

	/** A sent request as the list shows it: whose record, what was asked, when, and what became of it. */
	record Sent(String id, String person, boolean known, String link, String sentence, String sent, String status,
			String state) {
	}

	/** What was asked, said to the one who asked ("You asked to see their allergies for treatment, for 30 days."). */
	private String sentence(Answers.ConsentRequest request, ConsentSentences sentences) {
		String access = "READ_WRITE".equals(request.access()) ? "READ_WRITE" : "READ";
		String categories = sentences.categories(request.categories());
		String purposes = sentences.purposes(request.purposes());
		String days = text.days(request.grantDurationDays());
		if ("MEDIATOR_PROPOSAL".equals(request.kind())) {
			String grantee = sentences.granteeInSentence(request.grantee(), request.jurisdictions());
			return text.msg("sent.proposal." + access, grantee, categories, purposes, days);
		}
		return text.msg("sent.own." + access, categories, purposes, days);
	}

	/**
	 * The name of each person (or their record number when their identity is not shared), by id; an erased record
	 * has none; {@code null} when the look-up failed as a whole (refused as too many, say).
	 */
	private Map<String, String> names(List<Answers.ConsentRequest> requests, Purpose purpose, Model model) {
		Set<String> ids = new LinkedHashSet<>();
		requests.forEach(request -> ids.add(Objects.toString(request.personId(), "")));
		ids.remove("");
		Map<String, String> names = new LinkedHashMap<>();
		if (ids.isEmpty()) {
			return names;
		}
		GraphQlAnswer answer = graphQl.document("PortalSentRequestPersons")
			.variable("ids", List.copyOf(ids))
			.variable("purpose", purpose.name())
			.execute();
		// an erased record answers NOT_FOUND at its place: it is named as such, not a failure of the page
		answer.failure()
			.filter(problem -> !"NOT_FOUND".equals(problem.classification()))
			.ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		if (!answer.present("persons")) {
			return null;
		}
		for (Answers.PersonNamed person : answer.list("persons", Answers.PersonNamed.class)) {
			if (person == null) {
				continue;
			}
			String name = person.identity() == null ? "" : person.identity().full();
			names.put(String.valueOf(person.id()), name.isEmpty()
					? text.msg("sent.record", text.isolate(person.phrNumber())) : text.isolate(name));
		}
		return names;
	}
}
