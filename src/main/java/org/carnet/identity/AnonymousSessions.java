package org.carnet.identity;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the sessions nobody has signed in to: every cookieless request to a sign-in page or a protected page opens
 * one (it holds the form's CSRF token or the request waiting for the sign-in), and without a bound a flood of such
 * requests would fill {@code spring_session} (1,000 requests a second: 1.8 million rows for the 30 minutes a
 * session lives). At most {@code carnet.identity.sessions.max-anonymous-per-source} per source (the client's
 * address, an IPv6 address's /64) and {@code max-anonymous} in all; the oldest beyond a bound are deleted. A session
 * with a signed-in user is never counted nor deleted here.
 * <p>
 * Two filters around Spring Session's: {@link #marker()}, inside it, notes that the request opened a session;
 * {@link #cap()}, outside it, runs once that session is stored, marks its row with the source's digest and deletes
 * the oldest beyond the bounds. The bound per source holds exactly, up to the requests in flight at once; the total
 * is trimmed on every {@code trimEvery}-th new session of a replica (one in a hundredth of the bound), so that a
 * flood from many sources costs a short index scan per request, and may pass the bound by that many per replica.
 */
final class AnonymousSessions {

	private static final Logger log = LoggerFactory.getLogger(AnonymousSessions.class);

	/** The request attribute holding the id of the session the request opened. */
	private static final String OPENED = AnonymousSessions.class.getName() + ".opened";

	private final JdbcClient jdbc;

	private final ClientAddresses addresses;

	private final int perSource;

	private final int total;

	private final int trimEvery;

	private final AtomicLong opened = new AtomicLong();

	AnonymousSessions(JdbcClient jdbc, ClientAddresses addresses, SessionSettings settings) {
		this.jdbc = jdbc;
		this.addresses = addresses;
		this.perSource = settings.maxAnonymousPerSource();
		this.total = settings.maxAnonymous();
		this.trimEvery = Math.max(1, total / 100);
	}

	/** Inside Spring Session's filter: notes a session the request opens, whoever opens it. */
	OncePerRequestFilter marker() {
		return new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
					FilterChain chain) throws ServletException, IOException {
				chain.doFilter(new Noting(request), response);
			}
		};
	}

	/** Outside Spring Session's filter: bounds the anonymous sessions once the request's session is stored. */
	OncePerRequestFilter cap() {
		return new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
					FilterChain chain) throws ServletException, IOException {
				try {
					chain.doFilter(request, response);
				}
				finally {
					if (request.getAttribute(OPENED) instanceof String sessionId) {
						bound(sessionId, addresses.of(request));
					}
				}
			}
		};
	}

	/** Marks a stored session without a user as opened by {@code source}, then deletes the oldest beyond the bounds. */
	void bound(String sessionId, String source) {
		String sourceKey = GuessThrottle.digest(group(source));
		try {
			int marked = jdbc.sql("""
					update spring_session set source_key = :source
					where session_id = :id and principal_name is null and source_key is null""")
				.param("source", sourceKey)
				.param("id", sessionId)
				.update();
			if (marked == 0) {
				return; // signed in within the request, ended, or not stored
			}
			int ended = jdbc.sql("""
					delete from spring_session where primary_id in (
					  select primary_id from spring_session where principal_name is null and source_key = :source
					  order by creation_time desc offset :keep)""")
				.param("source", sourceKey)
				.param("keep", perSource)
				.update();
			if (opened.incrementAndGet() % trimEvery == 0) {
				ended += jdbc.sql("""
						delete from spring_session where primary_id in (
						  select primary_id from spring_session where principal_name is null
						  order by creation_time desc offset :keep)""")
					.param("keep", total)
					.update();
			}
			if (ended > 0) {
				log.info("Ended the {} oldest sessions without a signed-in user beyond the bounds ({} per source, {} in all)",
						ended, perSource, total);
			}
		}
		catch (DataAccessException ex) {
			// the answer is already written; the next session of this source trims again
			log.warn("Could not bound the sessions without a signed-in user: {}", ex.getClass().getSimpleName());
		}
	}

	/** An IPv6 client holds a whole /64: its addresses count as one source. */
	static String group(String source) {
		if (source.indexOf(':') < 0) {
			return source;
		}
		try {
			byte[] address = InetAddress.getByName(source).getAddress(); // a literal: no name look-up
			if (address.length != 16) {
				return source;
			}
			StringBuilder prefix = new StringBuilder(24);
			for (int i = 0; i < 8; i += 2) {
				prefix.append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff))).append(':');
			}
			return prefix.append(":/64").toString();
		}
		catch (UnknownHostException | SecurityException ex) {
			return source;
		}
	}

	/** Notes the session this request opens (a new session, not one the browser brought). */
	private static final class Noting extends HttpServletRequestWrapper {

		Noting(HttpServletRequest request) {
			super(request);
		}

		@Override
		public HttpSession getSession() {
			return note(super.getSession());
		}

		@Override
		public HttpSession getSession(boolean create) {
			return note(super.getSession(create));
		}

		@Override
		public String changeSessionId() {
			String id = super.changeSessionId();
			if (getAttribute(OPENED) != null) {
				setAttribute(OPENED, id);
			}
			return id;
		}

		private HttpSession note(HttpSession session) {
			if (session != null && session.isNew()) {
				setAttribute(OPENED, session.getId());
			}
			return session;
		}
	}
}
