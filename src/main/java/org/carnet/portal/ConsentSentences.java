package org.carnet.portal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Grants and consent requests as plain sentences in the page's language: "Dr Jonas Weber (Germany) can read your
 * allergies and medications for treatment until 3 March 2026."
 */
final class ConsentSentences {

	private final PortalText text;

	ConsentSentences(PortalText text) {
		this.text = text;
	}

	/**
	 * True when the server resolved the grantee to someone it knows: a user or an organisation by the name the API
	 * answered ({@code displayName}), or a country. A grantee the server no longer (or never) knew is not named as
	 * if it were someone: a sentence would then tell the person that somebody can see their record who cannot.
	 */
	static boolean resolved(Map<String, Object> grantee) {
		if (grantee == null) {
			return false;
		}
		String kind = Objects.toString(grantee.get("kind"), "");
		if ("ANY_CLINICIAN_IN".equals(kind)) {
			return grantee.get("value") != null;
		}
		// a page that did not ask for the name lets the directory resolve it (see grantee)
		return !grantee.containsKey("displayName") || grantee.get("displayName") != null;
	}

	/** Who a grant is for: a user (with the countries they may act from), an organisation, or a country's clinicians. */
	String grantee(Map<String, Object> grantee, List<?> jurisdictions) {
		return grantee(grantee, jurisdictions, false);
	}

	/**
	 * The same, worded to stand inside a sentence ("that any clinician in Germany may see") rather than to begin
	 * one ("Any clinician in Germany can see").
	 */
	String granteeInSentence(Map<String, Object> grantee, List<?> jurisdictions) {
		return grantee(grantee, jurisdictions, true);
	}

	private String grantee(Map<String, Object> grantee, List<?> jurisdictions, boolean inSentence) {
		String prefix = inSentence ? "grantee.inSentence." : "grantee.";
		String kind = Objects.toString(grantee.get("kind"), "");
		Object value = grantee.get("value");
		if (!resolved(grantee)) {
			return text.msg("grantee.unknown", text.isolate(value));
		}
		// the name the API resolved for the stored grantee, when the answer carries it
		Object name = grantee.get("displayName");
		switch (kind) {
			case "USER": {
				String who = name != null ? text.isolate(name) : text.person(value);
				if (jurisdictions == null || jurisdictions.isEmpty()) {
					return who;
				}
				return text.msg(prefix + "USER", who, text.countries(jurisdictions));
			}
			case "ORGANISATION":
				return text.msg(prefix + "ORGANISATION", name != null && grantee.get("country") != null
						? text.msg("organisation.inCountry", text.isolate(name), text.country(grantee.get("country")))
						: name != null ? text.isolate(name) : text.organisation(value));
			case "ANY_CLINICIAN_IN":
				return text.msg(prefix + "ANY_CLINICIAN_IN", text.country(value));
			default:
				return text.msg("grantee.unknown", text.isolate(value));
		}
	}

	String categories(List<?> categories) {
		List<String> names = new ArrayList<>();
		if (categories != null) {
			categories.forEach(c -> names.add(text.category(c)));
		}
		return text.and(names);
	}

	String purposes(List<?> purposes) {
		List<String> names = new ArrayList<>();
		if (purposes != null) {
			purposes.forEach(p -> names.add(text.purpose(p)));
		}
		return text.and(names);
	}

	/**
	 * A grant as one sentence; the tense follows its status. A grant to someone the server does not know says that
	 * nobody can use it, never that someone can see the record.
	 */
	@SuppressWarnings("unchecked")
	String grant(Map<String, Object> grant) {
		Map<String, Object> grantee = (Map<String, Object>) grant.get("grantee");
		String access = Objects.toString(grant.get("access"), "READ");
		String status = Objects.toString(grant.get("status"), "ACTIVE");
		String categories = categories((List<?>) grant.get("categories"));
		String purposes = purposes((List<?>) grant.get("purposes"));
		if (!resolved(grantee)) {
			Object value = grantee == null ? "" : grantee.get("value");
			return text.msg(status.equals("ACTIVE") || status.equals("NOT_YET_VALID") ? "consents.sentence.unknown"
					: "consents.sentence.unknownEnded", text.isolate(value), categories);
		}
		String who = grantee(grantee, (List<?>) grant.get("jurisdictions"));
		switch (status) {
			case "ACTIVE":
				return text.msg("consents.sentence." + access, who, categories, purposes,
						text.day(grant.get("validUntil")));
			case "NOT_YET_VALID":
				return text.msg("consents.sentence.future." + access, who, categories, purposes,
						text.day(grant.get("validFrom")), text.day(grant.get("validUntil")));
			case "REVOKED":
				return text.msg("consents.sentence.revoked", who, categories, text.day(grant.get("revokedAt")));
			default:
				return text.msg("consents.sentence.expired", who, categories, text.day(grant.get("validUntil")));
		}
	}

	/** Who asked: name, organisation and the country they acted from. */
	String requester(Map<String, Object> request) {
		String name = text.person(request.get("requestedBy"));
		Object organisation = request.get("requestedByOrganisation");
		String from = text.country(request.get("requestedByJurisdiction"));
		if (organisation != null) {
			return text.msg("requester.withOrganisation", name, text.organisation(organisation), from);
		}
		return text.msg("requester.withCountry", name, from);
	}

	/** A consent request as one sentence. */
	@SuppressWarnings("unchecked")
	String request(Map<String, Object> request) {
		String access = Objects.toString(request.get("access"), "READ");
		String categories = categories((List<?>) request.get("categories"));
		String purposes = purposes((List<?>) request.get("purposes"));
		Object days = request.get("grantDurationDays");
		if ("MEDIATOR_PROPOSAL".equals(request.get("kind"))) {
			String grantee = granteeInSentence((Map<String, Object>) request.get("grantee"),
					(List<?>) request.get("jurisdictions"));
			return text.msg("requests.sentence.proposal." + access, requester(request), grantee, categories,
					purposes, days);
		}
		return text.msg("requests.sentence.own." + access, requester(request), categories, purposes, days);
	}
}
