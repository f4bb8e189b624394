package org.carnet.portal;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.RequestContextUtils;
import org.springframework.web.servlet.support.RequestDataValueProcessor;

/**
 * A form sent twice does one thing. Every form that posts carries a token of its own (a hidden field added as the
 * CSRF token is, {@link TokenField}); the portal's forms answer with a redirect (post/redirect/get), and the
 * {@link Guard} remembers, per session, what each completed submission answered. A second submission is answered
 * with the first one's outcome (the same page and notice), never a second action and never an alarming error, when
 * it carries the same token (a double click, a browser's resubmission) or the same values for the same address
 * within a few minutes (back to a form the browser fetched again, with a new token, and sent again). A submission
 * that arrives while its twin is still being handled waits for it, reading the stored state again until its twin's
 * outcome is there or {@link #WAIT} has passed. Only successes are remembered: after a problem the person corrects
 * and sends again. The memory is bounded in number and time, and kept in PostgreSQL
 * ({@link FormSubmissionStore}), so that twins that reach two replicas are answered alike.
 */
final class FormSubmissions {

	/** The hidden field's name. */
	static final String FIELD = "_form";

	/** How many completed submissions a session remembers. */
	static final int REMEMBERED = 32;

	/** How long the same values sent again count as the same submission (back, then send again). */
	static final Duration SAME_VALUES = Duration.ofMinutes(10);

	/** How long a twin waits for the first submission to finish. */
	static final Duration WAIT = Duration.ofSeconds(30);

	/** How often a waiting twin reads the stored state again. */
	static final Duration POLL = Duration.ofMillis(100);

	/** Fields that differ between two renderings of the same form: not part of what was sent. */
	private static final java.util.Set<String> RENDERING = java.util.Set.of(FIELD, "_csrf");

	private static final String CLAIMED = FormSubmissions.class.getName() + ".claimed";

	private static final String SESSION_KEY = FormSubmissions.class.getName() + ".sessionKey";

	private static final String GUARDED_FORM = FormSubmissions.class.getName() + ".guardedForm";

	private static final SecureRandom RANDOM = new SecureRandom();

	/**
	 * What a submission answered, for its twins: where it led, with which notice, until when it may be answered
	 * again by the same values. Stored (serialisable) with the session's other submissions.
	 */
	record Outcome(String location, String notice, Instant sameValuesUntil) implements Serializable {
	}

	/** A session's remembered submissions: pending (null outcome) or completed, oldest first. */
	static final class Remembered implements Serializable {

		private static final long serialVersionUID = 1L;

		private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

		/** One submission: its address, its form's token and its values. */
		private static final class Entry implements Serializable {

			private static final long serialVersionUID = 1L;

			private final String address;

			private final String token;

			private final String values;

			private Outcome outcome;

			Entry(String address, String token, String values) {
				this.address = address;
				this.token = token;
				this.values = values;
			}
		}

		/** The earlier submission this one repeats, if any: the same form (address and token), or the same values. */
		synchronized Twin twin(String address, String token, String values, Instant now) {
			for (Entry entry : entries.values()) {
				boolean sameToken = token != null && token.equals(entry.token) && address.equals(entry.address);
				boolean sameValues = entry.values.equals(values)
						&& (entry.outcome == null || now.isBefore(entry.outcome.sameValuesUntil()));
				if (sameToken || sameValues) {
					return entry.outcome == null ? Twin.PENDING : new Twin(Twin.State.COMPLETED, entry.outcome);
				}
			}
			return Twin.NONE;
		}

		/** Claims the submission (pending) unless a twin exists; answers the claim's key, or null. */
		synchronized String claim(String address, String token, String values, Instant now) {
			if (twin(address, token, values, now).state() != Twin.State.NONE) {
				return null;
			}
			String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random(16));
			entries.put(key, new Entry(address, token, values));
			Iterator<Entry> oldest = entries.values().iterator();
			while (entries.size() > REMEMBERED && oldest.hasNext()) {
				oldest.next();
				oldest.remove();
			}
			return key;
		}

		synchronized void complete(String key, Outcome outcome) {
			Entry entry = entries.get(key);
			if (entry != null) {
				entry.outcome = outcome;
			}
		}

		synchronized void release(String key) {
			entries.remove(key);
		}
	}

	/** An earlier submission of the same form: none, still being handled, or completed with its outcome. */
	record Twin(State state, Outcome outcome) {

		enum State {
			NONE, PENDING, COMPLETED
		}

		static final Twin NONE = new Twin(State.NONE, null);

		static final Twin PENDING = new Twin(State.PENDING, null);
	}

	private FormSubmissions() {
	}

	static byte[] random(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return value;
	}

	/** What was sent, as one value: the address and every field but the rendering's tokens, in name order. */
	static String values(HttpServletRequest request) {
		Map<String, String[]> sorted = new TreeMap<>(request.getParameterMap());
		// the page's language too: a first outcome's notice is replayed only in the language it was written in
		StringBuilder sent = new StringBuilder(request.getRequestURI()).append('\n')
			.append(org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage())
			.append('\n');
		sorted.forEach((name, values) -> {
			if (!RENDERING.contains(name)) {
				for (String value : values) {
					sent.append(name.length()).append(':').append(name).append('=').append(value.length()).append(':')
						.append(value).append('\n');
				}
			}
		});
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(sent.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/**
	 * Adds the form's token beside the CSRF token (whose processor it wraps) to every form that posts to the portal's
	 * pages, where the {@link Guard} reads it; forms that only ask (GET) get neither, and the sign-in form (which
	 * posts to identity's sign-in) gets only the CSRF token.
	 */
	static final class TokenField implements RequestDataValueProcessor {

		private final RequestDataValueProcessor delegate;

		TokenField(RequestDataValueProcessor delegate) {
			this.delegate = delegate;
		}

		@Override
		public String processAction(HttpServletRequest request, String action, String httpMethod) {
			boolean guarded = !"GET".equalsIgnoreCase(httpMethod) && action != null
					&& action.startsWith(request.getContextPath() + "/portal/");
			request.setAttribute(GUARDED_FORM, guarded);
			return delegate.processAction(request, action, httpMethod);
		}

		@Override
		public String processFormFieldValue(HttpServletRequest request, String name, String value, String type) {
			return delegate.processFormFieldValue(request, name, value, type);
		}

		@Override
		public Map<String, String> getExtraHiddenFields(HttpServletRequest request) {
			Map<String, String> fields = new LinkedHashMap<>();
			Map<String, String> delegated = delegate.getExtraHiddenFields(request);
			if (delegated != null) {
				fields.putAll(delegated);
			}
			if (Boolean.TRUE.equals(request.getAttribute(GUARDED_FORM))) {
				fields.put(FIELD, Base64.getUrlEncoder().withoutPadding().encodeToString(random(16)));
			}
			request.removeAttribute(GUARDED_FORM);
			return fields;
		}

		@Override
		public String processUrl(HttpServletRequest request, String url) {
			return delegate.processUrl(request, url);
		}
	}

	/**
	 * Answers a twin with its first submission's outcome, and remembers each completed submission's outcome: the
	 * address its redirect leads to and its notice. A handler's answer that is a page (a form shown again with its
	 * problems) or a redirect with a problem is not remembered.
	 */
	static final class Guard implements HandlerInterceptor {

		private static final Logger log = LoggerFactory.getLogger(Guard.class);

		private final FormSubmissionStore store;

		private final Clock clock;

		Guard(FormSubmissionStore store, Clock clock) {
			this.store = store;
			this.clock = clock;
		}

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
				throws Exception {
			if (!"POST".equals(request.getMethod())) {
				return true;
			}
			HttpSession session = request.getSession(false);
			if (session == null) {
				return true;
			}
			String sessionKey = FormSubmissionStore.key(session.getId());
			String address = request.getRequestURI();
			String token = request.getParameter(FIELD);
			String values = values(request);
			Instant deadline = clock.instant().plus(WAIT);
			Claim claim = claim(sessionKey, address, token, values);
			while (true) {
				if (claim.key() != null) {
					request.setAttribute(CLAIMED, claim.key());
					request.setAttribute(SESSION_KEY, sessionKey);
					return true;
				}
				if (claim.twin().state() == Twin.State.COMPLETED) {
					replay(claim.twin().outcome(), request, response);
					return false;
				}
				if (clock.instant().isAfter(deadline)) {
					// The first is still at work: say so plainly rather than act twice.
					response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
					return false;
				}
				Thread.sleep(POLL.toMillis());
				// the twin may be handled on another replica: its outcome is seen in the stored state only
				Twin seen = store.read(sessionKey).twin(address, token, values, clock.instant());
				claim = seen.state() == Twin.State.NONE ? claim(sessionKey, address, token, values)
						: new Claim(null, seen);
			}
		}

		/** Claims the submission, or answers its twin, under the stored state's lock. */
		private Claim claim(String sessionKey, String address, String token, String values) {
			return store.change(sessionKey, remembered -> {
				Instant now = clock.instant();
				String key = remembered.claim(address, token, values, now);
				return key != null ? new Claim(key, Twin.NONE) : new Claim(null, remembered.twin(address, token, values, now));
			});
		}

		@Override
		public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
				ModelAndView result) {
			String key = (String) request.getAttribute(CLAIMED);
			String sessionKey = (String) request.getAttribute(SESSION_KEY);
			if (key == null || sessionKey == null) {
				return;
			}
			request.removeAttribute(CLAIMED);
			String view = result == null ? null : result.getViewName();
			FlashMap flash = RequestContextUtils.getOutputFlashMap(request);
			if (view == null || !view.startsWith("redirect:") || flash.get("problem") != null) {
				release(sessionKey, key);
				return;
			}
			Object notice = flash.get("notice");
			Instant until = clock.instant().plus(SAME_VALUES);
			if (flash.get(SAME_VALUES_UNTIL) instanceof Instant shorter && shorter.isBefore(until)) {
				until = shorter;
			}
			flash.remove(SAME_VALUES_UNTIL);
			Outcome outcome = new Outcome(view.substring("redirect:".length()),
					notice == null ? null : notice.toString(), until);
			try {
				store.change(sessionKey, remembered -> {
					remembered.complete(key, outcome);
					return null;
				});
			}
			catch (RuntimeException ex) {
				// The submission acted and its page follows; a twin now waits until WAIT, then is told to try later.
				log.warn("Could not store a form submission's outcome: {}", ex.getClass().getSimpleName());
			}
		}

		@Override
		public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
				Exception ex) {
			// A failure before postHandle: nothing was completed, the person may send again.
			String key = (String) request.getAttribute(CLAIMED);
			String sessionKey = (String) request.getAttribute(SESSION_KEY);
			if (key != null && sessionKey != null) {
				release(sessionKey, key);
			}
		}

		private void release(String sessionKey, String key) {
			try {
				store.change(sessionKey, remembered -> {
					remembered.release(key);
					return null;
				});
			}
			catch (RuntimeException ex) {
				log.warn("Could not forget a form submission that did not complete: {}", ex.getClass().getSimpleName());
			}
		}

		/** A claimed submission's key, or its twin. */
		private record Claim(String key, Twin twin) {
		}

		private static void replay(Outcome outcome, HttpServletRequest request, HttpServletResponse response)
				throws java.io.IOException {
			if (outcome.notice() != null) {
				FlashMap flash = RequestContextUtils.getOutputFlashMap(request);
				flash.put("notice", outcome.notice());
				RequestContextUtils.saveOutputFlashMap(outcome.location(), request, response);
			}
			response.sendRedirect(request.getContextPath() + outcome.location());
		}
	}

	/**
	 * A flash attribute a handler may set beside its notice: the same values sent again after this instant act
	 * again (a share code shown again only while it works). Not shown to anyone.
	 */
	static final String SAME_VALUES_UNTIL = FormSubmissions.class.getName() + ".sameValuesUntil";
}
