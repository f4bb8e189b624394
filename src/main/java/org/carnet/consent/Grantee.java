package org.carnet.consent;

import org.carnet.core.BadInput;
import org.carnet.core.Jurisdiction;
import org.carnet.core.Requester;
import org.carnet.core.Role;

/**
 * Who a grant is for: one user (by subject), every member of an organisation, or any clinician acting from a
 * jurisdiction.
 *
 * @param kind which of the three
 * @param value the user's subject, the organisation id, or the country code
 */
public record Grantee(Kind kind, String value) {

	/** The three kinds of grantee. */
	public enum Kind {
		/** One user, by the subject of their access token. */
		USER,
		/** Every member of an organisation, by the organisation id in their access token. */
		ORGANISATION,
		/** Any clinician whose access token says they act from the jurisdiction named by value. */
		ANY_CLINICIAN_IN
	}

	public Grantee {
		if (kind == null) {
			throw new BadInput("grantee", "say whether the grantee is a user, an organisation or any clinician "
					+ "acting from a country");
		}
		value = value == null ? "" : value.trim();
		if (value.isEmpty() || value.length() > 200) {
			throw new BadInput("grantee", "name the " + noun(kind) + " (1 to 200 characters)");
		}
		if (kind == Kind.ANY_CLINICIAN_IN) {
			value = Jurisdiction.parse(value, "grantee").code();
		}
	}

	public static Grantee user(String subject) {
		return new Grantee(Kind.USER, subject);
	}

	public static Grantee organisation(String organisationId) {
		return new Grantee(Kind.ORGANISATION, organisationId);
	}

	public static Grantee anyClinicianIn(Jurisdiction jurisdiction) {
		return new Grantee(Kind.ANY_CLINICIAN_IN, jurisdiction.code());
	}

	/**
	 * True when the requester is who this grant names. For "any clinician in X" this only checks the role: the
	 * grant's jurisdictions (exactly X) are checked apart, so that acting from elsewhere is reported as such.
	 */
	boolean names(Requester requester) {
		switch (kind) {
			case USER:
				return requester.subject().equals(value);
			case ORGANISATION:
				return requester.organisation().map(value::equals).orElse(false);
			case ANY_CLINICIAN_IN:
				return requester.has(Role.CLINICIAN);
			default:
				return false;
		}
	}

	private static String noun(Kind kind) {
		switch (kind) {
			case USER:
				return "user";
			case ORGANISATION:
				return "organisation";
			default:
				return "country";
		}
	}
}
