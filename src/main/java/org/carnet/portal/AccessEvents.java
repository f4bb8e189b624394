package org.carnet.portal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.springframework.context.NoSuchMessageException;

/**
 * Access events of the ledger as rows of a page: for the person, one true sentence per event (who did what to their
 * record, and whether it was done, refused or failed); for auditors, the event's fields. Who, from where, what, when;
 * emergencies flagged.
 */
final class AccessEvents {

	/** The subject of what Carnet did itself (e.g. closing an account after an erasure). */
	private static final String CARNET = "carnet";

	private AccessEvents() {
	}

	/**
	 * The person's own access log: each event as a sentence. Events the person caused read "You ..."; a refusal
	 * reads as a refusal, a failure as a failure; an action this page does not know yet gets a neutral sentence
	 * naming it and its outcome, never another action's words.
	 *
	 * @param viewer the subject of the person reading their log
	 */
	static List<Map<String, Object>> forPerson(List<Map<String, Object>> edges, String viewer, PortalText text) {
		ConsentSentences sentences = new ConsentSentences(text);
		List<Map<String, Object>> rows = new ArrayList<>();
		for (Map<String, Object> event : nodes(edges)) {
			Map<String, Object> requester = object(event.get("requester")).orElse(Map.of());
			boolean self = viewer != null && viewer.equals(requester.get("subject"));
			String action = Objects.toString(event.get("action"), "");
			String outcome = Objects.toString(event.get("outcome"), "");
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("sequence", event.get("sequence"));
			row.put("time", text.dateTime(event.get("time")));
			row.put("sentence", new Sentence(text, sentences, event, self ? null : actor(requester, text)).text());
			row.put("refused", "DENIED".equals(outcome));
			row.put("failed", "ERROR".equals(outcome));
			row.put("emergency", Boolean.TRUE.equals(event.get("emergency")));
			// what left the record: worth a line for others' reads only (a write's sentence names its part)
			boolean othersRead = !self && "READ".equals(action);
			row.put("served", othersRead ? sentences.categories((List<?>) event.get("categoriesServed")) : "");
			row.put("withheld", othersRead ? sentences.categories((List<?>) event.get("categoriesWithheld")) : "");
			row.put("justification", event.get("breakGlassJustification"));
			rows.add(row);
		}
		return rows;
	}

	/** Auditors' rows: the event's fields, labelled in the page's language. */
	static List<Map<String, Object>> views(List<Map<String, Object>> edges, PortalText text) {
		ConsentSentences sentences = new ConsentSentences(text);
		List<Map<String, Object>> rows = new ArrayList<>();
		for (Map<String, Object> event : nodes(edges)) {
			Map<String, Object> requester = object(event.get("requester")).orElse(Map.of());
			Map<String, Object> organisation = object(requester.get("organisation")).orElse(null);
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("sequence", event.get("sequence"));
			row.put("time", text.dateTime(event.get("time")));
			Object name = requester.get("displayName") != null ? requester.get("displayName")
					: requester.get("subject");
			row.put("who", name == null ? text.msg("log.unknownRequester") : name);
			row.put("subject", requester.get("subject"));
			row.put("organisation", organisation == null ? "" : organisation.get("name"));
			List<String> roles = new ArrayList<>();
			if (requester.get("roles") instanceof List<?> list) {
				list.forEach(role -> roles.add(text.label("Role", role)));
			}
			row.put("roles", String.join(", ", roles));
			row.put("country", text.country(requester.get("jurisdiction")));
			row.put("countryCode", requester.get("jurisdiction"));
			row.put("action", text.label("AccessAction", event.get("action")));
			row.put("outcome", text.label("AccessOutcome", event.get("outcome")));
			row.put("denied", "DENIED".equals(event.get("outcome")));
			row.put("purpose", event.get("purpose") == null ? "" : text.purpose(event.get("purpose")));
			row.put("served", sentences.categories((List<?>) event.get("categoriesServed")));
			row.put("withheld", sentences.categories((List<?>) event.get("categoriesWithheld")));
			row.put("emergency", Boolean.TRUE.equals(event.get("emergency")));
			row.put("crossBorder", Boolean.TRUE.equals(event.get("crossBorder")));
			row.put("justification", event.get("breakGlassJustification"));
			row.put("personId", event.get("personId"));
			row.put("home", event.get("homeJurisdiction") == null ? "" : text.country(event.get("homeJurisdiction")));
			row.put("clientId", event.get("clientId"));
			row.put("target", event.get("target"));
			row.put("count", event.get("count"));
			rows.add(row);
		}
		return rows;
	}

	/** The events of a connection's edges. */
	private static List<Map<String, Object>> nodes(List<Map<String, Object>> edges) {
		List<Map<String, Object>> nodes = new ArrayList<>();
		for (Map<String, Object> edge : edges) {
			object(edge.get("node")).ifPresent(nodes::add);
		}
		return nodes;
	}

	@SuppressWarnings("unchecked")
	private static Optional<Map<String, Object>> object(Object value) {
		return value instanceof Map<?, ?> map ? Optional.of((Map<String, Object>) map) : Optional.empty();
	}

	/** Who did it, as others read it: "Dr Jonas Weber (Klinikum Nord, Germany)". */
	private static String actor(Map<String, Object> requester, PortalText text) {
		Object subject = requester.get("subject");
		if (CARNET.equals(subject)) {
			return text.msg("log.carnet");
		}
		Object name = requester.get("displayName") != null ? requester.get("displayName") : subject;
		String who = name == null ? text.msg("log.someone") : text.isolate(name);
		Map<String, Object> organisation = object(requester.get("organisation")).orElse(null);
		String country = text.country(requester.get("jurisdiction"));
		if (organisation != null && organisation.get("name") != null && !country.isEmpty()) {
			return text.msg("log.actor.organisation", who, text.isolate(organisation.get("name")), country);
		}
		return country.isEmpty() ? who : text.msg("log.actor.country", who, country);
	}

	/** One event as a sentence for the person whose record it concerns. */
	private static final class Sentence {

		private final PortalText text;

		private final ConsentSentences sentences;

		private final Map<String, Object> event;

		/** Who did it; null when the person did it themself. */
		private final String actor;

		private final String action;

		/** "" when done (in full or in part), "refused" or "failed". */
		private final String result;

		Sentence(PortalText text, ConsentSentences sentences, Map<String, Object> event, String actor) {
			this.text = text;
			this.sentences = sentences;
			this.event = event;
			this.actor = actor;
			this.action = Objects.toString(event.get("action"), "");
			String outcome = Objects.toString(event.get("outcome"), "");
			this.result = "DENIED".equals(outcome) ? "refused" : "ERROR".equals(outcome) ? "failed" : "";
		}

		String text() {
			boolean done = result.isEmpty();
			switch (action) {
				case "READ": {
					Object purpose = event.get("purpose");
					if (actor == null) {
						return own(done ? "READ" : "READ." + result);
					}
					if (purpose == null) {
						return others(done ? "READ.noPurpose" : "READ." + result + ".noPurpose");
					}
					return others(done ? "READ" : "READ." + result, text.purpose(purpose));
				}
				case "WRITE": {
					String part = sentences.categories((List<?>) event.get(done ? "categoriesServed"
							: "categoriesWithheld"));
					part = part.isEmpty() ? text.msg("log.record") : part;
					return actor == null ? own(done ? "WRITE" : "WRITE." + result, part)
							: others(done ? "WRITE" : "WRITE." + result, part);
				}
				case "CONSENT_GRANTED":
					if (actor == null && done && grantee().isPresent()) {
						return own("CONSENT_GRANTED.to", grantee().get());
					}
					return byWhom(action);
				case "CONSENT_REQUESTED":
					// a mediator's proposal names the grantee it proposes; a request for oneself does not
					if (actor != null && done && grantee().isPresent()) {
						return others("CONSENT_PROPOSED", grantee().get());
					}
					return byWhom(action);
				case "CONSENT_ANSWERED":
					if (actor == null && done) {
						boolean approved = event.get("grantIds") instanceof List<?> grants && !grants.isEmpty();
						if (!approved) {
							return own("CONSENT_ANSWERED.declined");
						}
						return grantee().map(name -> own("CONSENT_ANSWERED.approved", name))
							.orElseGet(() -> own("CONSENT_ANSWERED.approvedUnnamed"));
					}
					return byWhom(action);
				default:
					return byWhom(action);
			}
		}

		/** The sentence for this action and result, else the general one for the result, else the neutral one. */
		private String byWhom(String key) {
			String label = text.label("AccessAction", action);
			String outcome = text.label("AccessOutcome", event.get("outcome"));
			String specific = result.isEmpty() ? key : key + "." + result;
			if (actor == null) {
				return optional("log.you." + specific)
					.or(() -> result.isEmpty() ? Optional.empty() : optional("log.you." + result, label))
					.orElseGet(() -> text.msg("log.you.other", label, outcome));
			}
			return optional("log.other." + specific, actor)
				.or(() -> result.isEmpty() ? Optional.empty() : optional("log.other." + result, actor, label))
				.orElseGet(() -> text.msg("log.other.other", actor, label, outcome));
		}

		private String own(String key, Object... args) {
			return optional("log.you." + key, args).orElseGet(() -> byWhom(action));
		}

		private String others(String key, Object... args) {
			Object[] all = new Object[args.length + 1];
			all[0] = actor;
			System.arraycopy(args, 0, all, 1, args.length);
			return optional("log.other." + key, all).orElseGet(() -> byWhom(action));
		}

		/** The grantee the event names ({@code target}), by name: a user, an organisation or a country's clinicians. */
		private Optional<String> grantee() {
			String target = Objects.toString(event.get("target"), "");
			int colon = target.indexOf(':');
			if (colon < 0) {
				return Optional.empty();
			}
			String kind = target.substring(0, colon);
			String value = target.substring(colon + 1);
			switch (kind) {
				case "user":
					return Optional.of(text.person(value));
				case "organisation":
					return Optional.of(text.msg("log.grantee.ORGANISATION", text.organisation(value)));
				case "clinicians-in":
					return Optional.of(text.msg("log.grantee.ANY_CLINICIAN_IN", text.country(value)));
				default:
					return Optional.empty();
			}
		}

		private Optional<String> optional(String key, Object... args) {
			try {
				return Optional.of(text.msg(key, args));
			}
			catch (NoSuchMessageException ex) {
				return Optional.empty();
			}
		}
	}
}
