package org.carnet.portal;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * Whom the signed-in user acts for in this portal session, as chosen on the acting-for page: the person's record id
 * (sent to the API as the header {@code Carnet-Acting-For} with every request of the session), their PHR number and
 * the capacity, for the banner every page shows. The API checks the guardianship or proxy at every request; this is
 * only the choice.
 */
final class ActingForSession {

	private static final String PERSON = "carnet.portal.actingFor.person";

	private static final String PHR_NUMBER = "carnet.portal.actingFor.phrNumber";

	private static final String KIND = "carnet.portal.actingFor.kind";

	private ActingForSession() {
	}

	/** The person acted for, as the banner shows them. */
	record Current(String personId, String phrNumber, String kind) {

		public boolean guardian() {
			return "GUARDIAN".equals(kind);
		}
	}

	static Optional<Current> current(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || !(session.getAttribute(PERSON) instanceof String person)) {
			return Optional.empty();
		}
		return Optional.of(new Current(person, String.valueOf(session.getAttribute(PHR_NUMBER)),
				String.valueOf(session.getAttribute(KIND))));
	}

	static void start(HttpSession session, String personId, String phrNumber, String kind) {
		session.setAttribute(PERSON, personId);
		session.setAttribute(PHR_NUMBER, phrNumber == null ? "" : phrNumber);
		session.setAttribute(KIND, kind);
	}

	static void stop(HttpSession session) {
		session.removeAttribute(PERSON);
		session.removeAttribute(PHR_NUMBER);
		session.removeAttribute(KIND);
	}
}
