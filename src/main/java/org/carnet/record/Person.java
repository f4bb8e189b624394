package org.carnet.record;

import java.time.Instant;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;

/**
 * A person whose record Carnet keeps: only ids, the PHR number, the home jurisdiction and times are in clear.
 *
 * @param registeredBy the subject (user name) of the clinician or mediator who registered the person
 */
public record Person(PersonId id, PhrNumber phrNumber, Jurisdiction homeJurisdiction, Instant createdAt,
		String registeredBy) {
}
