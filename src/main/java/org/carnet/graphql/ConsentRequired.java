package org.carnet.graphql;

import org.carnet.core.CarnetException;
import org.carnet.core.Category;

/** A write the person's consent does not allow: answered as CONSENT_REQUIRED with the category. */
public class ConsentRequired extends CarnetException {

	private final Category category;

	private final String reason;

	/** {@code reason}: the name of the consent decision's deny reason, passed to clients as a stable code. */
	public ConsentRequired(Category category, String message, String reason) {
		super(message);
		this.category = category;
		this.reason = reason;
	}

	String reason() {
		return reason;
	}

	Category category() {
		return category;
	}
}
