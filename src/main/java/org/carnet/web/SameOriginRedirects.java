package org.carnet.web;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.util.UrlUtils;

/**
 * Redirects within this application as relative addresses ({@code /path?query}), never an absolute URL rebuilt
 * from the request's {@code Host} header: a saved request's absolute URL (which Spring Security builds from that
 * header) is cut down to its path and query. With Tomcat's relative redirects, a forged {@code Host} reaches no
 * {@code Location} header.
 */
public final class SameOriginRedirects implements RedirectStrategy {

	@Override
	public void sendRedirect(HttpServletRequest request, HttpServletResponse response, String url) throws IOException {
		String target = UrlUtils.isAbsoluteUrl(url) ? pathAndQuery(url) : request.getContextPath() + url;
		// "//host" would be read by a browser as another origin.
		while (target.startsWith("//")) {
			target = target.substring(1);
		}
		response.sendRedirect(response.encodeRedirectURL(target.isEmpty() ? "/" : target));
	}

	private static String pathAndQuery(String url) {
		try {
			URI uri = new URI(url);
			String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
			return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
		}
		catch (URISyntaxException ex) {
			return "/";
		}
	}

	/** Sends a request that needs a sign-in to {@code loginPath}, as a relative redirect. */
	public static LoginUrlAuthenticationEntryPoint entryPoint(String loginPath) {
		LoginUrlAuthenticationEntryPoint entryPoint = new LoginUrlAuthenticationEntryPoint(loginPath);
		entryPoint.setFavorRelativeUris(true);
		return entryPoint;
	}

	/** After a sign-in, back to the page first asked for (or {@code defaultTarget}), as a relative redirect. */
	public static SavedRequestAwareAuthenticationSuccessHandler successHandler(RequestCache requests,
			String defaultTarget) {
		SavedRequestAwareAuthenticationSuccessHandler handler = new SavedRequestAwareAuthenticationSuccessHandler();
		handler.setRequestCache(requests);
		handler.setDefaultTargetUrl(defaultTarget);
		handler.setRedirectStrategy(new SameOriginRedirects());
		return handler;
	}
}
