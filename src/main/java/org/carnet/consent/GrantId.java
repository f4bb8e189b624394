package org.carnet.consent;

import java.util.Objects;
import java.util.UUID;

import org.carnet.core.BadInput;

/** The id of a consent grant. */
public record GrantId(UUID value) {

	public GrantId {
		Objects.requireNonNull(value, "value");
	}

	static GrantId random() {
		return new GrantId(UUID.randomUUID());
	}

	/** Parses an id given by a caller; a malformed one is bad input naming {@code field}. */
	public static GrantId parse(String text, String field) {
		try {
			return new GrantId(UUID.fromString(text));
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
