package org.carnet.consent;

import java.util.Objects;
import java.util.UUID;

import org.carnet.core.BadInput;

/** The id of a notification to a person. */
public record NotificationId(UUID value) {

	public NotificationId {
		Objects.requireNonNull(value, "value");
	}

	static NotificationId random() {
		return new NotificationId(UUID.randomUUID());
	}

	/** Parses an id given by a caller; a malformed one is bad input naming {@code field}. */
	public static NotificationId parse(String text, String field) {
		try {
			return new NotificationId(UUID.fromString(text));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new BadInput(field, "is not a valid id");
		}
	}

	@Override
	public String toString() {
		return value.toString();
	}
}
