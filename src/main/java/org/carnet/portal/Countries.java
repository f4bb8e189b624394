package org.carnet.portal;

import java.text.Collator;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Every country as an option of a select, named and sorted in the page's language. */
final class Countries {

	/** One option: the ISO code sent, the name shown. */
	record Option(String code, String name) {
	}

	private Countries() {
	}

	static List<Option> options(PortalText text) {
		Collator collator = Collator.getInstance(text.locale());
		return Arrays.stream(Locale.getISOCountries())
			.map(code -> new Option(code, text.country(code)))
			.sorted(Comparator.comparing(Option::name, collator))
			.toList();
	}
}
