package org.carnet.identity;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The network source of a request, for throttling: the connection's address ({@code request.getRemoteAddr()}),
 * unless that address is a trusted reverse proxy ({@code carnet.identity.throttle.trusted-proxies}); then the
 * right-most {@code X-Forwarded-For} entry that is not itself a trusted proxy. A client cannot choose its source by
 * sending the header itself: an untrusted connection's header is ignored.
 */
@Component
class ClientAddresses {

	private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

	private final Set<String> trustedProxies;

	ClientAddresses(ThrottleSettings settings) {
		this.trustedProxies = Set.copyOf(settings.trustedProxies());
	}

	/** The source of the request being handled on this thread, or {@code "unknown"} outside a request. */
	String current() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes instanceof ServletRequestAttributes servlet) {
			return of(servlet.getRequest());
		}
		return "unknown";
	}

	String of(HttpServletRequest request) {
		String remote = request.getRemoteAddr();
		if (remote == null) {
			return "unknown";
		}
		if (!trustedProxies.contains(remote)) {
			return remote;
		}
		List<String> headers = Collections.list(request.getHeaders("X-Forwarded-For"));
		for (int h = headers.size() - 1; h >= 0; h--) {
			String[] hops = headers.get(h).split(",");
			for (int i = hops.length - 1; i >= 0; i--) {
				String hop = hops[i].strip();
				if (!ADDRESS.matcher(hop).matches()) {
					// a malformed entry: nothing left of it can be believed
					return remote;
				}
				if (!trustedProxies.contains(hop)) {
					return hop;
				}
			}
		}
		return remote;
	}
}
