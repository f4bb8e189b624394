package org.carnet.record.content;

import java.time.LocalDate;

/** A laboratory test result. */
public record LabResult(String test, String value, String unit, String referenceRange, Interpretation interpretation,
		LocalDate collectedOn) implements EntryContent {

	public enum Interpretation {
		NORMAL, ABNORMAL, CRITICAL
	}

	@Override
	public void validate(Check check) {
		check.text("test", test, Check.MAX_NAME);
		check.text("value", value, Check.MAX_NAME);
		check.optionalText("unit", unit, 32);
		check.optionalText("referenceRange", referenceRange, 64);
		check.required("collectedOn", collectedOn);
		check.notInFuture("collectedOn", collectedOn);
	}
}
