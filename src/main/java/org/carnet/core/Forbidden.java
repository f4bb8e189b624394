package org.carnet.core;

import java.util.Optional;

/** The requester may not do this, whatever the data. */
public class Forbidden extends CarnetException {

	private final String reason;

	public Forbidden(String message) {
		this(message, null);
	}

	/**
	 * A refusal with a stable reason code (e.g. {@code BREAK_GLASS_OPTED_OUT}), passed to clients beside the message
	 * so that they can say it in their user's language.
	 */
	public Forbidden(String message, String reason) {
		super(message);
		this.reason = reason;
	}

	/** The stable reason code, when the refusal has one. */
	public Optional<String> reason() {
		return Optional.ofNullable(reason);
	}
}
