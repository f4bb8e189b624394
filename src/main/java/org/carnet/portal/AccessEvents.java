package org.carnet.portal;

import java.util.ArrayList;
import java.util.List;
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

	/** An event of the person's own log: when, the sentence, and what it served or withheld from others. */
	record PersonRow(Long sequence, String time, String sentence, boolean refused, boolean failed,
			boolean emergency, String served, String withheld, String justification) {
	}

	/** An event as the auditor's table shows it, every field labelled in the page's language. */
	record AuditRow(Long sequence, String time, String who, String subject, String organisation, String roles,
			String country, String countryCode, String action, String outcome, boolean denied, String purpose,
			String served, String withheld, boolean emergency, boolean crossBorder, String justification,
			String personId, String home, String clientId, String target, Integer count, String actingFor,
			String reason) {
	}

	/**
	 * The person's own access log: each event as a sentence. Events the person caused read "You ..."; a refusal
	 * reads as a refusal, a failure as a failure; an action this page does not know yet gets a neutral sentence
	 * naming it and its outcome, never another action's words.
	 *
	 * @param viewer the subject of the person reading their log
	 */
	static List<PersonRow> forPerson(List<Answers.AccessEvent> events, String viewer, PortalText text) {
		ConsentSentences sentences = new ConsentSentences(text);
		List<PersonRow> rows = new ArrayList<>();
		for (Answers.AccessEvent event : events) {
			Answers.Requester requester = requester(event);
			boolean self = viewer != null && viewer.equals(requester.subject());
			String action = Objects.toString(event.action(), "");
			String outcome = Objects.toString(event.outcome(), "");
			// what left the record: worth a line for others' reads only (a write's sentence names its part)
			boolean othersRead = !self && "READ".equals(action);
			rows.add(new PersonRow(event.sequence(), text.dateTime(event.time()),
					new Sentence(text, sentences, event, self ? null : actor(requester, event.actingFor(), text)).text(),
					"DENIED".equals(outcome), "ERROR".equals(outcome), Boolean.TRUE.equals(event.emergency()),
					othersRead ? sentences.categories(event.categoriesServed()) : "",
					othersRead ? sentences.categories(event.categoriesWithheld()) : "",
					event.breakGlassJustification()));
		}
		return rows;
	}

	/** Auditors' rows: the event's fields, labelled in the page's language. */
	static List<AuditRow> views(List<Answers.AccessEvent> events, PortalText text) {
		ConsentSentences sentences = new ConsentSentences(text);
		List<AuditRow> rows = new ArrayList<>();
		for (Answers.AccessEvent event : events) {
			Answers.Requester requester = requester(event);
			Answers.Organisation organisation = requester.organisation();
			String name = requester.displayName() != null ? requester.displayName() : requester.subject();
			List<String> roles = new ArrayList<>();
			if (requester.roles() != null) {
				requester.roles().forEach(role -> roles.add(text.label("Role", role)));
			}
			rows.add(new AuditRow(event.sequence(), text.dateTime(event.time()),
					name == null ? text.msg("log.unknownRequester") : name, requester.subject(),
					organisation == null ? "" : organisation.name(), String.join(", ", roles),
					text.country(requester.jurisdiction()), requester.jurisdiction(),
					text.label("AccessAction", event.action()), text.label("AccessOutcome", event.outcome()),
					"DENIED".equals(event.outcome()), event.purpose() == null ? "" : text.purpose(event.purpose()),
					sentences.categories(event.categoriesServed()), sentences.categories(event.categoriesWithheld()),
					Boolean.TRUE.equals(event.emergency()), Boolean.TRUE.equals(event.crossBorder()),
					event.breakGlassJustification(), event.personId(),
					event.homeJurisdiction() == null ? "" : text.country(event.homeJurisdiction()), event.clientId(),
					event.target(), event.count(), event.actingFor(), event.reason()));
		}
		return rows;
	}

	private static Answers.Requester requester(Answers.AccessEvent event) {
		return event.requester() == null ? new Answers.Requester(null, null, List.of(), null, null)
				: event.requester();
	}

	/** Who did it, as others read it: "Dr Jonas Weber (Klinikum Nord, Germany)". */
	private static String actor(Answers.Requester requester, String actingFor, PortalText text) {
		String who = actor(requester, text);
		// a guardian or proxy acting for the person: "Maria (as your proxy)"
		if (actingFor != null && actingFor.indexOf(':') > 0) {
			String kind = actingFor.substring(0, actingFor.indexOf(':')).toUpperCase(java.util.Locale.ROOT);
			return text.msg("log.actingFor." + ("GUARDIAN".equals(kind) ? "GUARDIAN" : "PROXY"), who);
		}
		return who;
	}

	private static String actor(Answers.Requester requester, PortalText text) {
		String subject = requester.subject();
		if (CARNET.equals(subject)) {
			return text.msg("log.carnet");
		}
		String name = requester.displayName() != null ? requester.displayName() : subject;
		String who = name == null ? text.msg("log.someone") : text.isolate(name);
		Answers.Organisation organisation = requester.organisation();
		String country = text.country(requester.jurisdiction());
		if (organisation != null && organisation.name() != null && !country.isEmpty()) {
			return text.msg("log.actor.organisation", who, text.isolate(organisation.name()), country);
		}
		return country.isEmpty() ? who : text.msg("log.actor.country", who, country);
	}

	/** One event as a sentence for the person whose record it concerns. */
	private static final class Sentence {

		/** The target of a person's statistics agreement in the ledger. */
		private static final String STATISTICS_TARGET = "statistics:PUBLIC_HEALTH";

		private final PortalText text;

		private final ConsentSentences sentences;

		private final Answers.AccessEvent event;

		/** Who did it; null when the person did it themself. */
		private final String actor;

		private final String action;

		/** "" when done (in full or in part), "refused" or "failed". */
		private final String result;

		Sentence(PortalText text, ConsentSentences sentences, Answers.AccessEvent event, String actor) {
			this.text = text;
			this.sentences = sentences;
			this.event = event;
			this.actor = actor;
			this.action = Objects.toString(event.action(), "");
			String outcome = Objects.toString(event.outcome(), "");
			this.result = "DENIED".equals(outcome) ? "refused" : "ERROR".equals(outcome) ? "failed" : "";
		}

		String text() {
			boolean done = result.isEmpty();
			if (actor == null && done && STATISTICS_TARGET.equals(event.target())
					&& (action.equals("CONSENT_GRANTED") || action.equals("CONSENT_REVOKED"))) {
				// the person's own choice about anonymous statistics, not a share with someone
				return own(action + ".statistics");
			}
			switch (action) {
				case "READ": {
					Object purpose = event.purpose();
					if (actor == null) {
						return own(done ? "READ" : "READ." + result);
					}
					if (purpose == null) {
						return others(done ? "READ.noPurpose" : "READ." + result + ".noPurpose");
					}
					return others(done ? "READ" : "READ." + result, text.purpose(purpose));
				}
				case "WRITE": {
					String part = sentences.categories(done ? event.categoriesServed() : event.categoriesWithheld());
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
						boolean approved = event.grantIds() != null && !event.grantIds().isEmpty();
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
			String outcome = text.label("AccessOutcome", event.outcome());
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
			String target = Objects.toString(event.target(), "");
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
