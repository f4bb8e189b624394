package org.carnet.record.content;

import java.time.LocalDate;

/** A screening for an infectious disease (TB, HIV, hepatitis...) and its result. */
public record InfectiousDiseaseScreening(Disease disease, String method, Result result, LocalDate date, String notes)
		implements EntryContent {

	public enum Disease {
		TUBERCULOSIS, HIV, HEPATITIS_B, HEPATITIS_C, SYPHILIS, MALARIA, MEASLES, COVID_19, OTHER
	}

	public enum Result {
		NEGATIVE, POSITIVE, INDETERMINATE, PENDING
	}

	@Override
	public void validate(Check check) {
		check.required("disease", disease);
		check.optionalText("method", method, Check.MAX_NAME);
		check.required("result", result);
		check.required("date", date);
		check.notInFuture("date", date);
		check.optionalText("notes", notes, Check.MAX_TEXT);
	}
}
