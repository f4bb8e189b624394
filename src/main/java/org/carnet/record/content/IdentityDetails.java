package org.carnet.record.content;

import java.time.LocalDate;
import java.util.List;

/** Who the person is: names, date of birth, sex, nationality, languages, contact. */
public record IdentityDetails(String givenNames, String familyName, LocalDate dateOfBirth, Boolean dateOfBirthEstimated,
		Sex sex, String nationality, List<String> languages, Contact contact) implements EntryContent {

	public enum Sex {
		FEMALE, MALE, OTHER, UNKNOWN
	}

	/** How to reach the person. */
	public record Contact(String phone, String email, String address) {
	}

	@Override
	public void validate(Check check) {
		check.text("givenNames", givenNames, Check.MAX_NAME);
		check.optionalText("familyName", familyName, Check.MAX_NAME);
		check.notInFuture("dateOfBirth", dateOfBirth);
		check.country("nationality", nationality);
		check.list("languages", languages, 20);
		if (languages != null) {
			for (int i = 0; i < languages.size(); i++) {
				check.text("languages[" + i + "]", languages.get(i), 50);
			}
		}
		if (contact != null) {
			Check nested = check.nested("contact");
			nested.optionalText("phone", contact.phone(), 50);
			nested.optionalText("email", contact.email(), 254);
			nested.optionalText("address", contact.address(), 500);
		}
	}
}
