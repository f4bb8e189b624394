package org.carnet.record.content;

import java.time.LocalDate;

/** A chronic or past condition, a surgery or a diagnosis, optionally ICD-10 coded. */
public record Condition(String description, String icd10Code, Kind kind, Status status, LocalDate onsetDate,
		LocalDate resolvedOn) implements EntryContent {

	public enum Kind {
		CHRONIC, PAST, SURGERY, DIAGNOSIS
	}

	public enum Status {
		ACTIVE, REMISSION, RESOLVED
	}

	@Override
	public void validate(Check check) {
		check.text("description", description, Check.MAX_TEXT);
		check.icd10("icd10Code", icd10Code);
		check.notInFuture("onsetDate", onsetDate);
		check.notInFuture("resolvedOn", resolvedOn);
		check.notBefore("resolvedOn", resolvedOn, "onsetDate", onsetDate);
	}
}
