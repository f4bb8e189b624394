package org.carnet.graphql.read;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.carnet.core.Category;
import org.carnet.record.Entry;
import org.carnet.record.content.Check;
import org.carnet.record.content.EntryContent;
import org.carnet.record.content.IdentityDetails;
import org.carnet.record.content.LabResult;
import org.carnet.record.content.VitalSign;

/**
 * The coarse view of a category, computed from the loaded entries before anything is answered, so that the fine
 * values never leave the server: identity as year of birth, sex and nationality only (no name, no exact date, no
 * languages, no contact); vital signs and laboratory results as the latest value of each kind or test only. Other
 * categories have no coarse view (a grant cannot give them coarse), and are answered as loaded.
 */
final class CoarseViews {

	private CoarseViews() {
	}

	/**
	 * The coarse identity served in place of the identity entry's content. Its other fields (names, date of birth,
	 * languages, contact) are not properties of this record, so they resolve to null.
	 *
	 * @param yearOfBirth the year of the date of birth, or null
	 * @param sex the sex as recorded
	 * @param nationality the nationality as recorded
	 */
	record CoarseIdentity(Integer yearOfBirth, IdentityDetails.Sex sex, String nationality) implements EntryContent {

		static CoarseIdentity of(IdentityDetails details) {
			LocalDate born = details.dateOfBirth();
			return new CoarseIdentity(born == null ? null : born.getYear(), details.sex(), details.nationality());
		}

		/** Served as the schema's {@code Identity.coarse}. */
		public boolean coarse() {
			return true;
		}

		@Override
		public void validate(Check check) {
			throw new UnsupportedOperationException("a coarse identity is a view, never written");
		}
	}

	/** The coarse view of what a field of {@code category} fetched (a value, or a future of one). */
	static Object of(Category category, Object fetched) {
		if (fetched instanceof CompletionStage<?> stage) {
			return stage.thenApply(value -> coarse(category, value)).toCompletableFuture();
		}
		return coarse(category, fetched);
	}

	@SuppressWarnings("unchecked")
	private static Object coarse(Category category, Object value) {
		if (value instanceof Entry entry && entry.content() instanceof IdentityDetails details) {
			return new Entry(entry.id(), entry.person(), entry.section(), entry.supersedes(), entry.recordedBy(),
					entry.recordedAt(), entry.recordedIn(), entry.source(), CoarseIdentity.of(details));
		}
		if (value instanceof List<?> list && category == Category.VITALS) {
			return latest((List<Entry>) list, content -> content instanceof VitalSign vital ? vital.kind() : null,
					content -> content instanceof VitalSign vital ? vital.measuredOn() : null);
		}
		if (value instanceof List<?> list && category == Category.LAB_RESULTS) {
			return latest((List<Entry>) list, content -> content instanceof LabResult lab ? lab.test() : null,
					content -> content instanceof LabResult lab ? lab.collectedOn() : null);
		}
		if (category == Category.IDENTITY && value != null) {
			// an identity that is not an identity entry would be served in full: refuse rather than leak
			throw new IllegalStateException("No coarse view of " + value.getClass().getSimpleName());
		}
		return value;
	}

	/**
	 * The latest entry of each kind (by its date; of two on the same date, the one recorded later), in the order
	 * loaded.
	 */
	private static List<Entry> latest(List<Entry> entries, Function<EntryContent, Object> kind,
			Function<EntryContent, LocalDate> date) {
		Map<Object, Integer> newest = new HashMap<>();
		for (int i = 0; i < entries.size(); i++) {
			EntryContent content = entries.get(i).content();
			Object key = kind.apply(content);
			Integer best = newest.get(key);
			if (best == null || !isBefore(date.apply(content), date.apply(entries.get(best).content()))) {
				newest.put(key, i);
			}
		}
		List<Entry> kept = new ArrayList<>(newest.size());
		for (int i = 0; i < entries.size(); i++) {
			if (newest.containsValue(i)) {
				kept.add(entries.get(i));
			}
		}
		return kept;
	}

	private static boolean isBefore(LocalDate candidate, LocalDate best) {
		return candidate != null && best != null && candidate.isBefore(best);
	}
}
