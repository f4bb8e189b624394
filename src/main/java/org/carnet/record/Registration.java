package org.carnet.record;

import java.util.Objects;

import org.carnet.core.Jurisdiction;
import org.carnet.record.content.IdentityDetails;

/**
 * A newly arrived person to register.
 *
 * @param registeredBy the subject of the registering clinician or mediator
 * @param recordedIn the country the registration takes place in
 * @param source the source of the identity entry, which follows the registrar ({@link Source#writtenBy}): a
 * clinician's registration is {@link Source#CLINICIAN}, a mediator's {@link Source#SELF_REPORTED}
 */
public record Registration(Jurisdiction homeJurisdiction, IdentityDetails identity, String registeredBy,
		Jurisdiction recordedIn, Source source) {

	public Registration {
		Objects.requireNonNull(source, "source");
		if (source == Source.IMPORTED) {
			throw new IllegalArgumentException("A registration is never an import");
		}
	}

	/** A registration by a clinician. */
	public Registration(Jurisdiction homeJurisdiction, IdentityDetails identity, String registeredBy,
			Jurisdiction recordedIn) {
		this(homeJurisdiction, identity, registeredBy, recordedIn, Source.CLINICIAN);
	}
}
