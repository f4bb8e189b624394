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

	private static final String SENT = """
			query PortalSentConsentRequests {
			  mySentConsentRequests {
			    id kind status personId grantee { kind value displayName organisationName country }
			    categories access purposes jurisdictions grantDurationDays createdAt expiresAt answeredAt
			  }
			}""";

	private static final String PERSONS = """
			query PortalSentRequestPersons($ids: [ID!]!, $purpose: Purpose!) {
			  persons(ids: $ids, purpose: $purpose) { id phrNumber identity { givenNames familyName } }
			}""";

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
		GraphQlAnswer answer = graphQl.execute(SENT);
		answer.failure().ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		List<Map<String, Object>> requests = answer.list("mySentConsentRequests");
		if (requests.size() > SHOWN) {
			model.addAttribute("sentNewest", text.msg("sent.newest", text.number(SHOWN)));
			requests = requests.subList(0, SHOWN);
		}
		Map<String, String> names = names(requests, purpose, model);
		ConsentSentences sentences = new ConsentSentences(text);
		List<Map<String, Object>> views = new ArrayList<>();
		for (Map<String, Object> request : requests) {
			String personId = Objects.toString(request.get("personId"), "");
			Map<String, Object> view = new LinkedHashMap<>();
			view.put("id", request.get("id"));
			view.put("person", names == null ? text.msg("sent.notNamed")
					: names.getOrDefault(personId, text.msg("sent.erased")));
			view.put("known", names == null || names.containsKey(personId));
			view.put("link", link.apply(personId));
			view.put("sentence", sentence(request, sentences));
			view.put("sent", text.msg("sent.sentOn", text.dateTime(request.get("createdAt"))));
			String status = Objects.toString(request.get("status"), "PENDING");
			view.put("status", status);
			view.put("state", text.msg("sent.status." + status, switch (status) {
				case "PENDING" -> text.dateTime(request.get("expiresAt"));
				case "EXPIRED" -> text.day(request.get("expiresAt"));
				default -> text.day(request.get("answeredAt"));
			}));
			views.add(view);
		}
		model.addAttribute("sent", views);
	}

	/** What was asked, said to the one who asked ("You asked to see their allergies for treatment, for 30 days."). */
	@SuppressWarnings("unchecked")
	private String sentence(Map<String, Object> request, ConsentSentences sentences) {
		String access = "READ_WRITE".equals(request.get("access")) ? "READ_WRITE" : "READ";
		String categories = sentences.categories((List<?>) request.get("categories"));
		String purposes = sentences.purposes((List<?>) request.get("purposes"));
		String days = text.days(request.get("grantDurationDays"));
		if ("MEDIATOR_PROPOSAL".equals(request.get("kind"))) {
			String grantee = sentences.granteeInSentence((Map<String, Object>) request.get("grantee"),
					(List<?>) request.get("jurisdictions"));
			return text.msg("sent.proposal." + access, grantee, categories, purposes, days);
		}
		return text.msg("sent.own." + access, categories, purposes, days);
	}

	/**
	 * The name of each person (or their record number when their identity is not shared), by id; an erased record
	 * has none; {@code null} when the look-up failed as a whole (refused as too many, say).
	 */
	private Map<String, String> names(List<Map<String, Object>> requests, Purpose purpose, Model model) {
		Set<String> ids = new LinkedHashSet<>();
		requests.forEach(request -> ids.add(Objects.toString(request.get("personId"), "")));
		ids.remove("");
		Map<String, String> names = new LinkedHashMap<>();
		if (ids.isEmpty()) {
			return names;
		}
		GraphQlAnswer answer = graphQl.execute(PERSONS, Map.of("ids", List.copyOf(ids), "purpose", purpose.name()));
		// an erased record answers NOT_FOUND at its place: it is named as such, not a failure of the page
		answer.failure()
			.filter(problem -> !"NOT_FOUND".equals(problem.classification()))
			.ifPresent(p -> model.addAttribute("problem", PortalPages.message(p, text)));
		if (answer.at("persons").isEmpty()) {
			return null;
		}
		List<Map<String, Object>> persons = answer.list("persons");
		for (int i = 0; i < persons.size(); i++) {
			Map<String, Object> person = persons.get(i);
			if (person == null) {
				continue;
			}
			Map<String, Object> identity = answer.object("persons", i, "identity");
			String name = identity == null ? ""
					: (Objects.toString(identity.get("givenNames"), "") + " "
							+ Objects.toString(identity.get("familyName"), "")).strip();
			names.put(String.valueOf(person.get("id")), name.isEmpty()
					? text.msg("sent.record", text.isolate(person.get("phrNumber"))) : text.isolate(name));
		}
		return names;
	}
}
