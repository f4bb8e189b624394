package org.carnet.consent;

import java.util.List;

/** A consent policy file that cannot be used; stops the start, naming each file, line and problem. */
class InvalidConsentPolicy extends RuntimeException {

	private final List<String> problems;

	InvalidConsentPolicy(List<String> problems) {
		super("Invalid consent policies (fix and start again):\n  " + String.join("\n  ", problems));
		this.problems = List.copyOf(problems);
	}

	List<String> problems() {
		return problems;
	}
}
