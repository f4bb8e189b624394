package org.carnet.graphql;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.carnet.consent.ConsentDecision;
import org.carnet.consent.GrantId;
import org.carnet.core.Category;
import org.carnet.core.Purpose;
import org.carnet.record.Person;

/** What one request served and withheld of one person's record for one purpose, and on which grants. */
final class PersonReads {

	private final Person person;

	private final Purpose purpose;

	private final Set<Category> served = Collections.synchronizedSet(EnumSet.noneOf(Category.class));

	private final Set<Category> withheld = Collections.synchronizedSet(EnumSet.noneOf(Category.class));

	private final Set<GrantId> grants = Collections.synchronizedSet(new LinkedHashSet<>());

	private volatile boolean breakGlass;

	private volatile boolean failed;

	PersonReads(Person person, Purpose purpose) {
		this.person = person;
		this.purpose = purpose;
	}

	Person person() {
		return person;
	}

	void served(Category category, ConsentDecision decision) {
		served.add(category);
		grants.addAll(decision.grants());
		if (decision.basis().equals(Optional.of(ConsentDecision.Basis.BREAK_GLASS))) {
			breakGlass = true;
		}
	}

	void withheld(Category category) {
		withheld.add(category);
	}

	Purpose purpose() {
		return purpose;
	}

	Set<Category> served() {
		synchronized (served) {
			return served.isEmpty() ? Set.of() : EnumSet.copyOf(served);
		}
	}

	Set<Category> withheld() {
		synchronized (withheld) {
			return withheld.isEmpty() ? Set.of() : EnumSet.copyOf(withheld);
		}
	}

	Set<GrantId> grants() {
		synchronized (grants) {
			return Set.copyOf(grants);
		}
	}

	boolean breakGlass() {
		return breakGlass;
	}

	/** A served field failed to load (keys, database): nothing of it reached the response. */
	void failed() {
		failed = true;
	}

	boolean hasFailed() {
		return failed;
	}
}
