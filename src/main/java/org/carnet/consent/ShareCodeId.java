package org.carnet.consent;

import java.util.Objects;
import java.util.UUID;

import org.carnet.core.BadInput;

/** The id of a share code (never the code itself). */
public record ShareCodeId(UUID value) {

	public ShareCodeId {
		Objects.requireNonNull(value, "value");
	}

	static ShareCodeId random() {
		return new ShareCodeId(UUID.randomUUID());
	}

	/** Parses an id given by a caller; a malformed one is bad input naming {@code field}. */
	public static ShareCodeId parse(String text, String field) {
		try {
			return new ShareCodeId(UUID.fromString(text));
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
