package org.carnet.record.content;

import java.time.LocalDate;
import java.util.List;

/** A health assessment or visit: when, where, why, and where the person was referred. */
public record Encounter(LocalDate date, String place, String country, String reason, String summary,
		List<Referral> referrals) implements EntryContent {

	/** A referral made during the encounter. */
	public record Referral(String to, String reason, Urgency urgency) {
	}

	public enum Urgency {
		ROUTINE, URGENT, EMERGENCY
	}

	@Override
	public void validate(Check check) {
		check.required("date", date);
		check.notInFuture("date", date);
		check.text("place", place, Check.MAX_NAME);
		check.required("country", country);
		check.country("country", country);
		check.text("reason", reason, Check.MAX_TEXT);
		check.optionalText("summary", summary, Check.MAX_TEXT);
		check.list("referrals", referrals, 20);
		if (referrals != null) {
			for (int i = 0; i < referrals.size(); i++) {
				check.required("referrals[" + i + "]", referrals.get(i));
				Check element = check.element("referrals", i);
				element.text("to", referrals.get(i).to(), Check.MAX_NAME);
				element.optionalText("reason", referrals.get(i).reason(), Check.MAX_TEXT);
			}
		}
	}
}
