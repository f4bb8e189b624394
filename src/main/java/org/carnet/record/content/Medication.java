package org.carnet.record.content;

import java.time.LocalDate;

/** A medicine the person takes or took. */
public record Medication(String name, String dose, String route, String frequency, String reason, LocalDate startedOn,
		LocalDate endedOn, Status status) implements EntryContent {

	public enum Status {
		ACTIVE, STOPPED, COMPLETED
	}

	@Override
	public void validate(Check check) {
		check.text("name", name, Check.MAX_NAME);
		check.optionalText("dose", dose, Check.MAX_NAME);
		check.optionalText("route", route, Check.MAX_NAME);
		check.optionalText("frequency", frequency, Check.MAX_NAME);
		check.optionalText("reason", reason, Check.MAX_TEXT);
		check.notInFuture("startedOn", startedOn);
		check.notBefore("endedOn", endedOn, "startedOn", startedOn);
	}
}
