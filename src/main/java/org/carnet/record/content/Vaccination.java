package org.carnet.record.content;

import java.time.LocalDate;

/** A vaccine dose given. */
public record Vaccination(String vaccine, Integer doseNumber, LocalDate date, String country, String lotNumber)
		implements EntryContent {

	@Override
	public void validate(Check check) {
		check.text("vaccine", vaccine, Check.MAX_NAME);
		check.range("doseNumber", doseNumber, 1, 20);
		check.required("date", date);
		check.notInFuture("date", date);
		check.country("country", country);
		check.optionalText("lotNumber", lotNumber, 64);
	}
}
