package org.carnet.graphql;

import org.carnet.core.CarnetException;
import org.carnet.core.Category;

/** A write the person's consent does not allow: answered as CONSENT_REQUIRED with the category. */
class ConsentRequired extends CarnetException {

	private final Category category;

	ConsentRequired(Category category, String message) {
		super(message);
		this.category = category;
	}

	Category category() {
		return category;
	}
}
