package org.carnet.record;

import java.util.Objects;

import org.carnet.core.Forbidden;
import org.carnet.core.Jurisdiction;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.record.content.IdentityDetails;

/**
 * A newly arrived person to register, and who registers them. Every registration takes the same path
 * ({@link Records#register}): the person, their key and identity entry, the registrar's initial grant (the
 * consent module's reaction to {@link PersonRegistered}) and the audit events, all or nothing.
 *
 * @param registrar the registering clinician or health mediator
 * @param recordedIn the country the registration takes place in
 * @param source the source of the identity entry, which follows the registrar ({@link Source#writtenBy}): a
 * clinician's registration is {@link Source#CLINICIAN}, a mediator's {@link Source#SELF_REPORTED}
 * @param operation the entry point, named in the audit events (a GraphQL operation name, or {@code demo})
 * @param requestId the API request, when there is one, or null
 */
public record Registration(Jurisdiction homeJurisdiction, IdentityDetails identity, Requester registrar,
		Jurisdiction recordedIn, Source source, String operation, String requestId) {

	public Registration {
		Objects.requireNonNull(homeJurisdiction, "homeJurisdiction");
		Objects.requireNonNull(registrar, "registrar");
		Objects.requireNonNull(recordedIn, "recordedIn");
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(operation, "operation");
		if (source == Source.IMPORTED) {
			throw new IllegalArgumentException("A registration is never an import");
		}
	}

	/**
	 * The registrar's registration: recorded in the country the registrar acts from (the home country when the token
	 * names none), the source following the registrar. Only clinicians and health mediators register; anyone else
	 * (and an auditor or administrator who is also one) is refused with {@link Forbidden}.
	 */
	public static Registration by(Requester registrar, Jurisdiction homeJurisdiction, IdentityDetails identity,
			String operation, String requestId) {
		if (!registrar.has(Role.CLINICIAN) && !registrar.has(Role.MEDIATOR)) {
			throw new Forbidden("Only clinicians and health mediators register persons");
		}
		return new Registration(homeJurisdiction, identity, registrar,
				registrar.jurisdiction().orElse(homeJurisdiction), Source.writtenBy(registrar, null), operation,
				requestId);
	}

	/** The registrar's subject, recorded as the writer of the identity entry. */
	public String registeredBy() {
		return registrar.subject();
	}
}
