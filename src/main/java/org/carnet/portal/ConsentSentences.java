package org.carnet.portal;

import java.util.ArrayList;
import java.util.List;
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
	static boolean resolved(Answers.Grantee grantee) {
		if (grantee == null) {
			return false;
		}
		if ("ANY_CLINICIAN_IN".equals(grantee.kind())) {
			return grantee.value() != null;
		}
		return grantee.displayName() != null;
	}

	/** Who a grant is for: a user (with the countries they may act from), an organisation, or a country's clinicians. */
	String grantee(Answers.Grantee grantee, List<?> jurisdictions) {
		return grantee(grantee, jurisdictions, false);
	}

	/**
	 * The same, worded to stand inside a sentence ("that any clinician in Germany may see") rather than to begin
	 * one ("Any clinician in Germany can see").
	 */
	String granteeInSentence(Answers.Grantee grantee, List<?> jurisdictions) {
		return grantee(grantee, jurisdictions, true);
	}

	private String grantee(Answers.Grantee grantee, List<?> jurisdictions, boolean inSentence) {
		String prefix = inSentence ? "grantee.inSentence." : "grantee.";
		String kind = Objects.toString(grantee.kind(), "");
		String value = grantee.value();
		if (!resolved(grantee)) {
			return text.msg("grantee.unknown", text.isolate(value));
		}
		// the name the API resolved for the stored grantee
		String name = grantee.displayName();
		switch (kind) {
			case "USER": {
				String who = name != null ? text.isolate(name) : text.person(value);
				if (jurisdictions == null || jurisdictions.isEmpty()) {
					return who;
				}
				return text.msg(prefix + "USER", who, text.countries(jurisdictions));
			}
			case "ORGANISATION":
				return text.msg(prefix + "ORGANISATION", name != null && grantee.country() != null
						? text.msg("organisation.inCountry", text.isolate(name), text.country(grantee.country()))
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
	String grant(Answers.Grant grant) {
		Answers.Grantee grantee = grant.grantee();
		String access = Objects.toString(grant.access(), "READ");
		String status = Objects.toString(grant.status(), "ACTIVE");
		String categories = categories(grant.categories());
		String purposes = purposes(grant.purposes());
		if (!resolved(grantee)) {
			Object value = grantee == null ? "" : grantee.value();
			return text.msg(status.equals("ACTIVE") || status.equals("NOT_YET_VALID") ? "consents.sentence.unknown"
					: "consents.sentence.unknownEnded", text.isolate(value), categories);
		}
		String who = grantee(grantee, grant.jurisdictions());
		switch (status) {
			case "ACTIVE":
				return text.msg("consents.sentence." + access, who, categories, purposes,
						text.day(grant.validUntil()));
			case "NOT_YET_VALID":
				return text.msg("consents.sentence.future." + access, who, categories, purposes,
						text.day(grant.validFrom()), text.day(grant.validUntil()));
			case "REVOKED":
				return text.msg("consents.sentence.revoked", who, categories, text.day(grant.revokedAt()));
			default:
				return text.msg("consents.sentence.expired", who, categories, text.day(grant.validUntil()));
		}
	}

	/** Who asked: name, organisation and the country they acted from. */
	String requester(Answers.ConsentRequest request) {
		String name = text.person(request.requestedBy());
		String organisation = request.requestedByOrganisation();
		String from = text.country(request.requestedByJurisdiction());
		if (organisation != null) {
			return text.msg("requester.withOrganisation", name, text.organisation(organisation), from);
		}
		return text.msg("requester.withCountry", name, from);
	}

	/** A consent request as one sentence. */
	String request(Answers.ConsentRequest request) {
		String access = Objects.toString(request.access(), "READ");
		String categories = categories(request.categories());
		String purposes = purposes(request.purposes());
		Integer days = request.grantDurationDays();
		if ("MEDIATOR_PROPOSAL".equals(request.kind())) {
			String grantee = granteeInSentence(request.grantee(), request.jurisdictions());
			return text.msg("requests.sentence.proposal." + access, requester(request), grantee, categories,
					purposes, days);
		}
		return text.msg("requests.sentence.own." + access, requester(request), categories, purposes, days);
	}
}
