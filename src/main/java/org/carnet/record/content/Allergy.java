package org.carnet.record.content;

import java.time.LocalDate;

/** An allergy or intolerance: to what, how it shows, how severe. */
public record Allergy(String substance, String reaction, Severity severity, Status status, LocalDate notedOn)
		implements EntryContent {

	public enum Severity {
		MILD, MODERATE, SEVERE, LIFE_THREATENING
	}

	public enum Status {
		ACTIVE, INACTIVE, RESOLVED
	}

	@Override
	public void validate(Check check) {
		check.text("substance", substance, Check.MAX_NAME);
		check.optionalText("reaction", reaction, Check.MAX_TEXT);
		check.notInFuture("notedOn", notedOn);
	}
}
