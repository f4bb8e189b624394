package org.carnet.record.content;

import java.time.LocalDate;

/** Pregnancy, contraception, obstetric history and other reproductive-health facts. */
public record ReproductiveHealthEntry(Kind kind, String description, LocalDate date, LocalDate expectedDeliveryDate)
		implements EntryContent {

	public enum Kind {
		PREGNANCY, CONTRACEPTION, OBSTETRIC_HISTORY, MENSTRUAL_HEALTH, OTHER
	}

	@Override
	public void validate(Check check) {
		check.required("kind", kind);
		check.text("description", description, Check.MAX_TEXT);
		check.notInFuture("date", date);
		// a pregnancy lasts about 280 days: a due date further ahead is a typing error
		check.upcoming("expectedDeliveryDate", expectedDeliveryDate, 300);
	}
}
