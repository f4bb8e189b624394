package org.carnet.record.content;

import java.time.LocalDate;

/** A measurement or a finding of the physical examination. */
public record VitalSign(Kind kind, String value, String unit, LocalDate measuredOn, String note)
		implements EntryContent {

	public enum Kind {
		BLOOD_PRESSURE, HEART_RATE, RESPIRATORY_RATE, TEMPERATURE, OXYGEN_SATURATION, WEIGHT, HEIGHT, BMI,
		PHYSICAL_EXAMINATION
	}

	@Override
	public void validate(Check check) {
		check.required("kind", kind);
		check.text("value", value, Check.MAX_TEXT);
		check.optionalText("unit", unit, 32);
		check.required("measuredOn", measuredOn);
		check.notInFuture("measuredOn", measuredOn);
		check.optionalText("note", note, Check.MAX_TEXT);
	}
}
