package org.carnet.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The database failing outside the GraphQL engine (checking a token's account, a session, a sign-in) answers what the
 * engine answers for the same fault: 503, UNAVAILABLE, retry shortly. Nothing was served, since the request did not
 * get past the step that failed; without this filter it would be a bare 500 that tells a client nothing it can act on.
 */
final class DatabaseOutage extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);

	static final String MESSAGE = "Carnet cannot do this right now: its database does not answer. Nothing was served "
			+ "or changed. Please try again in a few seconds.";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (RuntimeException | ServletException ex) {
			DataAccessException cause = databaseCause(ex);
			if (cause == null || response.isCommitted()) {
				throw ex;
			}
			// the failure's kind only: a database message may quote the values of a statement
			log.warn("Database unavailable while serving {} {}: {}", request.getMethod(), request.getRequestURI(),
					cause.getClass().getSimpleName());
			response.reset();
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			response.setHeader(HttpHeaders.RETRY_AFTER, "5");
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.getWriter()
				.write("{\"errors\":[{\"message\":\"" + MESSAGE
						+ "\",\"extensions\":{\"classification\":\"UNAVAILABLE\"}}]}");
		}
	}

	private static DataAccessException databaseCause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessException database) {
				return database;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}
}
