package org.carnet.consent;

import java.util.Objects;
import java.util.UUID;

import org.carnet.core.BadInput;

/** The id of a consent request. */
public record ConsentRequestId(UUID value) {

	public ConsentRequestId {
		Objects.requireNonNull(value, "value");
	}

	static ConsentRequestId random() {
		return new ConsentRequestId(UUID.randomUUID());
	}

	/** Parses an id given by a caller; a malformed one is bad input naming {@code field}. */
	public static ConsentRequestId parse(String text, String field) {
		try {
			return new ConsentRequestId(UUID.fromString(text));
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
