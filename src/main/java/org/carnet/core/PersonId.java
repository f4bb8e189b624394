package org.carnet.core;

import java.util.Objects;
import java.util.UUID;

/** The opaque id of a person (the data subject). */
public record PersonId(UUID value) {

	public PersonId {
		Objects.requireNonNull(value, "value");
	}

	public static PersonId random() {
		return new PersonId(UUID.randomUUID());
	}

	/** Parses an id given by a caller; a malformed one is bad input naming {@code field}. */
	public static PersonId parse(String text, String field) {
		try {
			return new PersonId(UUID.fromString(text));
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
