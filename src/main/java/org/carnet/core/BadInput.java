package org.carnet.core;

/** Input that cannot be accepted; names the field so the caller can correct it. */
public class BadInput extends CarnetException {

	private final String field;

	public BadInput(String field, String problem) {
		super(field + ": " + problem);
		this.field = field;
	}

	public String field() {
		return field;
	}
}
