package org.carnet.record;

import org.carnet.core.BadInput;
import org.carnet.core.Forbidden;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;

/**
 * Where an entry's information comes from. It follows the writer, never the writer's say-so: a clinician's entry is
 * {@link #CLINICIAN}, the person's own entry and what a health mediator records from the person are
 * {@link #SELF_REPORTED}, and {@link #IMPORTED} is set only by an import ({@code POST /fhir/Patient/{id}/$import}).
 */
public enum Source {
	/** Recorded by a clinician who examined or treated the person. */
	CLINICIAN,
	/** Told by the person themself (written by the person, or by a health mediator from what the person said). */
	SELF_REPORTED,
	/** Taken over from another record (paper PHR, another system); only an import sets it. */
	IMPORTED;

	/** The source of an entry {@code writer} records in {@code person}'s record ({@code person} null: a new record). */
	public static Source writtenBy(Requester writer, PersonId person) {
		if (person != null && writer.has(Role.MIGRANT) && writer.is(person)) {
			return SELF_REPORTED;
		}
		if (writer.has(Role.AUDITOR) || writer.has(Role.ADMIN)) {
			throw new Forbidden("Auditors and administrators never write health data");
		}
		if (writer.has(Role.CLINICIAN)) {
			return CLINICIAN;
		}
		if (writer.has(Role.MEDIATOR)) {
			return SELF_REPORTED;
		}
		throw new Forbidden("Only the person, clinicians and health mediators write to a record");
	}

	/**
	 * The source of the writer's entry; a source the client sent must be that one (the argument is kept for
	 * compatibility), otherwise bad input naming {@code field}.
	 */
	public static Source writtenBy(Requester writer, PersonId person, Source claimed, String field) {
		Source source = writtenBy(writer, person);
		if (claimed != null && claimed != source) {
			throw new BadInput(field, claimed == IMPORTED ? "IMPORTED is set only by an import, never by a write"
					: "follows who writes: your entry is " + source + " (or leave it out)");
		}
		return source;
	}
}
