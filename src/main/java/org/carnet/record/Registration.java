package org.carnet.record;

import org.carnet.core.Jurisdiction;
import org.carnet.record.content.IdentityDetails;

/**
 * A newly arrived person to register.
 *
 * @param registeredBy the subject of the registering clinician or mediator
 * @param recordedIn the country the registration takes place in
 */
public record Registration(Jurisdiction homeJurisdiction, IdentityDetails identity, String registeredBy,
		Jurisdiction recordedIn) {
}
