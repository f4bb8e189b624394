package org.carnet.consent;

import java.util.Objects;
import java.util.UUID;

import org.carnet.core.BadInput;

/** The id of an emergency (break-glass) access. */
public record EmergencyAccessId(UUID value) {

	public EmergencyAccessId {
		Objects.requireNonNull(value, "value");
	}

	static EmergencyAccessId random() {
		return new EmergencyAccessId(UUID.randomUUID());
	}

	/** Parses an id given by a caller; a malformed one is bad input naming {@code field}. */
	public static EmergencyAccessId parse(String text, String field) {
		try {
			return new EmergencyAccessId(UUID.fromString(text));
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
