package org.carnet.record.content;

import java.time.LocalDate;

/** The person's ABO and Rh blood group, part of the emergency data set. */
public record BloodGroupEntry(BloodGroup group, LocalDate determinedOn) implements EntryContent {

	public enum BloodGroup {
		A_POSITIVE, A_NEGATIVE, B_POSITIVE, B_NEGATIVE, AB_POSITIVE, AB_NEGATIVE, O_POSITIVE, O_NEGATIVE
	}

	@Override
	public void validate(Check check) {
		check.required("group", group);
		check.notInFuture("determinedOn", determinedOn);
	}
}
