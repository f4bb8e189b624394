package org.carnet.record;

import java.time.Instant;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;
import org.carnet.core.Requester;

/**
 * A person was registered. Published by the record module inside the registration's transaction, after the person,
 * their data key and their identity entry are written, so that what other modules start for the person (the
 * registrar's initial grant) exists with the record, or the registration does not happen.
 *
 * @param person the new record
 * @param phrNumber its PHR number
 * @param homeJurisdiction where the record is held
 * @param registrar the clinician or health mediator who registered the person
 * @param registeredAt when
 * @param operation the entry point, for the audit events of the reactions (a GraphQL operation name, or
 * {@code demo})
 * @param requestId the API request, when there is one (for the audit events), or null
 */
public record PersonRegistered(PersonId person, PhrNumber phrNumber, Jurisdiction homeJurisdiction,
		Requester registrar, Instant registeredAt, String operation, String requestId) {
}
