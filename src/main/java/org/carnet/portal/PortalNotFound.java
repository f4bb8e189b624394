package org.carnet.portal;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** A portal address that names nothing (an unknown kind of entry, say). */
@ResponseStatus(HttpStatus.NOT_FOUND)
final class PortalNotFound extends RuntimeException {

	PortalNotFound(String message) {
		super(message);
	}
}
