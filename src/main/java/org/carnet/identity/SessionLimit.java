package org.carnet.identity;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * At most {@code carnet.identity.sessions.max-per-user} sessions per account: a sign-in beyond it ends the account's
 * least recently used sessions, wherever they were used (the sessions are in PostgreSQL, indexed by the signed-in
 * user's name), so that sessions forgotten on shared computers do not pile up.
 */
final class SessionLimit {

	private static final Logger log = LoggerFactory.getLogger(SessionLimit.class);

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	private final int maxPerUser;

	SessionLimit(FindByIndexNameSessionRepository<? extends Session> sessions, SessionSettings settings) {
		this.sessions = sessions;
		this.maxPerUser = settings.maxPerUser();
	}

	/** Called when {@code user} has just signed in within the request's session. */
	void signedIn(Authentication user, HttpServletRequest request) {
		HttpSession current = request.getSession(false);
		String currentId = current == null ? null : current.getId();
		Map<String, ? extends Session> byId = sessions.findByPrincipalName(user.getName());
		// This session is not stored under the account yet (it is saved at the end of the request): the others may
		// keep max - 1; the most recently used first, a session signing in again among them.
		List<? extends Session> others = byId.values()
			.stream()
			.filter(session -> !session.getId().equals(currentId))
			.sorted(Comparator.comparing(Session::getLastAccessedTime).reversed())
			.toList();
		for (Session ended : others.subList(Math.min(others.size(), maxPerUser - 1), others.size())) {
			sessions.deleteById(ended.getId());
			log.info("Ended the least recently used session of an account signing in with {} sessions open", maxPerUser);
		}
	}
}
