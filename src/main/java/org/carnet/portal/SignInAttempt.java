package org.carnet.portal;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.carnet.core.Text;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;

/**
 * The sign-in that just failed, as the sign-in form shows it again: the user name as typed (never the password),
 * and which field to look at. Identity's sign-in chain keeps the failure in the session for the page it redirects
 * to; the form takes it out once shown, so the attempt (which holds the typed password) does not stay there.
 *
 * @param username the user name as typed, when it can be shown again (one line, no hidden characters, not too long)
 * @param usernameEmpty nothing was typed as user name
 * @param passwordEmpty nothing was typed as password
 */
record SignInAttempt(String username, boolean usernameEmpty, boolean passwordEmpty) {

	/** Longest user name shown again; longer is no user name. */
	static final int LONGEST = 200;

	static Optional<SignInAttempt> last(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			return Optional.empty();
		}
		Object failure = session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
		session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
		if (!(failure instanceof AuthenticationException exception)
				|| exception.getAuthenticationRequest() == null) {
			return Optional.empty();
		}
		Authentication attempt = exception.getAuthenticationRequest();
		String typed = attempt.getName() == null ? "" : attempt.getName();
		boolean showable = typed.length() <= LONGEST && Text.problem(typed, false).isEmpty();
		Object password = attempt.getCredentials();
		return Optional.of(new SignInAttempt(showable ? typed : "", typed.isBlank(),
				password == null || password.toString().isEmpty()));
	}

	/** An empty field is named as such; otherwise the pair did not match, which is said beside both. */
	void problems(FormProblems problems) {
		if (usernameEmpty) {
			problems.add("username", "form.problem.required");
		}
		if (passwordEmpty) {
			problems.add("password", "form.problem.required");
		}
	}
}
