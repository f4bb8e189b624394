package org.carnet.record.content;

import java.time.LocalDate;

/** A mental-health screening or assessment, e.g. with the RHS-15 or PHQ-9 instrument. */
public record MentalHealthAssessment(String instrument, Integer score, String summary, Boolean followUpNeeded,
		LocalDate date) implements EntryContent {

	@Override
	public void validate(Check check) {
		check.text("instrument", instrument, Check.MAX_NAME);
		check.range("score", score, 0, 1000);
		check.optionalText("summary", summary, Check.MAX_TEXT);
		check.required("date", date);
		check.notInFuture("date", date);
	}
}
