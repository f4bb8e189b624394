package org.carnet.portal;

/** The portal could not complete a request for a technical reason; the page says so and shows no data. */
final class PortalUnavailable extends RuntimeException {

	PortalUnavailable(String message) {
		super(message);
	}
}
