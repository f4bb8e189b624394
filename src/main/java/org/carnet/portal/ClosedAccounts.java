package org.carnet.portal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.carnet.identity.Accounts;
import org.carnet.web.SameOriginRedirects;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A portal session whose account was closed (its record erased, perhaps from another browser or by an administrator)
 * ends at its next request, whatever page it asks for: the session is invalidated, nothing of the page is shown, and
 * the browser lands on the welcome page, which says the account is closed.
 */
final class ClosedAccounts extends OncePerRequestFilter {

	static final String CLOSED = "/portal/welcome?closed";

	private final Accounts accounts;

	private final SameOriginRedirects redirects = new SameOriginRedirects();

	ClosedAccounts(Accounts accounts) {
		this.accounts = accounts;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		if (user instanceof OAuth2AuthenticationToken signedIn && signedIn.isAuthenticated()
				&& !accounts.isOpen(signedIn.getName())) {
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.invalidate();
			}
			SecurityContextHolder.clearContext();
			response.setHeader("Clear-Site-Data", "\"cache\", \"storage\"");
			redirects.sendRedirect(request, response, CLOSED);
			return;
		}
		chain.doFilter(request, response);
	}
}
