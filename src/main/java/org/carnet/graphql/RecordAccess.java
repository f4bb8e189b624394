package org.carnet.graphql;

import org.carnet.core.Forbidden;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.record.Person;
import org.carnet.record.RecordStore;

import org.springframework.stereotype.Component;

/**
 * Who may open a record before consent grants exist: the person themself, and the clinician (or mediator) who
 * registered the person or recorded an entry of theirs. Everyone else is refused, whatever the data.
 */
@Component
class RecordAccess {

	private final RecordStore records;

	RecordAccess(RecordStore records) {
		this.records = records;
	}

	void checkRead(Requester requester, Person person) {
		if (requester.is(person.id())) {
			return;
		}
		boolean careRole = requester.has(Role.CLINICIAN) || requester.has(Role.MEDIATOR);
		if (careRole && (person.registeredBy().equals(requester.subject())
				|| records.hasRecorded(person.id(), requester.subject()))) {
			return;
		}
		throw new Forbidden("You have no access to this person's record");
	}

	/** Writes: the person themself (self-reported) or the clinician who registered or already wrote to the record. */
	void checkWrite(Requester requester, Person person) {
		if (requester.is(person.id())) {
			return;
		}
		if (requester.has(Role.CLINICIAN) && (person.registeredBy().equals(requester.subject())
				|| records.hasRecorded(person.id(), requester.subject()))) {
			return;
		}
		throw new Forbidden("You may not add to this person's record");
	}
}
